#pragma once
// Independent checks of re-minimized structures (strained boxes, inherent structures): K_h by the
// eigendecomposition oracle, the largest force by a fresh LAMMPS instance, and the same minimum
// made by a plain LAMMPS session from typed input lines.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "fixtures.hpp"
#include "md/eam_hessian.hpp"
#include "md/eam_tables.hpp"
#include "md/harmonic_stiffness.hpp"
#include "oracle.hpp"

namespace harmonic_test {

/// K_h of `c` by the oracle (full eigendecomposition) on the default Hessian (EAM tables, h = 1e-3 Å).
inline std::vector<double> oracle_kh(const glassml::Configuration& c) {
  static const glassml::md::EamTables tables = glassml::md::read_eam_tables(kPotential, "eam/fs");
  return glassml::md::harmonic_stiffness(oracle_pseudo_inverse(glassml::md::eam_fd_hessian(tables, c, 1e-3)).blocks);
}

/// Largest force component of `c` by a fresh LAMMPS instance (eV/Å).
inline double largest_lammps_force(const glassml::Configuration& c) {
  glassml::md::LammpsPotentialOptions o;
  o.log_path = scratch("minimum_check.log");
  glassml::md::LammpsPotential pot(c, glassml::md::read_eam_potential(kPotential), o);
  std::vector<glassml::Vec3> f;
  pot.energy_forces(c.position, f);
  double worst = 0;
  for (const auto& v : f) worst = std::max({worst, std::abs(v.x), std::abs(v.y), std::abs(v.z)});
  return worst;
}

/// `glass` in a plain LAMMPS session with the potential, `lines` sent, then `minimize 0 1e-6
/// 10000 100000` (CG): the reference a product minimum must equal.
inline glassml::Configuration plain_lammps_minimum(const glassml::Configuration& glass, const std::vector<std::string>& lines) {
  glassml::md::LammpsSession lmp(scratch("plain_minimum.log"));
  lmp.create_atoms(glass);
  lmp.command("pair_style eam/fs");
  lmp.command(std::string("pair_coeff * * ") + kPotential + " Cu Zr");
  for (const auto& line : lines) lmp.command(line);
  lmp.command("min_style cg");
  lmp.command("minimize 0 1e-6 10000 100000");
  return lmp.gather_configuration(glass);
}

/// The inherent-structure recipe typed by hand (md/inherent_structures.hpp's documented steps):
/// neighbour lists as the product's (skin 1 Å, checked every step: the same lists, so the same
/// sums and the same trajectory), velocities at 2T with this seed, Nosé–Hoover at T (damping
/// 0.1 ps), `steps` of 2 fs.
inline std::vector<std::string> inherent_structure_lines(double temperature, long steps, int seed) {
  return {"neighbor 1.0 bin", "neigh_modify every 1 delay 0 check yes", "timestep 0.002",
          "velocity all create " + std::to_string(2 * temperature) + " " + std::to_string(seed) +
              " dist gaussian mom yes rot no",
          "fix t all nvt temp " + std::to_string(temperature) + " " + std::to_string(temperature) + " 0.1",
          "run " + std::to_string(steps), "unfix t"};
}

}  // namespace harmonic_test
