#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <cmath>
#include <thread>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "core/constants.hpp"
#include "io/structure_file.hpp"
#include "md/initial_structure.hpp"

using namespace glassml;

TEST(CliStiffness, ColumnsKFormulaAndParallelJobsAgree) {
  ScratchDir dir("stiffness_cli");
  io::write_structure(dir / "cu.data", md::perfect_lattice(md::Lattice::Fcc, 5, 3.639, "Cu", 63.546));
  const std::string args = "--tau 1 --equilibration 0.5 --settle 0.2 --temperatures 20,40 --replicas 2";
  auto one = dir.run("--quiet stiffness cu.data -o one.dump " + args);
  ASSERT_EQ(one.code, 0) << one.err;
  auto two = dir.run("--quiet stiffness cu.data -o two.dump --jobs 2 " + args);
  ASSERT_EQ(two.code, 0) << two.err;
  // Same seeds per (T, replica) whatever the process layout: the same numbers.
  auto a = io::read_structure(dir / "one.dump");
  auto b = io::read_structure(dir / "two.dump");
  ASSERT_EQ(a.size(), 500u);
  for (const char* col : {"msd_20", "msd_40", "K"}) {
    ASSERT_NE(a.find_column(col), nullptr) << col;
    EXPECT_EQ(a.find_column(col)->values, b.find_column(col)->values) << col;
  }
  // K = mean_T kB T / msd_T, recomputed from the written columns.
  const double kb = constants::kBoltzmann;
  for (std::size_t i = 0; i < a.size(); ++i) {
    double k = (kb * 20 / a.find_column("msd_20")->values[i] + kb * 40 / a.find_column("msd_40")->values[i]) / 2;
    EXPECT_NEAR(a.find_column("K")->values[i], k, 1e-9 * k);
  }
  // Summary with the split-half reliability; no partial files left behind.
  auto j = nlohmann::json::parse(slurp(dir.path / "two.json"));
  EXPECT_TRUE(j["split_half_pearson"].is_number());
  EXPECT_EQ(j["replicas"], 2);
  EXPECT_NE(two.out.find("split-half reliability"), std::string::npos);
  for (const auto& e : std::filesystem::directory_iterator(dir.path))
    EXPECT_EQ(e.path().filename().string().find(".part"), std::string::npos) << e.path();
}

