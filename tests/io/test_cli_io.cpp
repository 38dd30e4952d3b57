// `glassml info` and `glassml convert` as a user runs them: on every reference sample, and on bad input.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "io/structure_file.hpp"
#include "io_test_util.hpp"

namespace {

struct Result {
  int status;
  std::string out;
};

// Runs a shell command, capturing stdout (stderr is redirected by the caller when wanted).
Result run(const std::string& cmd) {
  Result r{0, {}};
  FILE* p = popen(cmd.c_str(), "r");
  std::array<char, 4096> buf;
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) r.out.append(buf.data(), n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

const std::string kBin = GLASSML_BINARY;
const std::string kDir = std::string(GLASSML_SHARED_DATA) + "/cuzr2000-q1e13/";

}  // namespace

TEST(CliInfo, EveryReferenceSampleHasItsStatedCountsAndDensity) {
  for (int s = 1; s <= 10; ++s) {
    for (const char* ext : {".data", ".dump"}) {
      auto r = run(kBin + " info --json " + kDir + "s" + std::to_string(s) + ext);
      ASSERT_EQ(r.status, 0) << r.out;
      auto j = nlohmann::json::parse(r.out);
      EXPECT_EQ(j["atoms"], 2000);
      EXPECT_EQ(j["types"][0]["species"], "Cu");
      EXPECT_EQ(j["types"][0]["atoms"], 1000);
      EXPECT_EQ(j["types"][1]["species"], "Zr");
      EXPECT_EQ(j["types"][1]["atoms"], 1000);
      // README of the data set: mass density after minimization ~ 7.19 g/cm3 (the ten samples
      // span 7.169-7.194: quench-to-quench scatter).
      EXPECT_NEAR(j["mass_density_g_per_cm3"].get<double>(), 7.19, 0.025) << "sample " << s;
      // And exactly what the box and the standard atomic weights give.
      double v = j["volume_A3"].get<double>();
      double rho = (1000 * 63.546 + 1000 * 91.224) / 6.02214076e23 / (v * 1e-24);
      EXPECT_NEAR(j["mass_density_g_per_cm3"].get<double>(), rho, 1e-12);
      double lx = j["box"]["lengths_A"][0].get<double>();
      EXPECT_NEAR(v, lx * lx * lx, 1e-9 * v);  // cubic box
      EXPECT_EQ(j["frames"], 1);
    }
  }
}

TEST(CliInfo, TextOutputHasUnits) {
  auto r = run(kBin + " info " + kDir + "s1.dump");
  ASSERT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("mass density:   7.19"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("g/cm^3"), std::string::npos);
  EXPECT_NE(r.out.find("atoms/A^3"), std::string::npos);
  EXPECT_NE(r.out.find("Cu 1000, Zr 1000"), std::string::npos);
}

TEST(CliInfo, BadInputIsOneLineAndNonZeroExit) {
  glassml::test::ScratchDir dir("cli");
  const std::string bad = dir.file("bad.data");
  std::ofstream(bad) << "title\n\n2 atoms\n1 atom types\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\nAtoms\n\n1 1 0 0 0\n2 1 x 0 0\n";
  auto r = run(kBin + " info " + bad + " 2>&1");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "glassml: error: " + bad + ":12: x 'x' is not a number\n");
  auto missing = run(kBin + " info /nonexistent.data 2>&1");
  EXPECT_NE(missing.status, 0);
  EXPECT_NE(missing.out.find("/nonexistent.data"), std::string::npos);
}

TEST(CliInfo, HelpAndVersion) {
  auto h = run(kBin + " info --help");
  EXPECT_EQ(h.status, 0);
  EXPECT_NE(h.out.find("--species"), std::string::npos);
  auto v = run(kBin + " --version");
  EXPECT_EQ(v.status, 0);
  EXPECT_EQ(v.out.rfind("glassml ", 0), 0u);
}

TEST(CliConvert, DumpToXyzToDataKeepsAtomsAndColumns) {
  glassml::test::ScratchDir dir("convert");
  const std::string xyz = dir.file("s.xyz"), data = dir.file("s.data");
  ASSERT_EQ(run(kBin + " convert " + kDir + "s2.dump " + xyz + " 2>/dev/null").status, 0);
  ASSERT_EQ(run(kBin + " convert " + xyz + " " + data + " 2>/dev/null").status, 0);
  auto original = glassml::io::read_structure(kDir + "s2.dump");
  auto via_xyz = glassml::io::read_structure(xyz);
  auto via_data = glassml::io::read_structure(data);
  EXPECT_EQ(via_xyz.find_column("K")->values, original.find_column("K")->values);
  ASSERT_EQ(via_data.size(), original.size());
  EXPECT_EQ(via_data.species_of_type, original.species_of_type);
  for (std::size_t i = 0; i < original.size(); ++i) ASSERT_EQ(via_data.position[i], original.position[i]);
  // Two frames cannot go into one data file without --frame.
  const std::string two = dir.file("two.dump");
  glassml::io::write_frames(two, {original, original});
  auto r = run(kBin + " convert " + two + " " + dir.file("x.data") + " 2>&1");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("holds one configuration"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(dir.file("x.data")));
  EXPECT_EQ(run(kBin + " convert --frame -1 " + two + " " + dir.file("x.data") + " 2>/dev/null").status, 0);
}
