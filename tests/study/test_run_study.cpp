// A real tiny study (2 samples x 200 atoms, 2e14 K/s, tau 1 ps, 2 temperatures, tiny network)
// run by `glassml run`: uninterrupted; rerun (nothing redone); killed with SIGKILL after the first
// job finished and in the middle of MD jobs, then rerun: it finishes, no finished job is started
// again, and the products equal the uninterrupted run's (serial LAMMPS with the same seeds is
// deterministic; the 13 ps quench ends before the first restart file, at 20 ps, so a killed
// quench starts over).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include "study/journal.hpp"

namespace fs = std::filesystem;
using glassml::study::read_journal;

namespace {

const char* kTiny = R"([study]
name = "tiny"
[samples]
atoms = 200
count = 2
rate = 2e14
seed = 3
premelt_time = 0
melt_time = 3
[split]
test = 1
[stiffness]
temperatures = [100, 300]
tau = 1
equilibration = 1
settle = 0.5
[descriptor]
r_max = 7.0
dr = 0.25
[model]
units = 8
epochs = 30
cv = 2
grid = { units = [4, 8] }
)";

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Study {
  fs::path dir;
  explicit Study(const std::string& name)
      : dir(fs::temp_directory_path() / ("glassml_study_" + name + "_" + std::to_string(getpid()))) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "tiny.toml") << kTiny;
  }
  ~Study() { fs::remove_all(dir); }

  std::vector<std::string> argv() const {
    return {GLASSML_BINARY, "run", (dir / "tiny.toml").string(), "--out", (dir / "out").string(), "-j", "2"};
  }
  /// Starts the runner; its output is appended to dir/runner.out.
  pid_t start() const {
    const auto args = argv();
    const std::string out = (dir / "runner.out").string();
    const pid_t pid = fork();
    if (pid == 0) {
      const int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      dup2(fd, 1), dup2(fd, 2);
      std::vector<char*> a;
      for (const auto& s : args) a.push_back(const_cast<char*>(s.c_str()));
      a.push_back(nullptr);
      execv(a[0], a.data());
      _exit(127);
    }
    return pid;
  }
  int run() const {
    int status = 0;
    waitpid(start(), &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::vector<glassml::study::JournalEntry> journal() const { return read_journal((dir / "out/journal.tsv").string()); }
  /// Waits (up to 10 min) until the journal has a line for which `pred` holds.
  template <class Pred>
  bool wait_for(Pred pred) const {
    for (int i = 0; i < 6000; ++i) {
      for (const auto& e : journal())
        if (pred(e)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  /// The products that carry the study's numbers: predictions and the model (whose record of
  /// its training files names the study directory: replaced by "DIR").
  std::map<std::string, std::string> products() const {
    std::map<std::string, std::string> out;
    for (const char* s : {"s01", "s02"})
      out[s] = slurp(dir / "out/results/predict" / s / "sample.pred.dump");
    std::string model = slurp(dir / "out/results/train/model/model.json");
    for (std::size_t at; (at = model.find(dir.string())) != std::string::npos;) model.replace(at, dir.string().size(), "DIR");
    out["model"] = model;
    return out;
  }
};

/// Every job finished at most once, and never started again after it had finished.
void expect_no_repeat(const Study& s) {
  std::set<std::string> finished;
  for (const auto& e : s.journal()) {
    if (e.event == "started") {
      EXPECT_EQ(finished.count(e.job), 0u) << e.job << " started again after it finished";
    }
    if (e.event == "finished") {
      EXPECT_TRUE(finished.insert(e.job).second) << e.job << " finished twice";
    }
  }
}

/// No child survived the runner: every job lock can be taken. A child killed with its parent
/// (PDEATHSIG) releases its lock when it has exited, which on a loaded machine can take a few
/// seconds of scheduling; a survivor would hold the lock for the rest of its job (minutes).
void expect_locks_free(const Study& s) {
  for (const auto& e : fs::recursive_directory_iterator(s.dir / "out/cache")) {
    if (e.path().extension() != ".lock") continue;
    const int fd = open(e.path().c_str(), O_RDWR);
    int rc = -1;
    for (int i = 0; i < 300 && rc != 0; ++i) {  // up to 30 s
      rc = flock(fd, LOCK_EX | LOCK_NB);
      if (rc != 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(rc, 0) << e.path() << " still held 30 s after the runner was killed: a child survived it";
    close(fd);
  }
}

void kill_and_resume(const Study& s, const std::map<std::string, std::string>& reference,
                     bool (*when)(const glassml::study::JournalEntry&), int delay_ms) {
  const pid_t pid = s.start();
  ASSERT_TRUE(s.wait_for(when));
  std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  expect_locks_free(s);
  ASSERT_EQ(s.run(), 0) << slurp(s.dir / "runner.out");
  expect_no_repeat(s);
  // Equal numbers unless an MD job resumed from a restart file (then equal within thermal noise
  // only; the md tests check resumption itself).
  bool resumed = false;
  for (const auto& e : fs::recursive_directory_iterator(s.dir / "out/cache"))
    if (e.path().filename() == "job.log" && slurp(e.path()).find("resumed") != std::string::npos) resumed = true;
  if (!resumed) {
    const auto products = s.products();
    for (const auto& [name, text] : reference) EXPECT_TRUE(products.at(name) == text) << name << " differs";
  }
}

}  // namespace

TEST(RunStudy, RerunKillAndResume) {
  // Uninterrupted.
  const Study a("a");
  ASSERT_EQ(a.run(), 0) << slurp(a.dir / "runner.out");
  std::map<std::string, int> finished;
  for (const auto& e : a.journal())
    if (e.event == "finished") ++finished[e.job];
  for (const char* job : {"quench/s01", "quench/s02", "stiffness/s01", "stiffness/s02", "train/model", "predict/s01",
                          "predict/s02"})
    EXPECT_EQ(finished[job], 1) << job;
  for (const auto& [job, n] : finished) EXPECT_EQ(n, 1) << job;
  const auto reference = a.products();
  EXPECT_NE(reference.at("s01").find("K_pre"), std::string::npos);

  // Rerun: nothing to do.
  const std::size_t lines = a.journal().size();
  ASSERT_EQ(a.run(), 0);
  EXPECT_NE(slurp(a.dir / "runner.out").find("tiny: 0 jobs finished now"), std::string::npos);
  for (std::size_t i = lines; i < a.journal().size(); ++i) {
    EXPECT_NE(a.journal()[i].event, "started");
  }
  EXPECT_EQ(a.products(), reference);

  // Killed right after the first job finished.
  const Study b("b");
  kill_and_resume(b, reference, [](const auto& e) { return e.event == "finished"; }, 0);
  // Killed in the middle of a quench; in the middle of a stiffness run.
  const Study c("c");
  kill_and_resume(c, reference, [](const auto& e) { return e.event == "started" && e.job == "quench/s02"; }, 1500);
  const Study d("d");
  kill_and_resume(d, reference, [](const auto& e) { return e.event == "started" && e.job == "stiffness/s01"; }, 1500);
}

TEST(RunStudy, FailedJobReportedOthersGoOn) {
  // eam/alloy cannot read an eam/fs file: LAMMPS aborts at pair_coeff, ending that job only.
  const Study s("fail");
  std::string text = kTiny;
  text += "[potential]\npair_style = \"eam/alloy\"\n";
  std::ofstream(s.dir / "tiny.toml") << text;
  auto args = s.argv();
  args.back() = "1";  // -j 1: quench/s02 starts after quench/s01 has failed
  std::string cmd;
  for (const auto& a : args) cmd += "'" + a + "' ";
  const int status = std::system((cmd + "> " + (s.dir / "runner.out").string() + " 2>&1").c_str());
  EXPECT_NE(WEXITSTATUS(status), 0);
  const std::string out = slurp(s.dir / "runner.out");
  for (const char* expected : {"FAILED   quench/s01", "FAILED   quench/s02", "job.log", "LAMMPS log", "ERROR",
                               "skipped  stiffness/s01: needs quench/s01, which did not finish", "2 failed"})
    EXPECT_NE(out.find(expected), std::string::npos) << expected << " not in:\n" << out;
  for (const auto& e : s.journal()) EXPECT_NE(e.event, "finished") << e.job;
}
