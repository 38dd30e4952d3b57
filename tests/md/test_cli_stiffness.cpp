#include <gtest/gtest.h>

#include <cmath>
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
