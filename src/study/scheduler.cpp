#include "study/scheduler.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <stdexcept>

#include "core/child_process.hpp"
#include "core/progress.hpp"
#include "study/journal.hpp"

namespace glassml::study {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;
enum class State { Pending, Running, Done, Failed, Skipped };

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

/// Cores an MPI launcher line asks for: the number after -np / -n / --np (1 if none).
int launcher_cpus(const std::vector<std::string>& mpirun) {
  for (std::size_t i = 0; i + 1 < mpirun.size(); ++i)
    if (mpirun[i] == "-np" || mpirun[i] == "-n" || mpirun[i] == "--np") return std::max(1, std::atoi(mpirun[i + 1].c_str()));
  return 1;
}

/// Last `n` lines of a file ("" if unreadable).
std::vector<std::string> tail(const fs::path& file, std::size_t n) {
  std::ifstream in(file);
  std::deque<std::string> lines;
  for (std::string l; std::getline(in, l);) {
    lines.push_back(l);
    if (lines.size() > n) lines.pop_front();
  }
  return {lines.begin(), lines.end()};
}

/// The most recently written LAMMPS log of a job directory (*.lammps.log, log.lammps*).
fs::path newest_lammps_log(const fs::path& dir) {
  fs::path best;
  fs::file_time_type best_time{};
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    const bool log = name.ends_with("lammps.log") || name.starts_with("log.lammps");
    if (log && e.is_regular_file() && (best.empty() || e.last_write_time() > best_time))
      best = e.path(), best_time = e.last_write_time();
  }
  return best;
}

/// Replaces `link` by a symbolic link to `target`, atomically (a temporary link renamed over it).
void link_atomic(const fs::path& target, const fs::path& link) {
  fs::create_directories(link.parent_path());
  const fs::path tmp = link.string() + ".tmp";
  std::error_code ec;
  fs::remove(tmp, ec);
  fs::create_directory_symlink(fs::relative(target, link.parent_path()), tmp);
  fs::rename(tmp, link);
}

