// glassml stiffness SAMPLE.data -o SAMPLE.stiff.dump: per-atom vibrational MSD at each
// temperature and the atomic stiffness K = mean_T k_B T / MSD_T (SPEC §3), with LAMMPS.
// Temperatures x replicas are independent runs: in this process (also under mpirun), or with
// --jobs N in N child processes. Resumable: finished runs and the state of the run in progress
// are kept in OUT.partial/ (md/stiffness_checkpoint.hpp) until the output is written.
#include <fmt/format.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <csignal>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/potential_options.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "io/atomic_file.hpp"
#include "io/npy.hpp"
#include "io/structure_file.hpp"
#include "core/child_process.hpp"
#include "md/mpi_environment.hpp"
#include "md/stiffness.hpp"
#include "md/stiffness_checkpoint.hpp"
#include "md/stiffness_labels.hpp"

namespace glassml::cli {
namespace {

struct StiffnessOptions {
  md::StiffnessParams params;
  PotentialOptions potential;
  std::string input, output;
  int jobs = 1;
  bool fresh = false;
  // Hidden, for child processes: which tasks to run (their MSDs go to the state directory).
  std::vector<int> task_list;
  std::string log;
};

/// How much of the job an earlier attempt left done.
struct ResumeCounts {
  int kept = 0, resumed = 0;
};

std::string stem_of(const std::string& path) { return strip_suffix(path, {".dump.gz", ".dump", ".lammpstrj"}); }

/// Finished and partly done runs in the state directory (collective under MPI).
ResumeCounts resume_counts(const md::StiffnessState& state, const std::vector<md::StiffnessTask>& tasks) {
  ResumeCounts c;
  for (const auto& t : tasks) {
    if (state.finished(t)) ++c.kept;
    else if (state.in_progress(t)) ++c.resumed;
  }
  return c;
}

void print_resume_counts(const ResumeCounts& c, std::size_t total, const std::string& dir) {
  if (c.kept + c.resumed > 0)
    fmt::print("resumed from {}: {} of {} runs finished earlier (kept, not rerun), {} continued from their last restart\n",
               dir, c.kept, total, c.resumed);
}

/// MSDs of the given tasks, in this process (collective under MPI).
std::vector<std::vector<double>> run_in_process(const Configuration& sample, const md::StiffnessParams& p,
                                                const std::vector<md::StiffnessTask>& tasks, const std::string& log,
                                                const std::string& label, const md::StiffnessState& state) {
  std::uint64_t total = 0;
  for (const auto& t : tasks) total += static_cast<std::uint64_t>(md::steps_remaining(p, t, &state));
  Progress progress(fmt::format("{} ({} run{})", label, tasks.size(), tasks.size() == 1 ? "" : "s"), total);
  auto msd = md::run_stiffness_tasks(sample, p, tasks, {.log_path = log, .progress = &progress, .state = &state});
  progress.finish();
  return msd;
}

/// Runs the unfinished tasks in `jobs` child processes; each writes its runs' MSDs to the state
/// directory. Throws (keeping the state) if a child fails.
void run_in_children(const StiffnessOptions& o, const std::vector<md::StiffnessTask>& tasks,
                     const md::StiffnessState& state) {
  const std::string stem = stem_of(o.output);
  std::vector<int> todo;
  for (std::size_t t = 0; t < tasks.size(); ++t)
    if (!state.finished(tasks[t])) todo.push_back(static_cast<int>(t));
  const int jobs = std::min<int>(o.jobs, static_cast<int>(todo.size()));
  if (jobs == 0) return;
  std::vector<std::vector<std::string>> argvs;
  std::vector<std::string> lists(jobs);
  for (std::size_t k = 0; k < todo.size(); ++k) {
    auto& list = lists[k % jobs];
    if (!list.empty()) list += ',';
    list += std::to_string(todo[k]);  // (appending: GCC 12 warns falsely on "," + std::string)
  }
  const auto base = own_command_line();
  for (int j = 0; j < jobs; ++j) {
    auto argv = base;
    argv.insert(argv.end(), {"--jobs", "1", "--task-list", lists[j], "--log", fmt::format("{}.job{}.lammps.log", stem, j)});
    argvs.push_back(std::move(argv));
  }
  auto results = run_children(argvs, jobs);
  std::string failures;
  for (int j = 0; j < jobs; ++j)
    if (results[j].exit_code != 0)
      failures += fmt::format("{}job {} (tasks {}) exited with code {}, LAMMPS log {}.job{}.lammps.log",
                              failures.empty() ? "" : "; ", j, lists[j], results[j].exit_code, stem, j);
  if (!failures.empty())
    throw std::runtime_error(fmt::format("stiffness runs failed, no output written ({}); the runs that finished are "
                                         "kept in {}: rerun the same command to resume",
                                         failures, state.dir()));
}

void write_results(const StiffnessOptions& o, const Configuration& sample, const md::StiffnessLabels& labels,
                   const ResumeCounts& counts) {
  Configuration out;
  out.box = sample.box;
  out.id = sample.id;
  out.type = sample.type;
  out.position = sample.position;
  out.species_of_type = sample.species_of_type;
  out.mass_of_type = sample.mass_of_type;
  for (std::size_t t = 0; t < labels.temperatures.size(); ++t)
    out.set_column(md::msd_column_name(labels.temperatures[t]), labels.msd[t]);
  out.set_column("K", labels.k);
  io::write_structure(o.output, out);

  // Summary: protocol, mean K overall and per species, split-half reliability.
  const auto& p = o.params;
  nlohmann::json j{{"sample", o.input}, {"output", o.output}, {"temperatures_K", p.temperatures},
                   {"tau_ps", p.tau}, {"equilibration_ps", p.equilibration}, {"settle_ps", p.settle},
                   {"timestep_ps", p.timestep}, {"replicas", p.replicas}, {"seed", p.seed},
                   {"runs", labels.temperatures.size() * p.replicas}, {"runs_kept_from_earlier_attempt", counts.kept},
                   {"runs_resumed_from_restart", counts.resumed}, {"potential", p.potential.path}, {"pair_style", p.potential.pair_style + (p.potential.optimized ? "/opt" : "")}, {"units", {{"K", "eV/A^2"}, {"msd", "A^2"}}}};
  auto mean_k = [&](int type) {
    double s = 0;
    std::size_t n = 0;
    for (std::size_t i = 0; i < labels.k.size(); ++i)
      if (type == 0 || sample.type[i] == type) s += labels.k[i], ++n;
    return n ? s / n : 0.0;
  };
  j["mean_K_eV_per_A2"] = mean_k(0);
  fmt::print("mean K = {:.4f} eV/A^2 over {} atoms", mean_k(0), labels.k.size());
  for (int t = 1; t <= sample.num_types(); ++t) {
    j["mean_K_eV_per_A2_by_species"][sample.species_of_type[t - 1]] = mean_k(t);
    fmt::print("; {} {:.4f}", sample.species_of_type[t - 1], mean_k(t));
  }
  fmt::print("\n");
  if (labels.split_half_r) {
    j["split_half_pearson"] = *labels.split_half_r;
    j["spearman_brown_reliability"] = *labels.spearman_brown;
    fmt::print("split-half reliability of K ({} vs {} replicas): Pearson {:.4f}, Spearman-Brown {:.4f}", p.replicas / 2,
               p.replicas - p.replicas / 2, *labels.split_half_r, *labels.spearman_brown);
    for (std::size_t t = 0; t < labels.split_half_r_by_type.size(); ++t)
      if (labels.split_half_r_by_type[t]) {
        j["split_half_pearson_by_species"][sample.species_of_type[t]] = *labels.split_half_r_by_type[t];
        fmt::print("; {} {:.4f}", sample.species_of_type[t], *labels.split_half_r_by_type[t]);
      }
    fmt::print("\n  (no prediction can correlate with this K better than about sqrt({:.3f}) = {:.3f})\n",
               *labels.spearman_brown, std::sqrt(std::max(0.0, *labels.spearman_brown)));
  } else {
    j["split_half_pearson"] = nullptr;
    fmt::print("split-half reliability: needs --replicas >= 2\n");
  }
  const std::string summary = stem_of(o.output) + ".json";
  io::write_file_atomic(summary, j.dump(1) + "\n");
  fmt::print("wrote {} and {}\n", o.output, summary);
}

void run_stiffness_command(StiffnessOptions o) {
  if (o.output.empty()) o.output = o.input.substr(0, o.input.rfind('.') == std::string::npos ? o.input.size() : o.input.rfind('.')) + ".stiff.dump";
  o.params.potential = resolve_potential_options(o.potential);
  io::ReadOptions ro;
  ro.species = o.potential.species;
  Configuration sample = io::read_structure(o.input, ro);
  md::validate(o.params, sample);  // before MPI and LAMMPS: an input error there would end the process
  if (o.jobs < 1) throw ParameterError("--jobs must be >= 1");
  const auto all_tasks = md::stiffness_tasks(o.params);
  const bool child = !o.task_list.empty();
  if (child) {
    // A child of --jobs dies with its parent (killed or not): a rerun must not race orphans.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() == 1) std::exit(1);  // the parent is already gone
  }
  const std::string state_dir = stem_of(o.output) + ".partial";
  const auto settings = md::stiffness_settings_json(o.params, sample);
  const auto mode = child ? md::StiffnessState::Open::MustMatch
                          : (o.fresh ? md::StiffnessState::Open::Fresh : md::StiffnessState::Open::Resume);
  auto labels_of = [&](const std::vector<std::vector<double>>& msd) {
    return md::stiffness_labels(o.params.temperatures, o.params.replicas, msd, sample.type);
  };

  if (!child && o.jobs > 1 && !md::MpiEnvironment::launched_by_mpirun()) {
    md::StiffnessState state(state_dir, settings, mode);
    const ResumeCounts counts = resume_counts(state, all_tasks);
    print_resume_counts(counts, all_tasks.size(), state_dir);
    run_in_children(o, all_tasks, state);
    std::vector<std::vector<double>> msd;
    for (const auto& t : all_tasks) msd.push_back(state.read_finished(t, sample.size()));
    write_results(o, sample, labels_of(msd), counts);
    state.remove();
    return;
  }
  std::vector<md::StiffnessTask> tasks;
  for (int t : o.task_list) {
    if (t < 0 || t >= static_cast<int>(all_tasks.size())) throw ParameterError(fmt::format("--task-list: no task {}", t));
    tasks.push_back(all_tasks[t]);
  }
  if (!child) tasks = all_tasks;
  const std::string log = !o.log.empty() ? o.log : stem_of(o.output) + ".lammps.log";
  md::MpiEnvironment mpi;
  if (!mpi.root()) Progress::set_enabled(false);
  std::vector<std::vector<double>> msd;
  ResumeCounts counts;
  try {
    md::StiffnessState state(state_dir, settings, mode);
    if (!child) {
      counts = resume_counts(state, tasks);
      if (mpi.root()) print_resume_counts(counts, tasks.size(), state_dir);
    }
    if (mpi.root() && Progress::enabled() && !child)
      fmt::print(stderr, "glassml stiffness: {} runs of {} steps, {} MPI rank{}; LAMMPS log: {}\n", tasks.size(),
                 md::steps_per_task(o.params), mpi.size(), mpi.size() == 1 ? "" : "s", log);
    std::string label = "stiffness";
    if (child) {
      label += " [T =";
      for (const auto& t : tasks) label += fmt::format(" {}", t.temperature);
      label += " K]";
    }
    msd = run_in_process(sample, o.params, tasks, log, label, state);
    if (child || !mpi.root()) return;  // a child's MSDs are in the state directory
    write_results(o, sample, labels_of(msd), counts);
    state.remove();
  } catch (...) {
    if (!mpi.root()) {  // rank 0 reports the error
      mpi.finalize();
      std::exit(1);
    }
    throw;
  }
}

}  // namespace

void add_stiffness_command(CLI::App& app) {
  auto o = std::make_shared<StiffnessOptions>();
  auto& p = o->params;
  auto* cmd = app.add_subcommand(
      "stiffness",
      "Atomic stiffness of a sample with LAMMPS (SPEC 3): for each T, NPT equilibration, NVT settling, then NVT over "
      "tau accumulating per-atom moments of the unwrapped, centre-of-mass-corrected displacement in-run. Writes a "
      "LAMMPS dump with id type element x y z msd_<T> (A^2) ... K (eV/A^2), K = mean_T k_B T / msd_T, and OUT.json "
      "(mean K per species, split-half reliability with --replicas >= 2). LAMMPS log in OUT.lammps.log. Restartable: "
      "a killed job rerun with the same command keeps its finished runs and continues the others from their last "
      "restart (--restart-every), kept in OUT.partial/ until the output is written.");
  cmd->add_option("sample", o->input, "Sample structure (LAMMPS data file, dump or extended XYZ)")->required();
  cmd->add_option("-o,--output", o->output, "Output dump (default: SAMPLE.stiff.dump)");
  cmd->add_option("--temperatures", p.temperatures, "Temperatures (K), comma-separated")->delimiter(',')->capture_default_str();
  cmd->add_option("--tau", p.tau, "Measurement window (ps)")->capture_default_str();
  cmd->add_option("--equilibration", p.equilibration, "NPT equilibration per temperature (ps)")->capture_default_str();
  cmd->add_option("--settle", p.settle, "NVT settling before the window (ps)")->capture_default_str();
  cmd->add_option("--timestep", p.timestep, "MD timestep (ps)")->capture_default_str();
  cmd->add_option("--tdamp", p.tdamp, "Thermostat damping time (ps)")->capture_default_str();
  cmd->add_option("--pdamp", p.pdamp, "Barostat damping time (ps)")->capture_default_str();
  cmd->add_option("--pressure", p.pressure, "Pressure of the NPT equilibration (bar)")->capture_default_str();
  cmd->add_option("--sample-every", p.sample_every, "Steps between samples in the window")->capture_default_str();
  cmd->add_option("--momentum-every", p.momentum_every, "Steps between centre-of-mass momentum resets")->capture_default_str();
  cmd->add_option("--replicas", p.replicas, "Iso-configurational replicas (velocity seeds) per temperature")->capture_default_str();
  cmd->add_option("--seed", p.seed, "Random seed of the velocities")->capture_default_str();
  add_potential_options(*cmd, o->potential);
  cmd->add_option("-j,--jobs", o->jobs, "Runs in parallel processes (not under mpirun)")->capture_default_str()
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  cmd->add_option("--restart-every", p.chunk, "Simulated time between restart files and progress updates (ps)")
      ->capture_default_str();
  cmd->add_flag("--fresh", o->fresh, "Start over even if OUT.partial/ holds runs of an earlier attempt with the same settings");
  cmd->add_option("--task-list", o->task_list, "(internal) task indices for a child process")->delimiter(',')->group("");
  cmd->add_option("--log", o->log, "(internal) LAMMPS log of a child process")->group("");
  cmd->callback([o] { run_stiffness_command(*o); });
}

static Registrar reg{"stiffness", 30, add_stiffness_command};

}  // namespace glassml::cli
