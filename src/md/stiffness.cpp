#include "md/stiffness.hpp"

#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/progress.hpp"
#include "md/eam_potential.hpp"
#include "md/lammps_session.hpp"
#include "md/stiffness_checkpoint.hpp"

namespace glassml::md {
namespace {

std::int64_t steps_for(double time_ps, double dt) { return static_cast<std::int64_t>(std::llround(time_ps / dt)); }

/// Window length in steps: τ rounded to a whole number of samples.
std::int64_t window_steps(const StiffnessParams& p) {
  return std::llround(p.tau / p.timestep / p.sample_every) * p.sample_every;
}

void require(bool ok, const std::string& what) {
  if (!ok) throw ParameterError(what);
}

/// Steps per run segment (progress, restart files, sub-windows): a whole number of samples.
std::int64_t chunk_steps(const StiffnessParams& p) {
  return std::max<std::int64_t>(p.sample_every, steps_for(p.chunk, p.timestep) / p.sample_every * p.sample_every);
}

}  // namespace

std::vector<StiffnessTask> stiffness_tasks(const StiffnessParams& p) {
  std::vector<StiffnessTask> tasks;
  for (double t : p.temperatures)
    for (int r = 0; r < p.replicas; ++r) {
      // Distinct positive 31-bit seeds per (sample seed, T, replica), reproducible.
      std::uint64_t h = static_cast<std::uint64_t>(p.seed) * 1000003ULL +
                        static_cast<std::uint64_t>(std::llround(t * 10)) * 7919ULL + static_cast<std::uint64_t>(r) * 104729ULL;
      tasks.push_back({t, r, static_cast<std::uint32_t>(1 + h % 2147483000ULL)});
    }
  return tasks;
}

std::int64_t steps_per_task(const StiffnessParams& p) {
  return steps_for(p.equilibration, p.timestep) + steps_for(p.settle, p.timestep) + window_steps(p);
}

std::int64_t steps_remaining(const StiffnessParams& p, const StiffnessTask& task, const StiffnessState* state) {
  if (!state) return steps_per_task(p);
  if (state->finished(task)) return 0;
  const auto s = state->in_progress(task);
  if (!s) return steps_per_task(p);
  const std::int64_t steps[3] = {steps_for(p.equilibration, p.timestep), steps_for(p.settle, p.timestep), window_steps(p)};
  std::int64_t left = -s->steps_done;
  for (int ph = s->phase; ph < 3; ++ph) left += steps[ph];
  return std::max<std::int64_t>(0, left);
}

void validate(const StiffnessParams& p, const Configuration& sample) {
  EamPotential pot = read_eam_potential(p.potential);
  for (std::size_t t = 0; t < sample.species_of_type.size(); ++t)
    require(!sample.species_of_type[t].empty(),
            fmt::format("atom type {} has no element: name the species with --species (e.g. Cu,Zr)", t + 1));
  pot.require_elements(sample.species_of_type);
  auto positive = [](double v) { return std::isfinite(v) && v > 0; };
  require(!p.temperatures.empty(), "--temperatures must list at least one temperature (K)");
  for (double t : p.temperatures) require(positive(t) && t < 1e5, "temperatures must be positive (K), got " + fmt::format("{}", t));
  for (std::size_t i = 0; i < p.temperatures.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      require(p.temperatures[i] != p.temperatures[j], fmt::format("temperature {} K is listed twice", p.temperatures[i]));
  require(positive(p.timestep) && p.timestep <= 0.01, "--timestep must be in (0, 0.01] ps");
  require(p.sample_every >= 1, "--sample-every must be >= 1 step");
  require(p.momentum_every >= 1, "--momentum-every must be >= 1 step");
  require(positive(p.tau) && window_steps(p) >= 2 * p.sample_every, "--tau must cover at least two samples (ps)");
  require(std::isfinite(p.equilibration) && p.equilibration >= 0, "--equilibration must be >= 0 (ps)");
  require(std::isfinite(p.settle) && p.settle >= 0, "--settle must be >= 0 (ps)");
  require(positive(p.tdamp) && p.tdamp >= 10 * p.timestep, "--tdamp must be at least 10 timesteps (ps)");
  require(positive(p.pdamp) && p.pdamp >= 10 * p.timestep, "--pdamp must be at least 10 timesteps (ps)");
  require(std::isfinite(p.pressure), "--pressure must be finite (bar)");
  require(p.replicas >= 1 && p.replicas <= 1000, "--replicas must be between 1 and 1000");
  require(p.seed >= 1, "--seed must be >= 1");
  require(positive(p.chunk), "--restart-every must be positive (ps)");
  require(sample.size() >= 2, "the sample needs at least 2 atoms");
  for (std::size_t t = 0; t < sample.mass_of_type.size(); ++t)
    require(sample.mass_of_type[t] > 0, fmt::format("atom type {} has no mass", t + 1));
  for (auto id : sample.id) require(id <= 2147483647, fmt::format("atom id {} is too large for LAMMPS", id));
  double width = sample.box.min_periodic_width();
  require(width >= 2 * pot.cutoff, fmt::format("the box is {:.2f} Å wide, less than twice the cutoff of {} ({} Å)",
                                               width, p.potential.path, pot.cutoff));
}

namespace {

/// One (T, replica) run in a fresh LAMMPS instance, from its saved state if it has one: phases
/// NPT equilibration, NVT settling, window; chunks of p.chunk, a restart after each (when
/// resumable). The window runs as consecutive sub-windows, one per chunk, each averaging its own
/// samples with fix ave/atom; their sums (rank 0) give the window's ⟨x⟩ and ⟨x²⟩ exactly.
std::vector<double> run_task(const Configuration& sample, const StiffnessParams& p, const EamPotential& pot,
                             const StiffnessTask& task, const StiffnessRunOptions& o, bool append_log,
                             std::uint64_t& done) {
  const std::int64_t steps[3] = {steps_for(p.equilibration, p.timestep), steps_for(p.settle, p.timestep), window_steps(p)};
  const std::int64_t chunk = chunk_steps(p);
  const auto resumed = o.state ? o.state->in_progress(task) : std::nullopt;
  StiffnessRunState st = resumed.value_or(StiffnessRunState{});
  const std::size_t n = sample.size();
  std::vector<double> sums = o.state && resumed ? o.state->read_sums(task, st, n) : std::vector<double>(6 * n, 0.0);

  LammpsSession lmp(o.log_path, append_log);
  lmp.command(fmt::format("print \"glassml stiffness: T = {} K, replica {}, velocity seed {}{}\"", task.temperature,
                          task.replica, task.velocity_seed,
                          resumed ? fmt::format(", resumed in phase {} at step {}", st.phase, st.steps_done) : ""));
  if (resumed) lmp.command("read_restart " + o.state->restart_path(task, st.slot));
  else lmp.create_atoms(sample);
  const bool opt = p.potential.optimized && lmp.has_style("pair", pot.style + "/opt");
  lmp.command(pot.pair_style_command(opt));
  lmp.command(pot.pair_coeff_command(sample.species_of_type));
  lmp.command("neighbor 1.0 bin");
  lmp.command("neigh_modify every 1 delay 0 check yes");
  lmp.command(fmt::format("timestep {}", p.timestep));
  lmp.command("thermo_style custom step temp press pe vol");
  lmp.command(fmt::format("thermo {}", chunk));
  const double t = task.temperature;
  if (!resumed)
    lmp.command(fmt::format("velocity all create {} {} dist gaussian mom yes rot yes", 2 * t, task.velocity_seed));

  // The integrator of a phase: NPT for the equilibration, then NVT at the equilibrated volume
  // (measuring under NPT would add box breathing, SPEC §3) with the momentum reset. Defined
  // after read_restart with the same ids, fixes get their saved thermostat/barostat state back.
  std::string integrator;
  auto use_integrator = [&](const std::string& style) {
    if (integrator == style) return;
    if (!integrator.empty()) lmp.command("unfix md");
    if (style == "npt") {
      lmp.command(fmt::format("fix md all npt temp {} {} {} iso {} {} {}", t, t, p.tdamp, p.pressure, p.pressure, p.pdamp));
    } else {
      lmp.command(fmt::format("fix md all nvt temp {} {} {}", t, t, p.tdamp));
      lmp.command(fmt::format("fix zm all momentum {} linear 1 1 1", p.momentum_every));
    }
    integrator = style;
  };

  for (int ph = st.phase; ph < 3; ++ph) {
    if (steps[ph] == 0) continue;
    const bool entering = !(resumed && ph == resumed->phase);  // else its state came from the restart
    use_integrator(ph == 0 ? "npt" : "nvt");
    if (ph == 2) {
      // The window counts steps from 0 (sub-window outputs on its own step numbers). Unwrapped
      // positions, as the reference msd.lmp: the centre of mass does not drift because fix zm
      // zeroes the total momentum every momentum_every steps. Three atom-style variables, as
      // many as the reference: no extra cost per sample.
      if (entering) lmp.command("reset_timestep 0");
      lmp.command("compute u all property/atom xu yu zu");
      for (const char* k : {"x", "y", "z"})
        lmp.command(fmt::format("variable {0}2 atom c_u[{1}]*c_u[{1}]", k, k[0] - 'x' + 1));
    }
    if (entering) st = StiffnessRunState{ph, 0, 0, st.slot};
    while (st.steps_done < steps[ph]) {
      const std::int64_t len = std::min(chunk, steps[ph] - st.steps_done), end = st.steps_done + len;
      if (ph == 2)  // averages the len / sample_every samples of steps (steps_done, end]: output at step `end`
        lmp.command(fmt::format("fix av all ave/atom {} {} {} c_u[1] c_u[2] c_u[3] v_x2 v_y2 v_z2", p.sample_every,
                                len / p.sample_every, end));
      // `pre yes`: a new fix and write_restart (which re-partitions the atoms) need the setup.
      lmp.command(fmt::format("run {} pre yes post no", len));
      if (ph == 2) {
        const std::vector<double> mean = lmp.gather_fix_peratom("av", 6);
        const double m = static_cast<double>(len / p.sample_every);
        for (std::size_t i = 0; i < mean.size(); ++i) sums[i] += m * mean[i];
        st.samples += len / p.sample_every;
        lmp.command("unfix av");
      }
      st.steps_done = end;
      done += static_cast<std::uint64_t>(len);
      if (o.progress) o.progress->update(done);
      const bool last = ph == 2 && st.steps_done == steps[2];
      if (o.state && !last) {
        st.slot = 1 - st.slot;
        const std::string tmp = o.state->restart_path(task, st.slot) + ".tmp";
        LammpsSession::remove_on_abnormal_exit(tmp);
        lmp.command("write_restart " + tmp);
        o.state->save(task, st, sums);
        LammpsSession::forget_on_abnormal_exit(tmp);
      }
    }
  }
  // MSD_i = Σ_xyz (⟨x²⟩ − ⟨x⟩²) over the window's samples.
  std::vector<double> msd;
  if (lmp.rank() == 0) {
    msd.resize(n);
    const double ns = static_cast<double>(st.samples);
    for (std::size_t i = 0; i < n; ++i) {
      const double* a = &sums[6 * i];
      for (int k = 0; k < 3; ++k) msd[i] += a[3 + k] / ns - (a[k] / ns) * (a[k] / ns);
    }
  }
  return msd;
}

}  // namespace

std::vector<std::vector<double>> run_stiffness_tasks(const Configuration& sample, const StiffnessParams& p,
                                                     const std::vector<StiffnessTask>& tasks,
                                                     const StiffnessRunOptions& o) {
  validate(p, sample);
  const EamPotential pot = read_eam_potential(p.potential);
  std::vector<std::vector<double>> msd;
  std::uint64_t done = 0;
  bool append = false;
  for (const auto& task : tasks) {
    if (o.state && o.state->finished(task)) {  // kept from an earlier attempt
      msd.push_back(o.state->read_finished(task, sample.size()));
      continue;
    }
    msd.push_back(run_task(sample, p, pot, task, o, append, done));
    append = true;
    if (o.state) o.state->write_finished(task, msd.back());
  }
  return msd;
}

}  // namespace glassml::md
