#include "md/quench.hpp"

#include <mpi.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/progress.hpp"
#include "io/atomic_file.hpp"
#include "io/structure_file.hpp"
#include "md/composition.hpp"
#include "md/eam_potential.hpp"
#include "md/initial_structure.hpp"
#include "md/lammps_session.hpp"
#include "md/quench_checkpoint.hpp"

namespace glassml::md {
namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw ParameterError(what);
}

std::int64_t steps_for(double time_ps, double dt) { return static_cast<std::int64_t>(std::llround(time_ps / dt)); }

std::string strip_extension(const std::string& path) {
  auto dot = path.rfind('.');
  auto slash = path.rfind('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return path;
  return path.substr(0, dot);
}

double bcast(double v) {
  MPI_Bcast(&v, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  return v;
}

/// Collects one table row from LAMMPS' thermo keywords (current right after a run).
ThermoRow thermo_row(LammpsSession& lmp, double dt, double natoms, const std::string& stage) {
  std::int64_t step = lmp.timestep();
  return {step,
          static_cast<double>(step) * dt,
          lmp.thermo("temp"),
          lmp.thermo("press"),
          lmp.thermo("density"),
          lmp.thermo("pe") / natoms,
          lmp.thermo("etotal") / natoms,
          lmp.thermo("vol"),
          stage};
}

}  // namespace

QuenchPaths QuenchPaths::for_output(const std::string& data_path) {
  std::string stem = strip_extension(data_path);
  return {data_path, stem + ".thermo.txt", stem + ".lammps.log", stem + ".restart", stem + ".restart.json"};
}

std::vector<QuenchStage> quench_stages(const QuenchParams& p) {
  std::vector<QuenchStage> stages;
  std::int64_t at = 0;
  auto add = [&](const std::string& name, double t0, double t1, std::int64_t n) {
    if (n <= 0) return;
    stages.push_back({name, t0, t1, at, at + n});
    at += n;
  };
  add("premelt", p.premelt_temperature, p.premelt_temperature, steps_for(p.premelt_time, p.timestep));
  add("melt", p.melt_temperature, p.melt_temperature, steps_for(p.melt_time, p.timestep));
  // Cooling time = ΔT / rate; rate in K/s, times in ps.
  double quench_ps = (p.melt_temperature - p.final_temperature) / p.cooling_rate * 1e12;
  add("quench", p.melt_temperature, p.final_temperature, steps_for(quench_ps, p.timestep));
  return stages;
}

void validate(const QuenchParams& p) {
  Composition comp = parse_composition(p.composition);
  EamPotential pot = read_eam_potential(p.potential);
  pot.require_elements(comp.elements);
  require(p.atoms >= 1 && p.atoms <= 100'000'000, "--atoms must be between 1 and 1e8");
  require(p.seed >= 1 && p.seed <= 900'000'000, "--seed must be between 1 and 900000000");
  auto positive = [](double v) { return std::isfinite(v) && v > 0; };
  require(positive(p.lattice_constant), "--lattice-constant must be positive (Å)");
  require(positive(p.melt_temperature), "--melt-temperature must be positive (K)");
  require(positive(p.final_temperature), "--final-temperature must be positive (K)");
  require(p.final_temperature < p.melt_temperature, "--final-temperature must be below --melt-temperature");
  require(positive(p.melt_time), "--melt-time must be positive (ps)");
  require(std::isfinite(p.premelt_time) && p.premelt_time >= 0, "--premelt-time must be >= 0 (ps)");
  require(p.premelt_time == 0 || positive(p.premelt_temperature), "--premelt-temperature must be positive (K)");
  require(positive(p.cooling_rate), "--rate must be positive (K/s)");
  require(std::isfinite(p.pressure) && std::fabs(p.pressure) < 1e7, "--pressure must be finite, |P| < 1e7 bar");
  require(positive(p.timestep) && p.timestep <= 0.01, "--timestep must be in (0, 0.01] ps");
  require(positive(p.tdamp) && p.tdamp >= 10 * p.timestep, "--tdamp must be at least 10 timesteps (ps)");
  require(positive(p.pdamp) && p.pdamp >= 10 * p.timestep, "--pdamp must be at least 10 timesteps (ps)");
  require(positive(p.table_every) && steps_for(p.table_every, p.timestep) >= 1, "--table-every must be >= one timestep (ps)");
  require(std::isfinite(p.restart_every) && p.restart_every >= 0, "--restart-every must be >= 0 (ps)");
  require(positive(p.min_melt_msd), "--min-melt-msd must be positive (Å²)");
  require(positive(p.ftol), "--ftol must be positive (eV/Å)");
  std::int64_t total = 0;
  for (const auto& s : quench_stages(p)) total = s.end;
  require(total < 2'000'000'000'000LL, "the protocol has too many steps (check --rate and --timestep)");
  double quench_ps = (p.melt_temperature - p.final_temperature) / p.cooling_rate * 1e12;
  require(steps_for(quench_ps, p.timestep) >= 1, "the quench is shorter than one timestep (check --rate)");
  // The starting box must hold the interaction sphere: an atom must not see its own image.
  double edge = bcc_cells_for(p.atoms) * p.lattice_constant;
  if (edge < 2 * pot.cutoff) {
    double need = 2.0 * std::pow(2 * pot.cutoff / p.lattice_constant, 3.0);
    throw ParameterError(fmt::format("{} atoms make a box of {:.1f} Å, less than twice the cutoff of {} ({} Å); "
                                     "use at least {:.0f} atoms",
                                     p.atoms, edge, p.potential.path, pot.cutoff, std::ceil(need)));
  }
}

QuenchResult run_quench(const QuenchParams& p, const QuenchPaths& paths) {
  validate(p);
  const Composition comp = parse_composition(p.composition);
  const EamPotential pot = read_eam_potential(p.potential);
  const auto stages = quench_stages(p);
  const double dt = p.timestep, natoms = static_cast<double>(p.atoms);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);

  // Resume from a checkpoint made with the same parameters, unless told to start afresh.
  std::optional<QuenchCheckpoint> ckpt;
  if (!p.fresh && std::filesystem::exists(paths.restart)) {
    ckpt = read_checkpoint(paths.checkpoint);
    if (ckpt) {
      std::string diff = first_difference(quench_params_json(p), ckpt->params);
      if (!diff.empty())
        throw ParameterError(paths.restart + ": made with different parameters (" + diff +
                             "); delete it or pass --fresh to start over");
    }
  }
  QuenchResult result;
  std::vector<double> masses;
  for (const auto& e : comp.elements) masses.push_back(pot.mass_of(e));

  LammpsSession lmp(paths.log, ckpt.has_value());
  if (ckpt) {
    lmp.command("read_restart " + paths.restart);
    result.resumed_from = lmp.timestep();
    result.melt_msd = ckpt->melt_msd;
    for (const auto& r : ckpt->rows)
      if (r.step <= result.resumed_from) result.table.push_back(r);
  } else {
    lmp.create_atoms(random_bcc_arrangement(comp, p.atoms, p.lattice_constant, masses, p.seed));
  }
  const bool opt = p.potential.optimized && lmp.has_style("pair", pot.style + "/opt");
  lmp.command(pot.pair_style_command(opt));
  lmp.command(pot.pair_coeff_command(comp.elements));
  lmp.command("neighbor 1.0 bin");
  lmp.command("neigh_modify every 1 delay 0 check yes");
  lmp.command(fmt::format("timestep {}", dt));
  const std::int64_t chunk = std::max<std::int64_t>(1, steps_for(p.table_every, dt));
  const std::int64_t restart_steps = p.restart_every > 0 ? std::max<std::int64_t>(1, steps_for(p.restart_every, dt) / chunk) * chunk : 0;
  lmp.command("thermo_style custom step temp press pe etotal vol density");
  lmp.command(fmt::format("thermo {}", chunk));
  if (!ckpt) {
    // Velocities at twice the first target: equipartition halves the kinetic energy at once.
    lmp.command(fmt::format("velocity all create {} {} dist gaussian mom yes rot yes", 2 * stages.front().t_start, p.seed));
    lmp.command("run 0");
    result.table.push_back(thermo_row(lmp, dt, natoms, "start"));
  }

  const std::int64_t first = lmp.timestep(), last = stages.back().end;
  Progress progress(ckpt ? fmt::format("quench (resumed at step {})", first) : "quench",
                    static_cast<std::uint64_t>(last - first));
  for (const auto& st : stages) {
    if (lmp.timestep() >= st.end) continue;
    lmp.command(fmt::format("fix md all npt temp {} {} {} iso {} {} {}", st.t_start, st.t_stop, p.tdamp, p.pressure,
                            p.pressure, p.pdamp));
    const bool melt = st.name == "melt";
    if (melt) lmp.command("compute meltmsd all msd com yes");
    bool first_chunk = true;
    while (lmp.timestep() < st.end) {
      std::int64_t now = lmp.timestep(), n = std::min(chunk - now % chunk, st.end - now);
      lmp.command(fmt::format("run {} start {} stop {} pre {} post no", n, st.begin, st.end, first_chunk ? "yes" : "no"));
      first_chunk = false;
      result.table.push_back(thermo_row(lmp, dt, natoms, st.name));
      progress.update(static_cast<std::uint64_t>(lmp.timestep() - first));
      now = lmp.timestep();
      if (st.name == "quench" && restart_steps && now % restart_steps == 0 && now < st.end) {
        const std::string tmp = paths.restart + ".tmp";
        LammpsSession::remove_on_abnormal_exit(tmp);
        lmp.command("write_restart " + tmp);
        if (rank == 0) {
          write_checkpoint(paths.checkpoint, {quench_params_json(p), now, result.melt_msd, result.table});
          std::filesystem::rename(tmp, paths.restart);
        }
        LammpsSession::forget_on_abnormal_exit(tmp);
      }
    }
    if (melt) {
      // Mean squared displacement over the melt stage, centre of mass removed (compute msd,
      // vector element 4 = total). A liquid diffuses: D ~ 0.1–1 Å²/ps in metallic melts.
      result.melt_msd = lmp.compute_vector("meltmsd", 3);
      lmp.command("uncompute meltmsd");
      if (!(result.melt_msd >= p.min_melt_msd))
        throw std::runtime_error(fmt::format(
            "the melt is not a liquid: mean squared displacement {:.3f} Å² over {} ps at {} K (< {} Å²); "
            "raise --melt-temperature or --premelt-temperature/--premelt-time (LAMMPS log: {})",
            result.melt_msd, p.melt_time, p.melt_temperature, p.min_melt_msd, paths.log));
    }
    lmp.command("unfix md");
  }
  progress.finish();
  result.md_steps = lmp.timestep();

  // Minimize (CG) at fixed box, as the reference; keep the MD step count as the timestep.
  lmp.command("min_style cg");
  lmp.command(fmt::format("minimize 0 {} 10000 100000", p.ftol));
  lmp.command(fmt::format("reset_timestep {}", result.md_steps));
  lmp.command("run 0");
  ThermoRow minimized = thermo_row(lmp, dt, natoms, "minimized");
  result.table.push_back(minimized);
  result.density = minimized.density;
  result.pe_per_atom = minimized.pe_per_atom;

  Configuration like;
  like.species_of_type = comp.elements;
  like.mass_of_type = masses;
  result.structure = lmp.gather_configuration(like);
  if (rank == 0) result.bragg = largest_bragg_peak(result.structure);
  result.bragg.s_max = bcast(result.bragg.s_max);
  result.bragg.q = bcast(result.bragg.q);
  result.bragg.atoms = p.atoms;
  if (result.bragg.fraction() > kCrystallineBraggFraction) {
    std::string rejected = strip_extension(paths.data) + ".rejected.data";
    if (rank == 0) io::write_structure(rejected, result.structure);
    throw std::runtime_error(fmt::format(
        "the product is crystalline: Bragg peak S(q)/N = {:.3f} at q = {:.2f} 1/Å (glass: < {}); cool faster "
        "(--rate). Structure kept in {}, no sample written",
        result.bragg.fraction(), result.bragg.q, kCrystallineBraggFraction, rejected));
  }
  if (rank == 0) {
    io::write_file_atomic(paths.table, format_table(result.table));
    io::write_structure(paths.data, result.structure);
    std::filesystem::remove(paths.restart);
    std::filesystem::remove(paths.checkpoint);
  }
  return result;
}

}  // namespace glassml::md
