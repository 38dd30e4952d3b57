#include "md/stiffness.hpp"

#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/progress.hpp"
#include "md/eam_potential.hpp"
#include "md/lammps_session.hpp"

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

/// Runs `total` steps in segments of `chunk`, advancing the progress bar.
void run_chunked(LammpsSession& lmp, std::int64_t total, std::int64_t chunk, Progress* progress,
                 std::uint64_t& done) {
  for (std::int64_t ran = 0; ran < total;) {
    std::int64_t n = std::min(chunk, total - ran);
    lmp.command(fmt::format("run {} pre {} post no", n, ran == 0 ? "yes" : "no"));
    ran += n;
    done += static_cast<std::uint64_t>(n);
    if (progress) progress->update(done);
  }
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
  require(positive(p.chunk), "chunk must be positive (ps)");
  require(sample.size() >= 2, "the sample needs at least 2 atoms");
  for (std::size_t t = 0; t < sample.mass_of_type.size(); ++t)
    require(sample.mass_of_type[t] > 0, fmt::format("atom type {} has no mass", t + 1));
  for (auto id : sample.id) require(id <= 2147483647, fmt::format("atom id {} is too large for LAMMPS", id));
  double width = sample.box.min_periodic_width();
  require(width >= 2 * pot.cutoff, fmt::format("the box is {:.2f} Å wide, less than twice the cutoff of {} ({} Å)",
                                               width, p.potential.path, pot.cutoff));
}

std::vector<std::vector<double>> run_stiffness_tasks(const Configuration& sample, const StiffnessParams& p,
                                                     const std::vector<StiffnessTask>& tasks,
                                                     const std::string& log_path, Progress* progress) {
  validate(p, sample);
  const EamPotential pot = read_eam_potential(p.potential);
  const std::int64_t n_eq = steps_for(p.equilibration, p.timestep), n_settle = steps_for(p.settle, p.timestep);
  const std::int64_t n_win = window_steps(p);
  const std::int64_t chunk = std::max<std::int64_t>(p.sample_every, steps_for(p.chunk, p.timestep) / p.sample_every * p.sample_every);
  std::vector<std::vector<double>> msd;
  std::uint64_t done = 0;
  bool append = false;
  for (const auto& task : tasks) {
    LammpsSession lmp(log_path, append);
    append = true;
    lmp.command(fmt::format("print \"glassml stiffness: T = {} K, replica {}, velocity seed {}\"", task.temperature,
                            task.replica, task.velocity_seed));
    lmp.create_atoms(sample);
    const bool opt = p.potential.optimized && lmp.has_style("pair", pot.style + "/opt");
    lmp.command(pot.pair_style_command(opt));
    lmp.command(pot.pair_coeff_command(sample.species_of_type));
    lmp.command("neighbor 1.0 bin");
    lmp.command("neigh_modify every 1 delay 0 check yes");
    lmp.command(fmt::format("timestep {}", p.timestep));
    lmp.command("thermo_style custom step temp press pe vol");
    lmp.command(fmt::format("thermo {}", chunk));
    const double t = task.temperature;
    lmp.command(fmt::format("velocity all create {} {} dist gaussian mom yes rot yes", 2 * t, task.velocity_seed));
    if (n_eq > 0) {
      lmp.command(fmt::format("fix md all npt temp {} {} {} iso {} {} {}", t, t, p.tdamp, p.pressure, p.pressure, p.pdamp));
      run_chunked(lmp, n_eq, chunk, progress, done);
      lmp.command("unfix md");
    }
    // NVT at the equilibrated volume: measuring under NPT would add box breathing (SPEC §3).
    lmp.command(fmt::format("fix md all nvt temp {} {} {}", t, t, p.tdamp));
    lmp.command(fmt::format("fix zm all momentum {} linear 1 1 1", p.momentum_every));
    run_chunked(lmp, n_settle, chunk, progress, done);
    // The window: fix ave/atom outputs on multiples of its Nfreq, so restart the step count.
    lmp.command("reset_timestep 0");
    // u = displacement from the window's start (unwrapped); the centre of mass does not drift
    // because fix zm zeroes the total momentum every momentum_every steps (as the reference).
    // Three atom-style variables, as many as the reference's msd.lmp: no extra cost per sample.
    lmp.command("compute d all displace/atom");
    for (const char* k : {"x", "y", "z"})
      lmp.command(fmt::format("variable u{0}2 atom c_d[{1}]*c_d[{1}]", k, k[0] - 'x' + 1));
    lmp.command(fmt::format("fix av all ave/atom {} {} {} c_d[1] c_d[2] c_d[3] v_ux2 v_uy2 v_uz2", p.sample_every,
                            n_win / p.sample_every, n_win));
    run_chunked(lmp, n_win, chunk, progress, done);
    std::vector<double> avg = lmp.gather_fix_peratom("av", 6);
    std::vector<double> m;
    if (lmp.rank() == 0) {
      m.resize(avg.size() / 6);
      for (std::size_t i = 0; i < m.size(); ++i) {
        const double* a = &avg[6 * i];
        m[i] = (a[3] - a[0] * a[0]) + (a[4] - a[1] * a[1]) + (a[5] - a[2] * a[2]);
      }
    }
    msd.push_back(std::move(m));
  }
  return msd;
}

}  // namespace glassml::md
