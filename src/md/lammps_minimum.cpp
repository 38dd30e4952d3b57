#include "md/lammps_minimum.hpp"

#define LAMMPS_LIB_MPI 1
#include <fmt/format.h>
#include <lammps/library.h>
#include <mpi.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace glassml::md {

void MinimizationOptions::validate() const {
  if (!(force_tolerance > 0) || max_iterations < 1 || max_evaluations < 1)
    throw ParameterError("minimization: force tolerance, iterations and evaluations must be positive");
}

void load_with_potential(LammpsSession& lmp, const Configuration& config, const EamPotential& potential,
                         bool optimized_pair) {
  potential.require_elements(config.species_of_type);
  potential.require_box(config.box);  // LAMMPS would end the process
  lmp.create_atoms(config);
  const bool opt = optimized_pair && lmp.has_style("pair", potential.style + "/opt");
  lmp.command(potential.pair_style_command(opt));
  lmp.command(potential.pair_coeff_command(config.species_of_type));
  lmp.command("neighbor 1.0 bin");
  lmp.command("neigh_modify every 1 delay 0 check yes");
}

LammpsMinimum minimize_in_session(LammpsSession& lmp, const Configuration& like, const MinimizationOptions& o) {
  o.validate();
  lmp.command("thermo_style custom step pe press fmax fnorm");
  lmp.command("thermo_modify norm no");
  lmp.command("reset_timestep 0");  // so that the step count after minimize is its iterations
  lmp.command("min_style cg");
  lmp.command(fmt::format("minimize 0 {:.17g} {} {}", o.force_tolerance, o.max_iterations, o.max_evaluations));
  LammpsMinimum r;
  r.energy = lmp.thermo("pe");
  r.pressure = lmp.thermo("press");
  // Largest force component over the owned atoms of every rank (LAMMPS's own fmax keyword reads
  // 0 through the library interface after a minimization).
  const int nlocal = lammps_extract_setting(lmp.handle(), "nlocal");
  auto** f = static_cast<double**>(lammps_extract_atom(lmp.handle(), "f"));
  double local = 0;
  for (int i = 0; i < nlocal; ++i)
    for (int k = 0; k < 3; ++k) local = std::max(local, std::abs(f[i][k]));
  MPI_Allreduce(&local, &r.max_force, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  r.iterations = static_cast<int>(lmp.timestep());
  r.structure = lmp.gather_configuration(like);
  return r;
}

}  // namespace glassml::md
