#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

#include "md/initial_structure.hpp"
#include "md/structure_factor.hpp"

using namespace glassml;
using namespace glassml::md;

TEST(StructureFactor, PerfectFccHasBraggPeakEqualToN) {
  // Analytic: at a reciprocal-lattice vector of a perfect crystal every phase is 1, S = N.
  // fcc Cu a = 3.615 Å: first peak (111) at 2π√3/a = 3.010 Å⁻¹.
  auto c = perfect_lattice(Lattice::Fcc, 4, 3.615, "Cu", 63.546);
  auto peak = largest_bragg_peak(c);
  EXPECT_NEAR(peak.fraction(), 1.0, 1e-9);
  EXPECT_GT(peak.count, 100u);
  const double q111 = 2 * std::numbers::pi * std::sqrt(3.0) / 3.615;
  // The first maximum found is one of the (111)/(200)/(220) family members, all exact.
  EXPECT_TRUE(std::fabs(peak.q - q111) < 1e-9 || std::fabs(peak.q - 2 * std::numbers::pi * 2 / 3.615) < 1e-9 ||
              std::fabs(peak.q - 2 * std::numbers::pi * std::sqrt(8.0) / 3.615) < 1e-9)
      << peak.q;
}

TEST(StructureFactor, IdealGasHasNoBraggPeak) {
  // Uncorrelated positions: S(q) is exponentially distributed with mean 1, so over ~10^4
  // vectors its maximum is ~ ln(10^4) ≈ 9, i.e. max S/N ≈ 9/2000 ≪ the crystalline threshold.
  auto c = perfect_lattice(Lattice::Bcc, 10, 3.26, "Cu", 63.546);
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0, 32.6);
  for (auto& p : c.position) p = {u(rng), u(rng), u(rng)};
  auto peak = largest_bragg_peak(c);
  EXPECT_LT(peak.s_max, 30.0);
  EXPECT_GT(peak.s_max, 3.0);
  EXPECT_LT(peak.fraction(), kCrystallineBraggFraction / 10);
}

TEST(StructureFactor, ThermalDisorderLowersButKeepsThePeak) {
  // Debye–Waller: Gaussian displacements of variance σ² per axis give S(G)/N → exp(-G²σ²)
  // (+ O(1/N)). σ = 0.1 Å at G(200) of bcc a = 3.26 (2π·2/3.26 = 3.855 Å⁻¹): exp(-0.1486) = 0.862;
  // the largest peak is the (110) one, G = 2.726 Å⁻¹: exp(-0.0743) = 0.928.
  auto c = perfect_lattice(Lattice::Bcc, 8, 3.26, "Zr", 91.224);
  std::mt19937_64 rng(11);
  std::normal_distribution<double> g(0.0, 0.1);
  for (auto& p : c.position) p = p + Vec3{g(rng), g(rng), g(rng)};
  auto peak = largest_bragg_peak(c);
  EXPECT_NEAR(peak.q, 2 * std::numbers::pi * std::sqrt(2.0) / 3.26, 1e-9);
  EXPECT_NEAR(peak.fraction(), std::exp(-0.0743), 0.03);
}
