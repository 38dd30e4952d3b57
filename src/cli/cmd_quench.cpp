// glassml quench -o SAMPLE.data: a metallic-glass sample by melt-quench with LAMMPS (SPEC §2).
// Runs alone or under `mpirun -np N glassml quench ...`; a killed run resumes from its restart.
#include <fmt/format.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "cli/potential_options.hpp"
#include "core/progress.hpp"
#include "md/mpi_environment.hpp"
#include "md/quench.hpp"

namespace glassml::cli {
namespace {

struct QuenchOptions {
  md::QuenchParams params;
  PotentialOptions potential;
  std::string output;
};

void run_quench_command(QuenchOptions o) {
  o.params.potential = resolve_potential_options(o.potential);
  md::validate(o.params);  // before MPI and LAMMPS: an input error there would end the process
  const auto paths = md::QuenchPaths::for_output(o.output);
  md::MpiEnvironment mpi;
  if (!mpi.root()) Progress::set_enabled(false);
  md::QuenchResult r;
  try {
    if (mpi.root() && Progress::enabled())
      fmt::print(stderr, "glassml quench: {} atoms of {}, {} MPI rank{}; LAMMPS log: {}\n", o.params.atoms,
                 o.params.composition, mpi.size(), mpi.size() == 1 ? "" : "s", paths.log);
    r = md::run_quench(o.params, paths);
  } catch (...) {
    if (!mpi.root()) {  // rank 0 reports the error
      mpi.finalize();
      std::exit(1);
    }
    throw;
  }
  if (!mpi.root()) return;
  if (r.resumed_from >= 0) fmt::print("resumed from step {} ({})\n", r.resumed_from, paths.restart);
  fmt::print("melt: mean squared displacement {:.2f} A^2 over {} ps at {} K (liquid)\n", r.melt_msd,
             o.params.melt_time, o.params.melt_temperature);
  fmt::print("product: largest Bragg peak S(q)/N = {:.4f} at q = {:.2f} 1/A over {} wave vectors (amorphous)\n",
             r.bragg.fraction(), r.bragg.q, r.bragg.count);
  fmt::print("MD steps: {}; minimized: density {:.4f} g/cm^3, potential energy {:.5f} eV/atom\n", r.md_steps,
             r.density, r.pe_per_atom);
  fmt::print("wrote {} and {}\n", paths.data, paths.table);
}

}  // namespace

void add_quench_command(CLI::App& app) {
  auto o = std::make_shared<QuenchOptions>();
  auto& p = o->params;
  auto* cmd = app.add_subcommand(
      "quench",
      "Make a metallic-glass sample with LAMMPS: random bcc arrangement, pre-melt and melt under NPT, quench at a "
      "constant rate (Nose-Hoover + Parrinello-Rahman, fix npt), CG minimization. Checks that the melt is liquid "
      "and the product amorphous. Writes the minimized structure (LAMMPS data) and a table of T, P, density and "
      "energy (OUT.thermo.txt); LAMMPS log in OUT.lammps.log. Restartable: a killed run resumes from OUT.restart.");
  cmd->add_option("-o,--output", o->output, "Output LAMMPS data file (the minimized structure)")->required();
  cmd->add_option("--composition", p.composition, "Alloy composition, e.g. Cu50Zr50, Cu64Zr36")->capture_default_str();
  cmd->add_option("-n,--atoms", p.atoms, "Number of atoms")->capture_default_str();
  add_potential_options(*cmd, o->potential, /*with_species=*/false);
  cmd->add_option("--seed", p.seed, "Random seed (species placement, velocities)")->capture_default_str();
  cmd->add_option("--premelt-temperature", p.premelt_temperature, "Pre-melt temperature far above the liquidus (K)")->capture_default_str();
  cmd->add_option("--premelt-time", p.premelt_time, "Pre-melt time (ps; 0: none)")->capture_default_str();
  cmd->add_option("--melt-temperature", p.melt_temperature, "Melt temperature, start of the quench (K)")->capture_default_str();
  cmd->add_option("--melt-time", p.melt_time, "Melt time (ps)")->capture_default_str();
  cmd->add_option("--rate", p.cooling_rate, "Cooling rate (K/s)")->capture_default_str();
  cmd->add_option("--final-temperature", p.final_temperature, "Final temperature (K)")->capture_default_str();
  cmd->add_option("--pressure", p.pressure, "Pressure (bar)")->capture_default_str();
  cmd->add_option("--timestep", p.timestep, "MD timestep (ps)")->capture_default_str();
  cmd->add_option("--tdamp", p.tdamp, "Thermostat damping time (ps)")->capture_default_str();
  cmd->add_option("--pdamp", p.pdamp, "Barostat damping time (ps)")->capture_default_str();
  cmd->add_option("--lattice-constant", p.lattice_constant, "Starting bcc lattice constant (A)")->capture_default_str();
  cmd->add_option("--table-every", p.table_every, "Simulated time between table rows and progress updates (ps)")->capture_default_str();
  cmd->add_option("--restart-every", p.restart_every, "Simulated time between restart files during the quench (ps; 0: none)")->capture_default_str();
  cmd->add_option("--min-melt-msd", p.min_melt_msd, "Smallest mean squared displacement over the melt that counts as liquid (A^2)")->capture_default_str();
  cmd->add_option("--ftol", p.ftol, "Force tolerance of the final minimization (eV/A)")->capture_default_str();
  cmd->add_flag("--fresh", p.fresh, "Start from scratch even if a matching restart file exists");
  cmd->callback([o] { run_quench_command(*o); });
}

static Registrar reg{"quench", 20, add_quench_command};

}  // namespace glassml::cli