class Runner {
 public:
  Runner(const Plan& plan, const RunOptions& o)
      : plan_(plan), o_(o), exe_(self_executable()), journal_(o.out + "/journal.tsv"), state_(plan.jobs.size()),
        lock_(plan.jobs.size(), -1), started_(plan.jobs.size()) {
    tty_ = isatty(2) != 0;
    // Longest path first: a job's priority is its cost plus the costliest chain of jobs that
    // need it, so the slow sample (a slower cooling rate) starts before the quick ones.
    std::vector<double> chain(plan.jobs.size(), 0.0);
    for (std::size_t j = plan.jobs.size(); j-- > 0;) {
      chain[j] += plan.jobs[j].cost_s;
      for (int d : plan.jobs[j].deps) chain[std::size_t(d)] = std::max(chain[std::size_t(d)], chain[j]);
    }
    for (std::size_t j = 0; j < plan.jobs.size(); ++j) order_.push_back(j);
    std::stable_sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) { return chain[a] > chain[b]; });
  }

  RunSummary run() {
    for (std::size_t j = 0; j < plan_.jobs.size(); ++j)
      if (fs::exists(job_dir(o_, plan_.jobs[j]))) state_[j] = State::Done, ++sum_.cached;
    if (o_.only >= 0) return run_one(std::size_t(o_.only));
    double todo = 0;
    for (std::size_t j = 0; j < plan_.jobs.size(); ++j)
      if (state_[j] == State::Pending) todo += plan_.jobs[j].cost_s;
    event(fmt::format("study: {} jobs, {} done before, {} to run (estimated {} CPU, {} on {} core{})",
                      plan_.jobs.size(), sum_.cached, plan_.jobs.size() - std::size_t(sum_.cached),
                      Progress::format_duration(todo), Progress::format_duration(todo / o_.cpus), o_.cpus,
                      o_.cpus == 1 ? "" : "s"));
    journal_.add("run", "-", "-", fmt::format("{} jobs, {} done before", plan_.jobs.size(), sum_.cached));
    for (;;) {
      while (start_ready_jobs()) {
      }
      if (running_.empty()) break;
      if (auto ex = wait_child(1000)) finish(*ex);
      status();
    }
    if (tty_ && o_.status_line) fmt::print(stderr, "\r\033[K");
    return sum_;
  }

 private:
  int cpus_of(const Job& j) const {
    const int c = j.mpi && !o_.mpirun.empty() ? launcher_cpus(o_.mpirun) : j.cpus;
    return std::clamp(c, 1, std::max(1, o_.cpus));
  }
  fs::path tmp_dir(const Job& j) const { return job_dir(o_, j) + ".tmp"; }

  void event(const std::string& line) {
    if (tty_ && o_.status_line) fmt::print(stderr, "\r\033[K");
    fmt::print("[{:>7}] {}\n", Progress::format_duration(seconds_since(t0_)), line);
    std::fflush(stdout);
  }

  RunSummary run_one(std::size_t j) {
    const Job& job = plan_.jobs[j];
    if (state_[j] == State::Done) {
      event(fmt::format("{} is done already: {}", job.id(), job_dir(o_, job)));
      return sum_;
    }
    if (!job.missing.empty()) throw std::runtime_error(fmt::format("{}: this glassml has no `{}` command", job.id(), job.missing));
    for (int d : job.deps)
      if (state_[std::size_t(d)] != State::Done)
        throw std::runtime_error(fmt::format("{} needs {} first (not in {}/cache)", job.id(), plan_.jobs[std::size_t(d)].id(), o_.out));
    start(j);
    while (!running_.empty())
      if (auto ex = wait_child(-1)) finish(*ex);
    return sum_;
  }

  /// Starts what is ready and fits, skips what cannot run; true if some job changed state.
  bool start_ready_jobs() {
    bool changed = false;
    for (std::size_t j : order_) {
      if (state_[j] != State::Pending) continue;
      const Job& job = plan_.jobs[j];
      std::string why = job.missing.empty() ? "" : fmt::format("this glassml has no `{}` command yet", job.missing);
      bool ready = true;
      for (int d : job.deps) {
        const State s = state_[std::size_t(d)];
        if ((s == State::Failed || s == State::Skipped) && why.empty()) why = "needs " + plan_.jobs[std::size_t(d)].id() + ", which did not finish";
        ready = ready && s == State::Done;
      }
      if (!why.empty()) {
        state_[j] = State::Skipped, ++sum_.skipped;
        journal_.add("skipped", job.id(), job.hash, why);
        event(fmt::format("skipped  {}: {}", job.id(), why));
        changed = true;
        continue;
      }
      if (ready && (busy_ == 0 || busy_ + cpus_of(job) <= o_.cpus)) start(j), changed = true;
    }
    return changed;
  }

  int lock_job(const Job& job) {
    const std::string path = job_dir(o_, job) + ".lock";
    const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error(path + ": cannot create the job lock");
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
      event(fmt::format("waiting for a process of an earlier run that still works on {} (holds {})", job.id(), path));
      flock(fd, LOCK_EX);
    }
    return fd;
  }

  void start(std::size_t j) {
    const Job& job = plan_.jobs[j];
    fs::create_directories(tmp_dir(job));
    lock_[j] = lock_job(job);
    ChildSpec spec;
    spec.argv = job_command(plan_, j, o_, exe_);
    spec.cwd = tmp_dir(job);
    spec.log = (tmp_dir(job) / "job.log").string();
    spec.inherit_fd = lock_[j];
    {
      std::ofstream log(spec.log, std::ios::app);  // the command line heads each attempt's log
      log << "# glassml run: " << job.id();
      for (const auto& a : spec.argv) log << ' ' << a;
      log << '\n';
    }
    journal_.add("started", job.id(), job.hash, spec.log);
    const pid_t pid = start_child(spec);
    running_[pid] = j;
    state_[j] = State::Running;
    started_[j] = Clock::now();
    busy_ += cpus_of(job);
    event(fmt::format("started  {} ({} core{}), log {}", job.id(), cpus_of(job), cpus_of(job) == 1 ? "" : "s", spec.log));
  }

  void finish(const ChildExit& ex) {
    auto it = running_.find(ex.pid);
    if (it == running_.end()) return;
    const std::size_t j = it->second;
    running_.erase(it);
    const Job& job = plan_.jobs[j];
    busy_ -= cpus_of(job);
    const double wall = seconds_since(started_[j]);
    const fs::path tmp = tmp_dir(job), log = tmp / "job.log";
    int code = ex.exit_code;
    if (code == 0 && !fs::exists(tmp / job.product)) {
      std::ofstream(log, std::ios::app) << "glassml run: the command ended without writing " << job.product << "\n";
      code = -1;
    }
    if (code == 0) {
      std::error_code ec;
      fs::rename(tmp, job_dir(o_, job), ec);  // the commit point: the job is done from here on
      if (ec) fs::remove_all(tmp);            // done meanwhile by another runner (Slurm tasks)
      state_[j] = State::Done, ++sum_.finished;
      est_done_ += job.cost_s, actual_done_ += wall * cpus_of(job);  // wall: what the ETA is about
      journal_.add("finished", job.id(), job.hash, fmt::format("{:.1f} s wall, {:.1f} s CPU", wall, ex.cpu_s));
      link_atomic(job_dir(o_, job), fs::path(o_.out) / "results" / job.stage / job.name);
      if (job.stage == "report") link_atomic(fs::path(job_dir(o_, job)) / job.product, fs::path(o_.out) / "report");
      event(fmt::format("finished {} in {} ({} CPU)", job.id(), Progress::format_duration(wall),
                        Progress::format_duration(ex.cpu_s)));
    } else {
      state_[j] = State::Failed, ++sum_.failed;
      journal_.add("failed", job.id(), job.hash, fmt::format("exit {} log {}", code, log.string()));
      std::string msg = fmt::format("FAILED   {} (exit code {}) after {}; log: {}", job.id(), code,
                                    Progress::format_duration(wall), log.string());
      for (const auto& l : tail(log, 4)) msg += "\n           | " + l;
      if (const fs::path lammps = newest_lammps_log(tmp); !lammps.empty()) {
        msg += "\n           LAMMPS log " + lammps.string() + ":";
        for (const auto& l : tail(lammps, 10)) msg += "\n           | " + l;
      }
      event(msg);
    }
    close(lock_[j]);
    lock_[j] = -1;
  }

  void status() {
    if (!o_.status_line || (!tty_ && seconds_since(last_status_) < 30)) return;
    last_status_ = Clock::now();
    const double factor = est_done_ > 0 ? std::clamp(actual_done_ / est_done_, 0.05, 20.0) : 1.0;
    double remaining = 0;
    std::size_t done = 0, stage = plan_.stages.size();
    for (std::size_t j = 0; j < plan_.jobs.size(); ++j) {
      const Job& job = plan_.jobs[j];
      if (state_[j] == State::Done || state_[j] == State::Failed || state_[j] == State::Skipped) ++done;
      if (state_[j] == State::Pending) remaining += job.cost_s * factor;
      if (state_[j] == State::Running) {
        remaining += std::max(job.cost_s * factor - seconds_since(started_[j]) * cpus_of(job), 0.05 * job.cost_s * factor);
        stage = std::min<std::size_t>(stage, std::find(plan_.stages.begin(), plan_.stages.end(), job.stage) - plan_.stages.begin());
      }
    }
    const std::string line = fmt::format("stage {}: {}/{} jobs done, {} running; elapsed {}, ETA {}",
                                         stage < plan_.stages.size() ? plan_.stages[stage] : "-", done,
                                         plan_.jobs.size(), running_.size(), Progress::format_duration(seconds_since(t0_)),
                                         Progress::format_duration(remaining / std::max(1, o_.cpus)));
    if (tty_) fmt::print(stderr, "\r\033[K{}", line);
    else fmt::print(stderr, "[{:>7}] {}\n", Progress::format_duration(seconds_since(t0_)), line);
  }

  const Plan& plan_;
  const RunOptions& o_;
  std::string exe_;
  Journal journal_;
  std::vector<State> state_;
  std::vector<int> lock_;
  std::vector<Clock::time_point> started_;
  std::map<pid_t, std::size_t> running_;
  std::vector<std::size_t> order_;  ///< jobs by priority
  int busy_ = 0;
  RunSummary sum_;
  double est_done_ = 0, actual_done_ = 0;
  bool tty_ = false;
  Clock::time_point t0_ = Clock::now(), last_status_ = Clock::now();
};

}  // namespace

