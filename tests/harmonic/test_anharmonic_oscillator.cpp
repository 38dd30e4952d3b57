// The one-dimensional anharmonic oscillator of md/anharmonic_oscillator.hpp against independent
// truths: the five-point coefficients against the analytic derivatives of a quartic and of a
// Morse potential, the first-order thermal variance and the grid quadrature against a direct
// numerical integration of the Boltzmann average on a dense grid of the exact potential.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "md/anharmonic_oscillator.hpp"

using namespace glassml::md;

namespace {

using Potential = std::function<double(double)>;

/// ⟨q⟩ and ⟨q²⟩ − ⟨q⟩² of exp(−V/kT) on [−L, L] by the trapezoid rule on 400,001 points of the
/// exact V (the oracle: no spline, no expansion). `plateau`: V replaced by its running maximum
/// outward from 0.
ThermalMoments oracle(const Potential& v, double kT, double L, bool plateau = false) {
  const int n = 200000;
  double z = 0, s1 = 0, s2 = 0;
  for (int side : {-1, 1}) {
    double vmax = 0;
    for (int j = side > 0 ? 1 : 0; j <= n; ++j) {
      const double q = side * L * j / n;
      double e = v(q);
      if (plateau) vmax = std::max(vmax, e), e = vmax;
      const double w = (j == n ? 0.5 : 1.0) * std::exp(-e / kT);
      z += w, s1 += w * q, s2 += w * q * q;
    }
  }
  return {s1 / z, s2 / z - (s1 / z) * (s1 / z)};
}

Potential quartic(double lambda, double c3, double c4) {
  return [=](double q) { return 0.5 * lambda * q * q + c3 * q * q * q / 6 + c4 * q * q * q * q / 24; };
}

LineProfile profile(const Potential& v, double lambda, double q_max, int half) {
  LineProfile p;
  p.lambda = lambda, p.spacing = q_max / half;
  for (int j = -half; j <= half; ++j) p.energy.push_back(v(j * p.spacing) - v(0));
  return p;
}

}  // namespace

TEST(HarmonicAnharmonicOscillator, FivePointCoefficientsOfAQuarticAreExact) {
  const double lambda = 0.37, c3 = -1.3, c4 = 2.9;
  const auto v = quartic(lambda, c3, c4);
  for (double a : {1e-2, 0.1, 0.7}) {
    const QuarticCoefficients c = quartic_coefficients(v(-2 * a), v(-a), v(a), v(2 * a), a);
    EXPECT_NEAR(c.c3, c3, 1e-9 / (a * a * a)) << a;  // round-off ~1e-16 / a³
    EXPECT_NEAR(c.c4, c4, 1e-9 / (a * a * a * a)) << a;
  }
}

TEST(HarmonicAnharmonicOscillator, FivePointCoefficientsOfMorseConvergeAsStepSquared) {
  // V = D (1 − e^{−αq})²: V''(0) = 2Dα², V'''(0) = −6Dα³, V''''(0) = 14Dα⁴.
  const double D = 0.8, alpha = 1.7;
  const Potential v = [=](double q) { return D * std::pow(1 - std::exp(-alpha * q), 2); };
  const double c3 = -6 * D * std::pow(alpha, 3), c4 = 14 * D * std::pow(alpha, 4);
  double err3[2], err4[2];
  for (int s = 0; s < 2; ++s) {
    const double a = 0.02 / (1 << s);
    const QuarticCoefficients c = quartic_coefficients(v(-2 * a), v(-a), v(a), v(2 * a), a);
    err3[s] = std::abs(c.c3 / c3 - 1), err4[s] = std::abs(c.c4 / c4 - 1);
  }
  EXPECT_LT(err3[1], 2e-3);
  EXPECT_LT(err4[1], 2e-3);
  EXPECT_NEAR(err3[0] / err3[1], 4.0, 0.2);  // O(a²)
  EXPECT_NEAR(err4[0] / err4[1], 4.0, 0.2);
}

