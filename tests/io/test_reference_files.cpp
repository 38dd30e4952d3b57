// The reference samples of ../shared/data (written by plain LAMMPS) read as their README states.
#include <gtest/gtest.h>

#include "core/constants.hpp"
#include "io/structure_file.hpp"

using namespace glassml;

namespace {
const std::string kDir = std::string(GLASSML_SHARED_DATA) + "/cuzr2000-q1e13/";
}

TEST(ReferenceFiles, DataAndDumpDescribeTheSameSample) {
  for (int s : {1, 10}) {
    auto data = io::read_structure(kDir + "s" + std::to_string(s) + ".data");
    auto dump = io::read_structure(kDir + "s" + std::to_string(s) + ".dump");
    ASSERT_EQ(data.size(), 2000u);
    ASSERT_EQ(dump.size(), 2000u);
    EXPECT_EQ(data.count_by_type(), (std::vector<std::size_t>{1000, 1000}));
    // Species: from masses (data file) and from the element column (dump).
    EXPECT_EQ(data.species_of_type, (std::vector<std::string>{"Cu", "Zr"}));
    EXPECT_EQ(dump.species_of_type, (std::vector<std::string>{"Cu", "Zr"}));
    EXPECT_EQ(data.id, dump.id);
    EXPECT_EQ(data.type, dump.type);
    // The dump prints 10 decimals (README: format float %.10g / %.10f); the data file is exact.
    for (std::size_t i = 0; i < data.size(); ++i)
      ASSERT_LT(norm(data.box.minimum_image(data.position[i] - dump.position[i])), 1e-6) << "atom " << data.id[i];
    ASSERT_NE(dump.find_column("K"), nullptr);
    ASSERT_NE(dump.find_column("msd_300"), nullptr);
    ASSERT_NE(data.find_column("vx"), nullptr);  // the Velocities section
    // README: "Mass density after minimization ~ 7.19 g/cm3 (box ~ 32.9 A)".
    double rho = *data.total_mass() / constants::kAvogadro / (data.box.volume() * constants::kAngstrom3ToCm3);
    EXPECT_NEAR(rho, 7.19, 0.01);
    EXPECT_NEAR(data.box.lx, 32.9, 0.1);
  }
}

TEST(ReferenceFiles, StiffnessColumnIsTheMeanOfKbTOverMsd) {
  // README: K = mean over T of k_B T / msd_T. Recomputed from the file's own columns; the file
  // prints 8 significant digits, so agreement is to ~1e-7 relative.
  auto dump = io::read_structure(kDir + "s1.dump");
  const int temps[] = {50, 100, 150, 200, 250, 300};
  const auto& K = dump.find_column("K")->values;
  for (std::size_t i = 0; i < dump.size(); i += 37) {
    double sum = 0;
    for (int T : temps) sum += constants::kBoltzmann * T / dump.find_column("msd_" + std::to_string(T))->values[i];
    EXPECT_NEAR(sum / 6.0, K[i], 1e-6 * K[i]);
  }
}
