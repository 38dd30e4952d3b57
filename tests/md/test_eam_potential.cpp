#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "md/eam_potential.hpp"

using namespace glassml;
using namespace glassml::md;

namespace {
const std::string kCuZr = "/usr/share/lammps/potentials/CuZr_mm.eam.fs";
}

TEST(EamPotential, ReadsTheMendelevCuZrHeader) {
  // Values from the file itself (Debian lammps-data): line 4 "2 Cu Zr", line 5 cutoff 7.6 Å,
  // element headers "29 63.546 ..." and "40 91.224 ...".
  auto pot = read_eam_potential(kCuZr);
  EXPECT_EQ(pot.style, "eam/fs");
  EXPECT_EQ(pot.elements, (std::vector<std::string>{"Cu", "Zr"}));
  EXPECT_DOUBLE_EQ(pot.cutoff, 7.6);
  ASSERT_EQ(pot.masses.size(), 2u);
  EXPECT_DOUBLE_EQ(pot.masses[0], 63.546);
  EXPECT_DOUBLE_EQ(pot.masses[1], 91.224);
  EXPECT_EQ(pot.pair_coeff_command({"Zr", "Cu"}), "pair_coeff * * " + kCuZr + " Zr Cu");
  EXPECT_EQ(pot.pair_style_command(true), "pair_style eam/fs/opt");
}

TEST(EamPotential, ReadsAnAlloyFile) {
  auto pot = read_eam_potential("/usr/share/lammps/potentials/CuTa.eam.alloy");
  EXPECT_EQ(pot.style, "eam/alloy");
  EXPECT_EQ(pot.elements, (std::vector<std::string>{"Cu", "Ta"}));
  EXPECT_GT(pot.cutoff, 0);
  EXPECT_NEAR(pot.mass_of("Ta"), 180.95, 0.01);
}

TEST(EamPotential, RefusesMissingElementAndFile) {
  auto pot = read_eam_potential(kCuZr);
  try {
    pot.require_elements({"Cu", "Ni"});
    FAIL() << "Ni accepted";
  } catch (const ParameterError& e) {
    EXPECT_NE(std::string(e.what()).find("Ni"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find(kCuZr), std::string::npos);
  }
  EXPECT_THROW(read_eam_potential("/nonexistent/x.eam.fs"), InputError);
}

TEST(EamPotential, RefusesATruncatedFileWithItsLine) {
  auto dir = std::filesystem::temp_directory_path() / "glassml_test_eam";
  std::filesystem::create_directories(dir);
  auto path = (dir / "cut.eam.fs").string();
  {
    std::ifstream in(kCuZr);
    std::ofstream out(path);
    std::string line;
    for (int i = 0; i < 100 && std::getline(in, line); ++i) out << line << "\n";
  }
  try {
    read_eam_potential(path);
    FAIL() << "truncated file accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_GT(e.line(), 5u);
  }
  std::filesystem::remove_all(dir);
}
