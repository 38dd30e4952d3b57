// Optimizers against hand-computed updates (Kingma & Ba 2015, Algorithm 1), and the scaler
// against directly computed means and standard deviations.
#include <gtest/gtest.h>

#include <cmath>

#include "ml/optimizer.hpp"
#include "ml/scaler.hpp"

namespace glassml::ml {
namespace {

TEST(Adam, FirstStepIsLearningRateTimesSignOfGradient) {
  // After one step m̂ = g and v̂ = g², so Δw = -alpha g / (|g| + eps).
  Adam adam({0.01, 0.9, 0.999, 1e-8, 0.0}, {true, true, false});
  std::vector<double> w{1.0, -2.0, 3.0};
  adam.step(w, {0.5, -4.0, 1e-3});
  EXPECT_NEAR(w[0], 1.0 - 0.01 * 0.5 / (0.5 + 1e-8), 1e-15);
  EXPECT_NEAR(w[1], -2.0 + 0.01 * 4.0 / (4.0 + 1e-8), 1e-15);
  EXPECT_NEAR(w[2], 3.0 - 0.01 * 1e-3 / (1e-3 + 1e-8), 1e-15);
}

TEST(Adam, SecondStepMatchesTheRecurrence) {
  Adam adam({0.1, 0.9, 0.999, 1e-8, 0.0}, {true});
  std::vector<double> w{0.0};
  adam.step(w, {1.0});
  adam.step(w, {3.0});
  const double m = 0.9 * 0.1 * 1.0 + 0.1 * 3.0, v = 0.999 * 0.001 * 1.0 + 0.001 * 9.0;
  const double mhat = m / (1 - 0.81), vhat = v / (1 - 0.999 * 0.999);
  EXPECT_NEAR(w[0], -0.1 / (1 + 1e-8) - 0.1 * mhat / (std::sqrt(vhat) + 1e-8), 1e-14);
}

TEST(Adam, L2ActsOnWeightsOnly) {
  // Zero loss gradient: the weight moves against lambda*w, the bias does not move.
  Adam adam({0.01, 0.9, 0.999, 1e-8, 0.5}, {true, false});
  std::vector<double> w{2.0, 2.0};
  adam.step(w, {0.0, 0.0});
  EXPECT_NEAR(w[0], 2.0 - 0.01, 1e-9);
  EXPECT_EQ(w[1], 2.0);
}

TEST(Adam, MinimizesAQuadratic) {
  Adam adam({0.05, 0.9, 0.999, 1e-8, 0.0}, {true, true});
  std::vector<double> w{3.0, -1.0};
  for (int i = 0; i < 2000; ++i) adam.step(w, {2 * (w[0] - 1.0), 8 * (w[1] + 0.5)});
  EXPECT_NEAR(w[0], 1.0, 1e-3);
  EXPECT_NEAR(w[1], -0.5, 1e-3);
}

TEST(Sgd, StepIsRateTimesGradientPlusDecay) {
  Sgd sgd(0.1, 0.5, {true, false});
  std::vector<double> w{1.0, 1.0};
  sgd.step(w, {2.0, 2.0});
  EXPECT_DOUBLE_EQ(w[0], 1.0 - 0.1 * (2.0 + 0.5));
  EXPECT_DOUBLE_EQ(w[1], 1.0 - 0.1 * 2.0);
}

TEST(Optimizer, BadSettingsAreRefused) {
  EXPECT_THROW(Adam({-1.0, 0.9, 0.999, 1e-8, 0.0}, {true}), std::invalid_argument);
  EXPECT_THROW(Adam({0.1, 1.0, 0.999, 1e-8, 0.0}, {true}), std::invalid_argument);
  EXPECT_THROW(Sgd(0.1, -1.0, {true}), std::invalid_argument);
}

TEST(Scaler, FitsMeanAndPopulationStdAndInverts) {
  // Columns {1,2,3,4} (mean 2.5, std sqrt(1.25)) and {7,7,7,7} (constant: scale 1).
  const std::vector<double> x{1, 7, 2, 7, 3, 7, 4, 7}, y{10, 20, 30, 40};
  const Scaler s = Scaler::fit(x, 2, y);
  EXPECT_DOUBLE_EQ(s.mean[0], 2.5);
  EXPECT_DOUBLE_EQ(s.scale[0], std::sqrt(1.25));
  EXPECT_DOUBLE_EQ(s.mean[1], 7.0);
  EXPECT_DOUBLE_EQ(s.scale[1], 1.0);
  EXPECT_DOUBLE_EQ(s.label_mean, 25.0);
  EXPECT_DOUBLE_EQ(s.label_scale, std::sqrt(125.0));
  const auto z = s.transform(x);
  EXPECT_DOUBLE_EQ(z[0], -1.5 / std::sqrt(1.25));
  EXPECT_DOUBLE_EQ(z[1], 0.0);
  auto zy = s.transform_labels(y);
  s.inverse_labels_in_place(zy);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_NEAR(zy[i], y[i], 1e-12);
}

}  // namespace
}  // namespace glassml::ml