namespace {

/// Starts `glassml ARGS` in the background in `dir`; returns its pid.
pid_t launch(const ScratchDir& dir, const std::string& args, const std::string& name) {
  const std::string cmd = "cd " + dir.path.string() + " && { " + GLASSML_BINARY + " " + args + " > " + name +
                          ".out 2> " + name + ".err & echo $! > " + name + ".pid; }";
  if (std::system(cmd.c_str()) != 0) return -1;
  return std::stoi(slurp(dir.path / (name + ".pid")));
}

/// Waits until the run state file `json` reports `phase` (or the process ends), then SIGKILLs
/// the process. True if it was killed in that state.
bool kill_in_phase(pid_t pid, const std::string& json, int phase) {
  bool reached = false;
  for (int i = 0; i < 6000 && !reached && ::kill(pid, 0) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    try {
      reached = nlohmann::json::parse(slurp(json)).at("phase").get<int>() >= phase;
    } catch (const std::exception&) {  // not there yet
    }
  }
  ::kill(pid, SIGKILL);
  for (int i = 0; i < 200 && ::kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  return reached;
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST(CliStiffness, AKilledJobResumesKeepingFinishedRuns) {
  ScratchDir dir("stiffness_resume");
  io::write_structure(dir / "cu.data", md::perfect_lattice(md::Lattice::Fcc, 5, 3.639, "Cu", 63.546));
  // 4 runs (T x replica) of 100 + 50 + 500 steps; restart files every 250 steps, so the window
  // is two sub-windows.
  const std::string args = "--quiet stiffness cu.data --tau 1 --equilibration 0.2 --settle 0.1 --restart-every 0.5 "
                           "--temperatures 20,40 --replicas 2";
  auto a = dir.run(args + " -o a.dump");
  ASSERT_EQ(a.code, 0) << a.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "a.partial"));  // removed with the output written

  // Killed (SIGKILL) in the third run's window: runs 1-2 finished, run 3 half-way, run 4 not started.
  pid_t pid = launch(dir, args + " -o b.dump", "b1");
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(kill_in_phase(pid, dir / "b.partial/T40_r0.json", 2)) << slurp(dir.path / "b1.err");
  ASSERT_FALSE(std::filesystem::exists(dir / "b.dump"));
  ASSERT_TRUE(std::filesystem::exists(dir / "b.partial/T20_r1.msd.npy"));
  auto b = dir.run(args + " -o b.dump");
  ASSERT_EQ(b.code, 0) << b.err;
  EXPECT_NE(b.out.find("2 of 4 runs finished earlier (kept, not rerun), 1 continued from their last restart"),
            std::string::npos) << b.out;
  auto j = nlohmann::json::parse(slurp(dir.path / "b.json"));
  EXPECT_EQ(j["runs_kept_from_earlier_attempt"], 2);
  EXPECT_EQ(j["runs_resumed_from_restart"], 1);
  // The second attempt's LAMMPS log (rewritten by it) shows the two runs it did, one resumed.
  const std::string log = slurp(dir.path / "b.lammps.log");
  EXPECT_EQ(count_of(log, "print \"glassml stiffness: T ="), 2u) << log.substr(0, 2000);
  EXPECT_EQ(count_of(log, ", resumed in phase 2 at step 250\""), 1u);  // the command's echo
  EXPECT_FALSE(std::filesystem::exists(dir / "b.partial"));

  // Same numbers as the uninterrupted job, bit for bit, the resumed run included: every chunk
  // starts with a LAMMPS setup (`run pre yes`: neighbour lists and atom sort rebuilt), and the
  // restart file holds positions, velocities, image flags and thermostat state exactly.
  auto ra = io::read_structure(dir / "a.dump");
  auto rb = io::read_structure(dir / "b.dump");
  for (const char* col : {"msd_20", "msd_40", "K"}) EXPECT_EQ(ra.find_column(col)->values, rb.find_column(col)->values) << col;

  // A different command starts over instead of mixing runs of two protocols.
  pid = launch(dir, args + " -o c.dump", "c1");
  ASSERT_TRUE(kill_in_phase(pid, dir / "c.partial/T20_r1.json", 1));
  auto c = dir.run(args + " -o c.dump --seed 2");
  ASSERT_EQ(c.code, 0) << c.err;
  EXPECT_NE(c.err.find("holds runs made with other settings: starting over"), std::string::npos) << c.err;
  EXPECT_EQ(c.out.find("resumed from"), std::string::npos) << c.out;
  EXPECT_EQ(nlohmann::json::parse(slurp(dir.path / "c.json"))["runs_kept_from_earlier_attempt"], 0);
}

TEST(CliStiffness, AKilledParallelJobResumes) {
  // --jobs 2: the children die with the parent and the rerun gives the uninterrupted numbers.
  ScratchDir dir("stiffness_resume_jobs");
  io::write_structure(dir / "cu.data", md::perfect_lattice(md::Lattice::Fcc, 5, 3.639, "Cu", 63.546));
  const std::string args = "--quiet stiffness cu.data --tau 1 --equilibration 0.2 --settle 0.1 --restart-every 0.5 "
                           "--temperatures 20,40 --jobs 2";
  auto a = dir.run(args + " -o a.dump");
  ASSERT_EQ(a.code, 0) << a.err;
  pid_t pid = launch(dir, args + " -o jobs_b.dump", "b1");
  ASSERT_TRUE(kill_in_phase(pid, dir / "jobs_b.partial/T40_r0.json", 2)) << slurp(dir.path / "b1.err");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // children get SIGKILL from the kernel
  EXPECT_NE(std::system(("pgrep -f '[j]obs_b.dump' > /dev/null")), 0) << "orphaned children still run";
  auto b = dir.run(args + " -o jobs_b.dump");
  ASSERT_EQ(b.code, 0) << b.err;
  EXPECT_NE(b.out.find("resumed from jobs_b.partial"), std::string::npos) << b.out;
  auto ra = io::read_structure(dir / "a.dump");
  auto rb = io::read_structure(dir / "jobs_b.dump");
  for (const char* col : {"msd_20", "msd_40", "K"}) EXPECT_EQ(ra.find_column(col)->values, rb.find_column(col)->values) << col;
}
