#include "md/strained_minimum.hpp"

#define LAMMPS_LIB_MPI 1
#include <fmt/format.h>
#include <lammps/library.h>
#include <mpi.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "md/lammps_session.hpp"

namespace glassml::md {

Configuration scaled_affinely(const Configuration& config, double strain) {
  const double s = 1 + strain;
  if (!(std::isfinite(s) && s > 0)) throw ParameterError(fmt::format("box strain {}: 1 + strain must be positive", strain));
  Configuration out = config;
  Box& b = out.box;
  b.lx *= s, b.ly *= s, b.lz *= s, b.xy *= s, b.xz *= s, b.yz *= s;
  for (auto& r : out.position) r = config.box.lo + s * (r - config.box.lo);
  return out;
}

StrainedMinimum minimize_at_strained_box(const Configuration& config, const EamPotential& potential, double strain,
                                         const StrainedMinimumOptions& o) {
  if (!(o.force_tolerance > 0) || o.max_iterations < 1 || o.max_evaluations < 1)
    throw ParameterError("minimization: force tolerance, iterations and evaluations must be positive");
  potential.require_elements(config.species_of_type);
  StrainedMinimum r;
  r.strain = strain;
  const Configuration scaled = scaled_affinely(config, strain);
  const double width = scaled.box.min_periodic_width();
  if (width <= 2 * potential.cutoff)  // LAMMPS would end the process
    throw ParameterError(fmt::format("box strain {}: periodic width {:.4g} A is not above twice the cutoff {:.4g} A",
                                     strain, width, potential.cutoff));
  LammpsSession lmp(o.log_path, o.append_log);
  lmp.create_atoms(scaled);
  const bool opt = o.optimized_pair && lmp.has_style("pair", potential.style + "/opt");
  lmp.command(potential.pair_style_command(opt));
  lmp.command(potential.pair_coeff_command(scaled.species_of_type));
  lmp.command("neighbor 1.0 bin");
  lmp.command("neigh_modify every 1 delay 0 check yes");
  lmp.command("thermo_style custom step pe press fmax fnorm");
  lmp.command("thermo_modify norm no");
  lmp.command("min_style cg");
  lmp.command(fmt::format("minimize 0 {:.17g} {} {}", o.force_tolerance, o.max_iterations, o.max_evaluations));
  r.energy = lmp.thermo("pe");
  r.pressure = lmp.thermo("press");
  // Largest force component over the owned atoms of every rank (LAMMPS's own fmax keyword reads
  // 0 through the library interface after a minimization).
  {
    const int nlocal = lammps_extract_setting(lmp.handle(), "nlocal");
    auto** f = static_cast<double**>(lammps_extract_atom(lmp.handle(), "f"));
    double local = 0;
    for (int i = 0; i < nlocal; ++i)
      for (int k = 0; k < 3; ++k) local = std::max(local, std::abs(f[i][k]));
    MPI_Allreduce(&local, &r.max_force, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  }
  r.iterations = static_cast<int>(lmp.timestep());
  r.structure = lmp.gather_configuration(scaled);
  return r;
}

}  // namespace glassml::md
