#include <gtest/gtest.h>

#include <cmath>

#include "core/constants.hpp"
#include "md/stiffness_labels.hpp"

using namespace glassml::md;

TEST(StiffnessLabels, KIsTheMeanOverTOfKbTOverMsd) {
  // Two atoms, two temperatures, one replica: K_i = (kB·50/msd_50 + kB·300/msd_300) / 2.
  const double kb = glassml::constants::kBoltzmann;
  std::vector<std::vector<double>> msd{{0.004, 0.008}, {0.03, 0.05}};
  auto l = stiffness_labels({50, 300}, 1, msd, {1, 2});
  ASSERT_EQ(l.k.size(), 2u);
  EXPECT_DOUBLE_EQ(l.k[0], (kb * 50 / 0.004 + kb * 300 / 0.03) / 2);
  EXPECT_DOUBLE_EQ(l.k[1], (kb * 50 / 0.008 + kb * 300 / 0.05) / 2);
  EXPECT_FALSE(l.split_half_r.has_value());
  EXPECT_EQ(msd_column_name(50), "msd_50");
  EXPECT_EQ(msd_column_name(62.5), "msd_62.5");
}

TEST(StiffnessLabels, ReplicasAverageMsdAndSplitHalfCorrelates) {
  // 4 replicas at one T; halves {0,1} and {2,3}. MSD per replica chosen so that the halves'
  // means are proportional (r = 1 exactly) and the full mean is known.
  std::vector<std::vector<double>> msd{{1, 2, 3, 4}, {3, 6, 9, 12}, {2, 4, 6, 8}, {2, 4, 6, 8}};
  auto l = stiffness_labels({100}, 4, msd, {1, 1, 2, 2});
  EXPECT_DOUBLE_EQ(l.msd[0][0], 2.0);
  EXPECT_DOUBLE_EQ(l.msd[0][3], 8.0);
  ASSERT_TRUE(l.split_half_r.has_value());
  EXPECT_NEAR(*l.split_half_r, 1.0, 1e-12);
  EXPECT_NEAR(*l.spearman_brown, 1.0, 1e-12);
  ASSERT_EQ(l.split_half_r_by_type.size(), 2u);
  EXPECT_NEAR(l.split_half_r_by_type[0].value(), 1.0, 1e-12);
}

TEST(StiffnessLabels, PearsonMatchesAHandComputedValue) {
  // x = 1..5, y = (2,1,4,3,5): cov = 2.0·5/5... by hand: Σdxdy = 8, Σdx² = Σdy² = 10 -> r = 0.8.
  auto r = pearson({1, 2, 3, 4, 5}, {2, 1, 4, 3, 5});
  ASSERT_TRUE(r.has_value());
  EXPECT_NEAR(*r, 0.8, 1e-14);
  EXPECT_FALSE(pearson({1, 1, 1}, {1, 2, 3}).has_value());
  // Spearman–Brown of r = 0.8: 1.6/1.8.
  std::vector<std::vector<double>> msd{{1, 2, 3, 4, 5}, {2, 1, 4, 3, 5}};
  auto l = stiffness_labels({100}, 2, msd, {1, 1, 1, 1, 1});
  // K ∝ 1/msd: correlation of reciprocals, computed independently here.
  std::vector<double> a, b;
  for (int i = 0; i < 5; ++i) a.push_back(1.0 / msd[0][i]), b.push_back(1.0 / msd[1][i]);
  EXPECT_NEAR(*l.split_half_r, *pearson(a, b), 1e-14);
  EXPECT_NEAR(*l.spearman_brown, 2 * *l.split_half_r / (1 + *l.split_half_r), 1e-14);
}