std::string job_dir(const RunOptions& o, const Job& j) { return o.out + "/cache/" + j.dir(); }

std::vector<std::string> job_command(const Plan& plan, std::size_t j, const RunOptions& o, const std::string& exe) {
  const Job& job = plan.jobs[j];
  const bool launcher = job.mpi && !o.mpirun.empty();
  std::vector<std::string> cmd = launcher ? o.mpirun : std::vector<std::string>{};
  cmd.push_back(exe);
  cmd.insert(cmd.end(), job.global_args.begin(), job.global_args.end());
  for (const auto& a : job.args)
    cmd.push_back(resolve(a, [&](int d) { return job_dir(o, plan.jobs[std::size_t(d)]); }));
  if (!launcher) cmd.insert(cmd.end(), job.exec_args.begin(), job.exec_args.end());
  return cmd;
}

RunSummary run_plan(const Plan& plan, const RunOptions& o) {
  fs::create_directories(o.out + "/cache");
  // One runner per study directory; Slurm array tasks (single jobs) may share it.
  const std::string lock = o.out + "/.runner.lock";
  const int fd = open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error(lock + ": cannot create");
  if (flock(fd, (o.only >= 0 ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
    close(fd);
    throw std::runtime_error(o.out + ": another `glassml run` is working in this directory");
  }
  Runner runner(plan, o);
  RunSummary s = runner.run();
  close(fd);
  return s;
}

}  // namespace glassml::study
