// Metrics against hand-computed values, SciPy 1.10.1 (frozen, Debian python3-scipy, 2026-11-24:
// scipy.stats.pearsonr / spearmanr on the same numbers) and the no-ties Spearman formula.
#include <gtest/gtest.h>

#include <cmath>

#include "ml/metrics.hpp"
#include "ml/random.hpp"

namespace glassml::ml {
namespace {

TEST(Metrics, SmallCaseByHand) {
  // errors {1, 0, 1, -1}: MSE = MAE = 0.75; SS_tot = 5 -> R² = 1 - 3/5.
  const Metrics m = compute_metrics({1, 2, 3, 4}, {2, 2, 4, 3});
  EXPECT_EQ(m.n, 4u);
  EXPECT_DOUBLE_EQ(m.mse, 0.75);
  EXPECT_DOUBLE_EQ(m.rmse, std::sqrt(0.75));
  EXPECT_DOUBLE_EQ(m.mae, 0.75);
  EXPECT_DOUBLE_EQ(m.r2, 0.4);
  EXPECT_NEAR(m.pearson, 2.5 / std::sqrt(13.75), 1e-15);
  EXPECT_NEAR(m.pearson, 0.674199862463242, 1e-14);    // scipy.stats.pearsonr
  EXPECT_NEAR(m.spearman, 0.7378647873726218, 1e-14);  // scipy.stats.spearmanr (tie in pred)
  EXPECT_DOUBLE_EQ(m.mean_true, 2.5);
  EXPECT_DOUBLE_EQ(m.mean_pred, 2.75);
}

TEST(Metrics, RanksAverageTies) {
  EXPECT_EQ(average_ranks({10, 30, 20, 30, 10}), (std::vector<double>{1.5, 4.5, 3, 4.5, 1.5}));
  EXPECT_NEAR(spearman({1, 1, 2, 3, 3, 3}, {6, 5, 5, 4, 2, 1}), -0.8923696147963381, 1e-14);  // scipy
}

TEST(Metrics, SpearmanWithoutTiesMatchesTheRankDifferenceFormula) {
  // rho = 1 - 6 sum d² / (n (n² - 1)) when no values tie.
  Random rng(8);
  std::vector<double> a(500), b(500);
  for (std::size_t i = 0; i < a.size(); ++i) {
    a[i] = rng.uniform();
    b[i] = a[i] + 0.3 * rng.uniform();
  }
  const auto ra = average_ranks(a), rb = average_ranks(b);
  double d2 = 0;
  for (std::size_t i = 0; i < a.size(); ++i) d2 += (ra[i] - rb[i]) * (ra[i] - rb[i]);
  const double n = 500.0;
  EXPECT_NEAR(spearman(a, b), 1.0 - 6.0 * d2 / (n * (n * n - 1)), 1e-12);
}

TEST(Metrics, PerfectAndConstantPredictions) {
  const Metrics p = compute_metrics({1, 5, 2}, {1, 5, 2});
  EXPECT_EQ(p.mse, 0.0);
  EXPECT_DOUBLE_EQ(p.r2, 1.0);
  EXPECT_DOUBLE_EQ(p.pearson, 1.0);
  const Metrics c = compute_metrics({1, 5, 3}, {3, 3, 3});  // predicting the mean: R² = 0
  EXPECT_DOUBLE_EQ(c.r2, 0.0);
  EXPECT_TRUE(std::isnan(c.pearson));
  EXPECT_TRUE(c.to_json()["pearson"].is_null());
}

TEST(Metrics, GroupAverageSortsByTruthAndDropsThePartialGroup) {
  const std::vector<double> t{5, 1, 4, 2, 3, 6, 0.5}, p{50, 10, 40, 20, 30, 60, 5};
  std::vector<double> tg, pg;
  group_average(t, p, 2, tg, pg);
  EXPECT_EQ(tg, (std::vector<double>{0.75, 2.5, 4.5}));  // (0.5,1) (2,3) (4,5); 6 dropped
  EXPECT_EQ(pg, (std::vector<double>{7.5, 25, 45}));
}

TEST(Metrics, EvaluatePerSpeciesEqualsMetricsOfTheSubset) {
  Random rng(3);
  std::vector<double> t(450), p(450);
  std::vector<int> s(450);
  std::vector<double> t1, p1;
  for (std::size_t i = 0; i < t.size(); ++i) {
    s[i] = static_cast<int>(i % 3 == 0);
    t[i] = rng.uniform() + s[i];
    p[i] = t[i] + 0.2 * rng.uniform(-1, 1);
    if (s[i] == 1) {
      t1.push_back(t[i]);
      p1.push_back(p[i]);
    }
  }
  const Evaluation ev = evaluate(t, p, s, {"Cu", "Zr"}, 100);
  ASSERT_EQ(ev.parts.size(), 3u);
  EXPECT_EQ(ev.parts[0].single.n, 450u);
  EXPECT_EQ(ev.parts[0].grouped.n, 4u);
  EXPECT_EQ(ev.parts[2].species, "Zr");
  EXPECT_EQ(ev.parts[2].single.n, 150u);
  EXPECT_DOUBLE_EQ(ev.parts[2].single.mse, compute_metrics(t1, p1).mse);
  EXPECT_EQ(ev.parts[2].grouped.n, 1u);
  const auto j = ev.to_json();
  EXPECT_EQ(j["species"]["Cu"]["single_atom"]["n"], 300);
  EXPECT_EQ(j["all"]["grouped"]["n"], 4);
}

TEST(Metrics, MismatchedLengthsAreRefused) {
  EXPECT_THROW(compute_metrics({1, 2}, {1}), std::invalid_argument);
  EXPECT_THROW(compute_metrics({}, {}), std::invalid_argument);
}

}  // namespace
}  // namespace glassml::ml