TEST(HarmonicAnharmonicOscillator, FirstOrderVarianceMatchesBoltzmannIntegralAtLowT) {
  // Convex (V'' = λ + c3 q + c4 q²/2 > 0 everywhere), confined by the quartic term.
  const double lambda = 1.0, c3 = 0.9, c4 = 0.6;
  const auto v = quartic(lambda, c3, c4);
  double err[3];
  for (int s = 0; s < 3; ++s) {
    const double kT = 0.02 / (1 << s), L = 14 * std::sqrt(kT / lambda);
    const ThermalMoments exact = oracle(v, kT, L);
    const ThermalMoments pt = perturbative_moments(lambda, {c3, c4}, kT);
    // Compare the deviations from the harmonic value k_B T/λ, first order in T:
    // k_B T (c3²/λ³ − c4/2λ²) = 0.51 k_B T.
    const double harmonic = kT / lambda, dev_exact = exact.variance / harmonic - 1, dev_pt = pt.variance / harmonic - 1;
    EXPECT_NEAR(dev_pt, kT * (c3 * c3 - c4 / 2), 1e-15);
    err[s] = std::abs(dev_pt - dev_exact);
    EXPECT_LT(err[s], 0.1 * std::abs(dev_exact)) << kT;
    EXPECT_NEAR(pt.mean, exact.mean, 0.05 * std::abs(exact.mean)) << kT;  // ⟨q⟩ = −c3 kT / 2λ²
  }
  // The remainder is second order in T: halving T divides it by ~4.
  EXPECT_NEAR(err[0] / err[1], 4.0, 0.6);
  EXPECT_NEAR(err[1] / err[2], 4.0, 0.6);
}

TEST(HarmonicAnharmonicOscillator, SignsOfTheCorrection) {
  // A stiffening quartic narrows the distribution, a cubic widens it (c3²/λ³ > 0).
  EXPECT_LT(perturbative_moments(1.0, {0.0, 1.0}, 0.01).variance, 0.01);
  EXPECT_GT(perturbative_moments(1.0, {1.0, 0.0}, 0.01).variance, 0.01);
  const ThermalMoments c = perturbative_moments(0.5, {0.3, 0.0}, 0.02);
  EXPECT_NEAR(c.mean, -0.3 * 0.02 / (2 * 0.25), 1e-15);  // c3 > 0: steeper at q > 0, the mean shifts down
}

TEST(HarmonicAnharmonicOscillator, GridQuadratureMatchesBoltzmannIntegral) {
  // Strongly anharmonic lines on the grid the modes use (J = 8, q_max = 4 σ at the highest T),
  // moments at that T and at a sixth of it, against the oracle on the same interval (the wall).
  const double D = 0.8, alpha = 1.7, lambda_m = 2 * D * alpha * alpha;
  const Potential morse = [=](double q) { return D * std::pow(1 - std::exp(-alpha * q), 2); };
  const struct {
    Potential v;
    double lambda;
  } cases[] = {{quartic(0.2, 0.9, -0.4), 0.2}, {quartic(0.05, -0.1, 0.6), 0.05}, {morse, lambda_m}};
  for (const auto& c : cases) {
    const double kt_max = 0.02585, q_max = 4 * std::sqrt(kt_max / c.lambda);
    const LineBoltzmann b(profile(c.v, c.lambda, q_max, 8));
    for (double kT : {kt_max, kt_max / 6}) {
      const ThermalMoments exact = oracle(c.v, kT, q_max, true), mine = b.moments(kT);
      EXPECT_NEAR(mine.variance / exact.variance, 1.0, 2e-3) << "lambda " << c.lambda << " kT " << kT;
      EXPECT_NEAR(mine.mean, exact.mean, 2e-3 * std::sqrt(exact.variance)) << "lambda " << c.lambda << " kT " << kT;
      // The check has teeth: these lines are far from harmonic at k_B T_max.
      if (kT == kt_max) {
        EXPECT_GT(std::abs(exact.variance / (kT / c.lambda) - 1), 0.05) << c.lambda;
      }
    }
  }
}

TEST(HarmonicAnharmonicOscillator, BarrierBecomesAPlateau) {
  // V = ½ λ q² − b q⁴: a barrier at q* = √(λ / 4b) of height λ²/16b, inside the grid.
  const double lambda = 0.3, b = 0.05;
  const Potential v = [=](double q) { return 0.5 * lambda * q * q - b * q * q * q * q; };
  const double q_max = 2.0 * std::sqrt(lambda / (4 * b));
  const LineBoltzmann line(profile(v, lambda, q_max, 8));
  EXPECT_TRUE(line.has_barrier());
  const double kT = 0.02;
  const ThermalMoments exact = oracle(v, kT, q_max, true);
  EXPECT_NEAR(line.moments(kT).variance / exact.variance, 1.0, 1e-2);
  // The plateau reaches the wall at the barrier's height.
  EXPECT_NEAR(line.edge_weight(kT) / std::exp(-lambda * lambda / (16 * b) / kT), 1.0, 1e-2);
  EXPECT_FALSE(LineBoltzmann(profile(quartic(1, 0, 1), 1, 1.0, 8)).has_barrier());
}
