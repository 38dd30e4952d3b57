// glassml run STUDY.toml: the whole study -- samples, labels, model, predictions, activation
// energies, report -- as a dependency graph of glassml commands run as child processes, each
// product cached under the hash of its inputs and settings, so that a rerun (after a change, a
// failure or kill -9) does only what is missing. See README "Running a study".
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <map>
#include <sstream>
#include <string>
#include <thread>

#include "cli/commands.hpp"
#include "core/progress.hpp"
#include "glassml/version.hpp"
#include "study/plan.hpp"
#include "study/scheduler.hpp"
#include "study/study_config.hpp"

namespace glassml::cli {
namespace {

namespace fs = std::filesystem;

struct RunCommandOptions {
  std::string study, out, mpirun, stage;
  int cpus = 0, index = -1;
  bool dry_run = false;
};

CLI::App* g_root = nullptr;

bool has_command(const std::string& name) {
  for (const auto* sub : g_root->get_subcommands({}))
    if (sub->get_name() == name) return true;
  return false;
}

std::vector<std::string> split_words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

int find_job(const study::Plan& plan, const std::string& stage, int index) {
  int k = 0;
  for (std::size_t j = 0; j < plan.jobs.size(); ++j)
    if (plan.jobs[j].stage == stage && k++ == index) return int(j);
  if (k == 0) {
    std::string stages;
    for (const auto& s : plan.stages) stages += (stages.empty() ? "" : ", ") + s;
    throw std::invalid_argument(fmt::format("--stage {}: this study has no such jobs (stages: {})", stage, stages));
  }
  throw std::invalid_argument(fmt::format("--index {}: the plan has {} {} job{} (indices from 0)", index, k, stage,
                                          k == 1 ? "" : "s"));
}

void print_plan(const study::Plan& plan, const study::RunOptions& o) {
  double todo = 0;
  std::map<std::string, int> index;
  for (std::size_t j = 0; j < plan.jobs.size(); ++j) {
    const auto& job = plan.jobs[j];
    const bool done = fs::exists(study::job_dir(o, job));
    if (!done) todo += job.cost_s;
    const std::string state = done ? "done" : !job.missing.empty() ? "no command" : "to run";
    fmt::print("{:<10} {:<22} --stage {} --index {:<3} {:>2} core{} ~{:>8} CPU  {}\n", state, job.id(), job.stage,
               index[job.stage]++, job.cpus, job.cpus == 1 ? " " : "s", Progress::format_duration(job.cost_s),
               study::job_dir(o, job));
    std::string line;
    for (const auto& a : study::job_command(plan, j, o, "glassml")) line += " " + a;
    fmt::print("           ${}\n", line);
  }
  fmt::print("{} jobs; still to run: estimated {} CPU, about {} on {} core{}\n", plan.jobs.size(),
             Progress::format_duration(todo), Progress::format_duration(todo / std::max(1, o.cpus)), o.cpus,
             o.cpus == 1 ? "" : "s");
}

/// The end of a study: the report (or, without the report stage, where the model's metrics are).
void print_outcome(const study::Plan& plan, const study::RunOptions& o) {
  const fs::path report = fs::path(o.out) / "report" / "report.md";
  if (fs::exists(report)) {
    std::ifstream in(report);
    fmt::print("\n");
    for (std::string line; std::getline(in, line);) fmt::print("{}\n", line);
    fmt::print("\nreport: {}\n", report.string());
    return;
  }
  const int train = plan.find("train/model");
  if (train >= 0 && fs::exists(study::job_dir(o, plan.jobs[std::size_t(train)])))
    fmt::print("model and metrics: {}\n", study::job_dir(o, plan.jobs[std::size_t(train)]));
}

void run_command(const RunCommandOptions& opt) {
  const study::StudyConfig config = study::parse_study(opt.study);
  const study::Plan plan = study::make_plan(config, kVersion, has_command);
  study::RunOptions o;
  o.out = fs::absolute(opt.out.empty() ? "out/" + config.name : opt.out).lexically_normal().string();
  o.cpus = opt.cpus > 0 ? opt.cpus : int(std::max(1u, std::thread::hardware_concurrency()));
  o.mpirun = split_words(opt.mpirun);
  o.status_line = Progress::enabled();
  if (!opt.stage.empty() || opt.index >= 0) {
    if (opt.stage.empty() || opt.index < 0) throw std::invalid_argument("--stage and --index go together");
    o.only = find_job(plan, opt.stage, opt.index);
  }
  if (opt.dry_run) return print_plan(plan, o);
  const study::RunSummary s = study::run_plan(plan, o);
  fmt::print("study {}: {} jobs finished now, {} done before, {} failed, {} skipped; results in {}\n", config.name,
             s.finished, s.cached, s.failed, s.skipped, o.out);
  if (o.only < 0) print_outcome(plan, o);
  if (s.failed > 0) throw std::runtime_error(fmt::format("{} job{} failed (logs above); rerun to retry them", s.failed,
                                                         s.failed == 1 ? "" : "s"));
}

}  // namespace

void add_run_command(CLI::App& app) {
  g_root = &app;
  auto o = std::make_shared<RunCommandOptions>();
  auto* cmd = app.add_subcommand(
      "run",
      "Run a whole study declared in a TOML file (examples/quick.toml): quench the samples, label them (stiffness), "
      "train and cross-validate the network, predict, activate (ARTn) and report. Jobs run as child processes, "
      "independent ones at the same time; every product is cached under the hash of its inputs and settings in "
      "OUT/cache, so a rerun -- after a change, a failure, or kill -9 -- redoes only what is missing. Event log "
      "in OUT/journal.tsv, results linked in OUT/results, the report in OUT/report.");
  cmd->add_option("study", o->study, "Study file (TOML)")->required()->check(CLI::ExistingFile);
  cmd->add_option("-j,--jobs", o->cpus, "CPU cores to keep busy (a job with jobs/threads k or mpirun -np k counts k; "
                                        "default: all)");
  cmd->add_option("--mpirun", o->mpirun, "Launcher for the MD jobs (quench, stiffness, harmonic), e.g. \"mpirun -np 2\"");
  cmd->add_option("--out", o->out, "Study directory (default: out/NAME, NAME from [study] or the file name)");
  cmd->add_flag("--dry-run", o->dry_run, "Print the plan (jobs, state, cost, commands) and run nothing");
  cmd->add_option("--stage", o->stage, "Run one job only (e.g. a Slurm array task): its stage ...");
  cmd->add_option("--index", o->index, "... and its index within the stage (from 0; see --dry-run)");
  cmd->callback([o] { run_command(*o); });
}

static Registrar reg{"run", 90, add_run_command};

}  // namespace glassml::cli
