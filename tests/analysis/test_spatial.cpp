// Coarse-graining over a sphere and the slab of the spatial maps (SPEC §6, Fig. 5) against an
// O(N^2) oracle with exact minimum images, in orthogonal and triclinic boxes; the mean per-atom
// RDF of all atoms against a brute-force pair histogram (the ordinary g(r)).
#include <gtest/gtest.h>

#include <cmath>
#include <algorithm>
#include <random>
#include <tuple>

#include "analysis/rdf_classes.hpp"
#include "analysis/spatial.hpp"
#include "core/error.hpp"

namespace glassml::analysis {
namespace {

Configuration random_config(std::size_t n, double l, double xy, double xz, double yz, unsigned seed) {
  Configuration c;
  c.box = Box::orthogonal({-1.0, 2.0, 0.5}, {-1.0 + l, 2.0 + l * 1.1, 0.5 + l * 0.9});
  c.box.xy = xy;
  c.box.xz = xz;
  c.box.yz = yz;
  c.species_of_type = {"Cu", "Zr"};
  c.mass_of_type = {63.546, 91.224};
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (std::size_t i = 0; i < n; ++i) {
    c.id.push_back(static_cast<std::int64_t>(i + 1));
    c.type.push_back(1 + static_cast<int>(i % 2));
    // Fractional coordinates slightly outside [0,1): positions need not be wrapped.
    const Vec3 s{u(rng) * 1.2 - 0.1, u(rng), u(rng) * 1.1 - 0.05};
    c.position.push_back(c.box.lo + c.box.to_cartesian(s));
  }
  return c;
}

std::vector<double> oracle_coarse_grain(const Configuration& c, const std::vector<double>& v, double radius) {
  std::vector<double> out(c.size());
  for (std::size_t i = 0; i < c.size(); ++i) {
    double sum = 0;
    std::size_t n = 0;
    for (std::size_t j = 0; j < c.size(); ++j) {
      const Vec3 d = c.box.minimum_image(c.position[j] - c.position[i]);
      if (j == i || d.x * d.x + d.y * d.y + d.z * d.z < radius * radius) sum += v[j], ++n;
    }
    out[i] = sum / static_cast<double>(n);
  }
  return out;
}

TEST(CoarseGrain, EqualsTheBruteForceAverageOverTheSphere) {
  for (const auto& [xy, xz, yz] : {std::tuple{0.0, 0.0, 0.0}, std::tuple{3.0, -2.0, 1.5}}) {
    for (unsigned seed : {1u, 2u, 3u}) {
      const Configuration c = random_config(600, 16.0, xy, xz, yz, seed);
      std::vector<double> v(c.size());
      std::mt19937_64 rng(seed + 10);
      std::normal_distribution<double> g(0.8, 0.2);
      for (double& x : v) x = g(rng);
      const auto got = coarse_grain(c, v, 6.0), want = oracle_coarse_grain(c, v, 6.0);
      for (std::size_t i = 0; i < c.size(); ++i) ASSERT_NEAR(got[i], want[i], 1e-12) << "atom " << i << " seed " << seed;
    }
  }
}

TEST(CoarseGrain, ConstantStaysConstantAndSmallBoxIsRefused) {
  const Configuration c = random_config(200, 14.0, 0, 0, 0, 4);
  for (double x : coarse_grain(c, std::vector<double>(c.size(), 2.5), 6.0)) EXPECT_DOUBLE_EQ(x, 2.5);
  const Configuration small = random_config(50, 10.0, 0, 0, 0, 5);
  EXPECT_THROW(coarse_grain(small, std::vector<double>(small.size(), 1.0), 6.0), ParameterError);
}

TEST(Slab, HoldsExactlyTheAtomsNearTheMiddlePlane) {
  const Configuration c = random_config(800, 20.0, 2.0, 1.0, -1.0, 6);
  const auto idx = slab(c, 4.0);
  const double mid = c.box.lo.z + 0.5 * c.box.lz;
  std::size_t expected = 0;
  for (std::size_t i = 0; i < c.size(); ++i) {
    // Wrapped z by hand: fractional coordinate along c, folded into [0,1).
    double s = (c.position[i].z - c.box.lo.z) / c.box.lz;
    s -= std::floor(s);
    const bool in = std::abs(c.box.lo.z + s * c.box.lz - mid) < 2.0;
    expected += in;
    EXPECT_EQ(in, std::binary_search(idx.begin(), idx.end(), i)) << i;
  }
  EXPECT_EQ(idx.size(), expected);
  EXPECT_GT(expected, 100u);  // ~ 800 * 4 / 18
}

TEST(RdfClasses, MeanOfAllAtomsIsTheOrdinaryPairHistogram) {
  PredictedSample s;
  s.config = random_config(500, 23.0, 0, 0, 0, 7);
  s.name = "random";
  for (std::size_t i = 0; i < s.config.size(); ++i) {
    s.k_real.push_back(static_cast<double>(i % 17));
    s.k_pre.push_back(static_cast<double>(i % 13));
    s.species.push_back(s.config.species(i));
  }
  structure::RdfSettings settings;  // 2..10 Å, 0.2 Å, bin-centre normalization (SPEC §4)
  const RdfClasses c = rdf_classes({s}, settings, 0.1);
  ASSERT_EQ(c.curves.size(), 5u);
  EXPECT_EQ(c.per_class, 50u);
  const Configuration& cf = s.config;
  const double rho = static_cast<double>(cf.size()) / cf.box.volume();
  std::vector<double> hist(c.r.size(), 0.0);
  for (std::size_t i = 0; i < cf.size(); ++i)
    for (std::size_t j = 0; j < cf.size(); ++j) {
      if (i == j) continue;
      const Vec3 d = cf.box.minimum_image(cf.position[j] - cf.position[i]);
      const double r = std::sqrt(d.x * d.x + d.y * d.y + d.z * d.z);
      if (r >= 2.0 && r < 10.0) hist[static_cast<std::size_t>((r - 2.0) / 0.2)] += 1;
    }
  for (std::size_t k = 0; k < c.r.size(); ++k) {
    const double want = hist[k] / (cf.size() * 4 * M_PI * c.r[k] * c.r[k] * rho * 0.2);
    EXPECT_NEAR(c.curves[0].g[k], want, 1e-9) << "bin " << k;
  }
}

}  // namespace
}  // namespace glassml::analysis
