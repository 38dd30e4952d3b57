#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <thread>

#include "cli_run.hpp"

namespace {

struct Row {
  long long step = -1;
  double density = 0, pe = 0;
};

/// Last MD row and the minimized row of a quench table.
std::pair<Row, Row> last_rows(const std::string& table) {
  std::istringstream in(table);
  std::string line;
  Row md, minimized;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream l(line);
    Row r;
    double t, temp, p, et, vol;
    std::string stage;
    l >> r.step >> t >> temp >> p >> r.density >> r.pe >> et >> vol >> stage;
    (stage == "minimized" ? minimized : md) = r;
  }
  return {md, minimized};
}

const std::string kArgs =
    "-n 250 --rate 1e14 --premelt-time 2 --melt-time 4 --restart-every 4 --table-every 1 --seed 3";

}  // namespace

TEST(CliQuench, KilledRunResumesToTheSameStepCountAndState) {
  ScratchDir dir("quench_restart");
  // Uninterrupted reference.
  auto a = dir.run("--quiet quench -o a.data " + kArgs);
  ASSERT_EQ(a.code, 0) << a.err;
  EXPECT_NE(a.out.find("(liquid)"), std::string::npos);
  EXPECT_NE(a.out.find("(amorphous)"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "a.restart"));  // cleaned up on success

  // Same run, killed (SIGKILL) as soon as its first restart file is complete.
  const std::string launch = "cd " + dir.path.string() + " && { " + GLASSML_BINARY + " --quiet quench -o b.data " +
                             kArgs + " > b1.out 2> b1.err & echo $! > b.pid; }";
  ASSERT_EQ(std::system(launch.c_str()), 0);
  pid_t pid = std::stoi(slurp(dir.path / "b.pid"));
  bool checkpointed = false;
  for (int i = 0; i < 3000 && !checkpointed; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    checkpointed = std::filesystem::exists(dir / "b.restart") && std::filesystem::exists(dir / "b.restart.json");
  }
  ASSERT_TRUE(checkpointed) << slurp(dir.path / "b1.err");
  ::kill(pid, SIGKILL);
  for (int i = 0; i < 100 && ::kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_FALSE(std::filesystem::exists(dir / "b.data")) << "killed before the end";

  auto b = dir.run("--quiet quench -o b.data " + kArgs);
  ASSERT_EQ(b.code, 0) << b.err;
  EXPECT_NE(b.out.find("resumed from step"), std::string::npos) << b.out;

  auto [a_md, a_min] = last_rows(slurp(dir.path / "a.thermo.txt"));
  auto [b_md, b_min] = last_rows(slurp(dir.path / "b.thermo.txt"));
  // Same protocol end: 1000 + 2000 + round(1950 K / 1e14 K/s / 2 fs) = 3000 + 9750 steps.
  EXPECT_EQ(a_md.step, 12750);
  EXPECT_EQ(b_md.step, a_md.step);
  // Same state within thermal noise (the trajectories diverge after the restart): 250-atom
  // samples of this protocol scatter by ~0.5 % in density and ~0.005 eV/atom in energy.
  EXPECT_NEAR(b_min.density / a_min.density, 1.0, 0.015);
  EXPECT_NEAR(b_min.pe, a_min.pe, 0.02);
  // The resumed table covers the whole run, from step 0.
  EXPECT_NE(slurp(dir.path / "b.thermo.txt").find("\n0 0.0000"), std::string::npos);
}

TEST(CliQuench, RestartWithOtherParametersIsRefused) {
  ScratchDir dir("quench_restart_mismatch");
  const std::string launch = "cd " + dir.path.string() + " && { " + GLASSML_BINARY + " --quiet quench -o c.data " +
                             kArgs + " > c1.out 2> c1.err & echo $! > c.pid; }";
  ASSERT_EQ(std::system(launch.c_str()), 0);
  pid_t pid = std::stoi(slurp(dir.path / "c.pid"));
  bool checkpointed = false;
  for (int i = 0; i < 3000 && !checkpointed; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    checkpointed = std::filesystem::exists(dir / "c.restart.json");
  }
  ::kill(pid, SIGKILL);
  ASSERT_TRUE(checkpointed);
  for (int i = 0; i < 100 && ::kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto r = dir.run("--quiet quench -o c.data -n 250 --rate 1e14 --premelt-time 2 --melt-time 4 --seed 4");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("made with different parameters (seed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--fresh"), std::string::npos) << r.err;
}
