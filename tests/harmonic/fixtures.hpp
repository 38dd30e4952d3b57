#pragma once
// Shared fixtures of the harmonic tests: MPI, a small CuZr glass minimized by LAMMPS.
#include <unistd.h>

#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/configuration.hpp"
#include "md/eam_potential.hpp"
#include "md/hessian.hpp"
#include "md/lammps_potential.hpp"
#include "md/lammps_session.hpp"
#include "md/mpi_environment.hpp"

namespace harmonic_test {

inline glassml::md::MpiEnvironment& mpi() {
  static glassml::md::MpiEnvironment env;
  return env;
}

/// A file in this test process's own scratch directory (ctest -j runs the cases of one suite as
/// concurrent processes: a shared directory let them overwrite each other's inputs and outputs).
inline std::string scratch(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("glassml_test_harmonic." + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

inline const char* kPotential = "/usr/share/lammps/potentials/CuZr_mm.eam.fs";

/// B2 CuZr, cells^3 unit cells (2 cells^3 atoms), lattice constant a (Å).
inline glassml::Configuration b2_lattice(int cells, double a) {
  glassml::Configuration c;
  c.box = glassml::Box::orthogonal({0, 0, 0}, {cells * a, cells * a, cells * a});
  c.species_of_type = {"Cu", "Zr"};
  c.mass_of_type = {63.546, 91.224};
  std::int64_t id = 1;
  for (int x = 0; x < cells; ++x)
    for (int y = 0; y < cells; ++y)
      for (int z = 0; z < cells; ++z)
        for (int b = 0; b < 2; ++b) {
          c.id.push_back(id++);
          c.type.push_back(1 + b);
          const double h = 0.5 * b;
          c.position.push_back({(x + h) * a, (y + h) * a, (z + h) * a});
        }
  return c;
}

/// A 250-atom Cu50Zr50 glass: B2 5x5x5 melted at 3000 K for 3 ps at fixed volume (LAMMPS,
/// NVT), then minimized (CG, ftol 1e-8 eV/Å). Made once per test process.
/// `c` with every atom moved by a uniform random offset in [-amplitude, amplitude] per axis (Å).
inline glassml::Configuration jiggled(glassml::Configuration c, double amplitude, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-amplitude, amplitude);
  for (auto& p : c.position) p += glassml::Vec3{u(rng), u(rng), u(rng)};
  return c;
}

inline const glassml::Configuration& small_glass() {
  static const glassml::Configuration glass = [] {
    mpi();
    auto c = b2_lattice(5, 3.30);
    glassml::md::LammpsSession lmp(scratch("small_glass.log"));
    lmp.create_atoms(c);
    lmp.command(std::string("pair_style eam/fs"));
    lmp.command(std::string("pair_coeff * * ") + kPotential + " Cu Zr");
    lmp.command("velocity all create 4000 7 mom yes rot no dist gaussian");
    lmp.command("fix hot all nvt temp 3000 3000 0.1");
    lmp.command("timestep 0.002");
    lmp.command("run 1500");
    lmp.command("unfix hot");
    lmp.command("min_style cg");
    lmp.command("minimize 0 1e-8 20000 200000");
    return lmp.gather_configuration(c);
  }();
  return glass;
}

struct GlassHessian {
  glassml::Configuration glass;
  glassml::md::BlockSparseMatrix h;
  std::size_t force_calls = 0;
  double max_force = 0;
};

/// The small glass's Hessian by central differences of LAMMPS forces with `step` (Å): 6N force
/// calls, made once per step and test process. `invariant`: translational invariance imposed
/// (false: the raw symmetrized differences, as an independent computation would have them).
inline const GlassHessian& lammps_fd_hessian(double step, bool invariant = true) {
  static std::map<std::pair<double, bool>, GlassHessian> cache;
  auto it = cache.find({step, invariant});
  if (it != cache.end()) return it->second;
  using namespace glassml;
  GlassHessian r;
  r.glass = small_glass();
  md::LammpsPotentialOptions o;
  o.log_path = scratch("hessian.log");
  md::LammpsPotential pot(r.glass, md::read_eam_potential(kPotential), o);
  std::vector<Vec3> f;
  pot.energy_forces(r.glass.position, f);
  for (const auto& v : f) r.max_force = std::max(r.max_force, norm(v));
  md::HessianOptions ho;
  ho.step = step;
  ho.translation_invariant = invariant;
  r.h = md::finite_difference_hessian(pot, r.glass.position, r.glass.box, ho);
  r.force_calls = pot.force_calls() - 1;
  return cache.emplace(std::make_pair(step, invariant), std::move(r)).first->second;
}

}  // namespace harmonic_test
