// glassml stiffness SAMPLE.data -o SAMPLE.stiff.dump: per-atom vibrational MSD at each
// temperature and the atomic stiffness K = mean_T k_B T / MSD_T (SPEC §3), with LAMMPS.
// Temperatures x replicas are independent runs: in this process (also under mpirun), or with
// --jobs N in N child processes, each writing a partial file merged at the end.
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
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
#include "md/stiffness_labels.hpp"

namespace glassml::cli {
namespace {

struct StiffnessOptions {
  md::StiffnessParams params;
  PotentialOptions potential;
  std::string input, output;
  int jobs = 1;
  // Hidden, for child processes: which tasks to run and where to put their MSDs.
  std::vector<int> task_list;
  std::string partial_output, log;
};

std::string stem_of(const std::string& path) {
  for (const char* ext : {".dump.gz", ".dump", ".lammpstrj"})
    if (path.size() > std::strlen(ext) && path.ends_with(ext)) return path.substr(0, path.size() - std::strlen(ext));
  return path;
}

/// This process's own command line (Linux), to start children with the same options.
std::vector<std::string> own_command_line() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> args;
  std::string cur;
  for (char c : all) {
    if (c == '\0') args.push_back(cur), cur.clear();
    else cur += c;
  }
  return args;
}

/// MSDs of the given tasks, in this process (collective under MPI).
std::vector<std::vector<double>> run_in_process(const Configuration& sample, const md::StiffnessParams& p,
                                                const std::vector<md::StiffnessTask>& tasks, const std::string& log,
                                                const std::string& label) {
  Progress progress(fmt::format("{} ({} run{})", label, tasks.size(), tasks.size() == 1 ? "" : "s"),
                    static_cast<std::uint64_t>(md::steps_per_task(p)) * tasks.size());
  auto msd = md::run_stiffness_tasks(sample, p, tasks, log, &progress);
  progress.finish();
  return msd;
}

/// MSDs of all tasks from `jobs` child processes.
std::vector<std::vector<double>> run_in_children(const StiffnessOptions& o, const std::vector<md::StiffnessTask>& tasks,
                                                 std::size_t natoms) {
  const std::string stem = stem_of(o.output);
  const int jobs = std::min<int>(o.jobs, static_cast<int>(tasks.size()));
  std::vector<std::vector<std::string>> argvs;
  std::vector<std::vector<int>> assigned(jobs);
  for (std::size_t t = 0; t < tasks.size(); ++t) assigned[t % jobs].push_back(static_cast<int>(t));
  const auto base = own_command_line();
  for (int j = 0; j < jobs; ++j) {
    std::string list;
    for (int t : assigned[j]) {
      if (!list.empty()) list += ',';
      list += std::to_string(t);  // (appending: GCC 12 warns falsely on "," + std::string)
    }
    auto argv = base;
    argv.insert(argv.end(), {"--jobs", "1", "--task-list", list, "--partial-output",
                             fmt::format("{}.part{}.npy", stem, j), "--log", fmt::format("{}.job{}.lammps.log", stem, j)});
    argvs.push_back(std::move(argv));
  }
  auto results = run_children(argvs, jobs);
  std::vector<std::vector<double>> msd(tasks.size());
  std::string failures;
  for (int j = 0; j < jobs; ++j) {
    const std::string part = fmt::format("{}.part{}.npy", stem, j);
    if (results[j].exit_code != 0) {
      failures += fmt::format("{}job {} (tasks {}) exited with code {}, LAMMPS log {}.job{}.lammps.log", failures.empty() ? "" : "; ",
                              j, argvs[j][argvs[j].size() - 5], results[j].exit_code, stem, j);
      std::filesystem::remove(part);
      continue;
    }
    io::NpyArray a = io::read_npy(part);
    std::filesystem::remove(part);
    if (a.rows != natoms || a.cols != assigned[j].size())
      throw std::runtime_error(fmt::format("{}: expected {} x {} values", part, natoms, assigned[j].size()));
    for (std::size_t c = 0; c < a.cols; ++c)
      for (std::size_t i = 0; i < natoms; ++i) msd[assigned[j][c]].push_back(a.data[i * a.cols + c]);
  }
  if (!failures.empty()) throw std::runtime_error("stiffness runs failed, no output written: " + failures);
  return msd;
}

void write_results(const StiffnessOptions& o, const Configuration& sample, const md::StiffnessLabels& labels) {
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
                   {"potential", p.potential.path}, {"pair_style", p.potential.pair_style + (p.potential.optimized ? "/opt" : "")}, {"units", {{"K", "eV/A^2"}, {"msd", "A^2"}}}};
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
  const auto all_tasks = md::stiffness_tasks(o.params);
  const bool child = !o.partial_output.empty();
  if (o.jobs < 1) throw ParameterError("--jobs must be >= 1");

  if (!child && o.jobs > 1 && !md::MpiEnvironment::launched_by_mpirun()) {
    auto msd = run_in_children(o, all_tasks, sample.size());
    write_results(o, sample, md::stiffness_labels(o.params.temperatures, o.params.replicas, msd, sample.type));
    return;
  }
  std::vector<md::StiffnessTask> tasks;
  if (child) {
    for (int t : o.task_list) {
      if (t < 0 || t >= static_cast<int>(all_tasks.size())) throw ParameterError(fmt::format("--task-list: no task {}", t));
      tasks.push_back(all_tasks[t]);
    }
  } else {
    tasks = all_tasks;
  }
  const std::string log = !o.log.empty() ? o.log : stem_of(o.output) + ".lammps.log";
  md::MpiEnvironment mpi;
  if (!mpi.root()) Progress::set_enabled(false);
  std::vector<std::vector<double>> msd;
  try {
    if (mpi.root() && Progress::enabled() && !child)
      fmt::print(stderr, "glassml stiffness: {} runs of {} steps, {} MPI rank{}; LAMMPS log: {}\n", tasks.size(),
                 md::steps_per_task(o.params), mpi.size(), mpi.size() == 1 ? "" : "s", log);
    std::string label = "stiffness";
    if (child) {
      label += " [T =";
      for (const auto& t : tasks) label += fmt::format(" {}", t.temperature);
      label += " K]";
    }
    msd = run_in_process(sample, o.params, tasks, log, label);
  } catch (...) {
    if (!mpi.root()) {  // rank 0 reports the error
      mpi.finalize();
      std::exit(1);
    }
    throw;
  }
  if (!mpi.root()) return;
  if (child) {
    std::vector<double> flat(sample.size() * tasks.size());
    for (std::size_t c = 0; c < tasks.size(); ++c)
      for (std::size_t i = 0; i < sample.size(); ++i) flat[i * tasks.size() + c] = msd[c][i];
    io::write_npy(o.partial_output, flat.data(), sample.size(), tasks.size());
    return;
  }
  write_results(o, sample, md::stiffness_labels(o.params.temperatures, o.params.replicas, msd, sample.type));
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
      "(mean K per species, split-half reliability with --replicas >= 2). LAMMPS log in OUT.lammps.log.");
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
  cmd->add_option("--task-list", o->task_list, "(internal) task indices for a child process")->delimiter(',')->group("");
  cmd->add_option("--partial-output", o->partial_output, "(internal) partial MSD file of a child process")->group("");
  cmd->add_option("--log", o->log, "(internal) LAMMPS log of a child process")->group("");
  cmd->callback([o] { run_stiffness_command(*o); });
}

static Registrar reg{"stiffness", 30, add_stiffness_command};

}  // namespace glassml::cli
