#include <gtest/gtest.h>

#include "cli_run.hpp"

namespace {

/// Lines of stderr that are not progress output.
std::string error_lines(const std::string& err) {
  std::string out, line;
  std::istringstream in(err);
  while (std::getline(in, line))
    if (line.rfind("glassml: error:", 0) == 0) out += line + "\n";
  return out;
}

}  // namespace

TEST(CliValidation, BadQuenchParametersStopBeforeLammps) {
  ScratchDir dir("validation");
  struct Case {
    std::string args, fragment;
  };
  const Case cases[] = {
      {"--potential /nonexistent/CuZr.eam.fs", "/nonexistent/CuZr.eam.fs: potential file not found"},
      {"--composition Cu50Ni50", "no element 'Ni'"},
      {"--rate -1e12", "--rate"},
      {"--melt-temperature 0", "--melt-temperature"},
      {"--final-temperature 2500", "--final-temperature"},
      {"-n 100", "twice the cutoff"},
      {"--timestep 0.1", "--timestep"},
      {"--composition Cu50Xx50", "'Xx' is not an element"},
  };
  for (const auto& c : cases) {
    auto r = dir.run("quench -o s.data " + c.args);
    EXPECT_EQ(r.code, 1) << c.args;
    std::string errors = error_lines(r.err);
    EXPECT_NE(errors.find(c.fragment), std::string::npos) << c.args << " -> " << r.err;
    EXPECT_EQ(std::count(errors.begin(), errors.end(), '\n'), 1) << "one line: " << r.err;
    // No output, and LAMMPS never started (it would have opened its log).
    EXPECT_FALSE(std::filesystem::exists(dir / "s.data")) << c.args;
    EXPECT_FALSE(std::filesystem::exists(dir / "s.lammps.log")) << c.args;
  }
}

TEST(CliValidation, BadStiffnessParametersStopBeforeLammps) {
  ScratchDir dir("validation_stiffness");
  const std::string sample = std::string(GLASSML_SHARED_DATA) + "/cuzr2000-q1e13/s1.data";
  struct Case {
    std::string args, fragment;
  };
  const Case cases[] = {
      {sample + " --tau -5", "--tau"},
      {sample + " --temperatures 50,-100", "temperatures must be positive"},
      {sample + " --temperatures 50,50", "listed twice"},
      {sample + " --species Cu,Ni", "no element 'Ni'"},
      {sample + " --replicas 0", "--replicas"},
      {"missing.data", "missing.data"},
  };
  for (const auto& c : cases) {
    auto r = dir.run("stiffness -o k.dump " + c.args);
    EXPECT_EQ(r.code, 1) << c.args;
    EXPECT_NE(error_lines(r.err).find(c.fragment), std::string::npos) << c.args << " -> " << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "k.dump")) << c.args;
    EXPECT_FALSE(std::filesystem::exists(dir / "k.lammps.log")) << c.args;
  }
}

TEST(CliValidation, ALammpsFailureLeavesNoOutputAndNamesTheLog) {
  // Valid parameters that make the dynamics blow up (600,000 K with a 10 fs step): LAMMPS
  // stops with an ERROR and exits the process; glassml must report it with the log's path.
  ScratchDir dir("lammps_failure");
  auto r = dir.run("quench -o s.data -n 250 --premelt-temperature 300000 --premelt-time 1 --melt-time 1 "
                   "--timestep 0.01 --pdamp 0.1 --rate 1e15");
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.err.find("glassml: error: LAMMPS stopped: ERROR"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("LAMMPS log: s.lammps.log"), std::string::npos) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "s.lammps.log"));
  EXPECT_FALSE(std::filesystem::exists(dir / "s.data"));
  EXPECT_FALSE(std::filesystem::exists(dir / "s.thermo.txt"));
  for (const auto& e : std::filesystem::directory_iterator(dir.path))
    EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
}

TEST(CliValidation, ASolidMeltIsRefused) {
  // 300 K is far below the liquidus: the random bcc start stays solid (MSD ≪ 2 Å²), so the
  // quench must stop after the melt stage instead of reporting a "glass".
  ScratchDir dir("solid_melt");
  auto r = dir.run("--quiet quench -o s.data -n 250 --premelt-time 0 --melt-temperature 300 --melt-time 2 "
                   "--final-temperature 50 --rate 1e15");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(error_lines(r.err).find("the melt is not a liquid"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "s.data"));
  EXPECT_FALSE(std::filesystem::exists(dir / "s.thermo.txt"));
}

TEST(CliValidation, PotentialOptionsReadAndFailAlikeInEveryCommand) {
  // cli/potential_options: one set of options and messages for quench, stiffness and harmonic.
  ScratchDir dir("potential_options");
  const std::string sample = std::string(GLASSML_SHARED_DATA) + "/cuzr2000-q1e13/s1.data";
  struct Case {
    std::string args, fragment;
  };
  const Case cases[] = {
      {"--pair-style lj/cut", "--pair-style lj/cut: expected eam/fs or eam/alloy"},
      {"--pair-style eam/fs/opt --no-opt", "--pair-style eam/fs/opt contradicts --no-opt"},
      {"--potential ''", "--potential: empty file name"},
      {"--potential /nonexistent/CuZr.eam.fs", "/nonexistent/CuZr.eam.fs: potential file not found"},
  };
  for (const std::string& command : std::vector<std::string>{"quench -o out.data", "stiffness " + sample + " -o out.dump",
                                                             "harmonic " + sample + " -o out.dump"})
    for (const auto& c : cases) {
      auto r = dir.run(command + " " + c.args);
      EXPECT_EQ(r.code, 1) << command << " " << c.args;
      const std::string errors = error_lines(r.err);
      EXPECT_NE(errors.find(c.fragment), std::string::npos) << command << " " << c.args << " -> " << r.err;
      EXPECT_EQ(std::count(errors.begin(), errors.end(), '\n'), 1) << "one line: " << r.err;
      EXPECT_FALSE(std::filesystem::exists(dir / "out.data") || std::filesystem::exists(dir / "out.dump"));
      EXPECT_FALSE(std::filesystem::exists(dir / "out.lammps.log")) << "LAMMPS started: " << command << " " << c.args;
    }
  for (const std::string& command : std::vector<std::string>{"stiffness " + sample, "harmonic " + sample}) {
    auto r = dir.run(command + " -o out.dump --species Cu,Xx");
    EXPECT_NE(error_lines(r.err).find("--species: 'Xx' is not an element symbol"), std::string::npos) << r.err;
    r = dir.run(command + " -o out.dump --species Cu,Ni");
    EXPECT_NE(error_lines(r.err).find("--species: /usr/share/lammps/potentials/CuZr_mm.eam.fs has no element 'Ni'"),
              std::string::npos)
        << r.err;
  }
  // quench takes its species from --composition.
  EXPECT_EQ(dir.run("quench --help").out.find("--species"), std::string::npos);
}
