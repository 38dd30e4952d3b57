// The single-precision RDF binning kernel (rdf_kernel.hpp) against the double-precision
// reference: every pair it calls sure is in the reference bin, every pair the reference counts is
// sure or unsure, and pairs placed within 1e-9..1e-5 Å of bin edges, r_min and the cutoff (where
// float cannot decide) come back unsure. Then the whole RDF on structures full of such pairs
// against a double brute force, and the same counts for 1, 2 and 3 threads.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "core/parallel.hpp"
#include "structure/rdf.hpp"
#include "structure/rdf_kernel.hpp"

namespace glassml::structure {
namespace {

constexpr double kRMin = 2.0, kDr = 0.2, kCut = 10.0;
constexpr std::size_t kBins = 40;

/// The reference bin in double precision, -1 outside [r_min, r_cut).
int reference_bin(double r2) {
  if (!(r2 < kCut * kCut)) return -1;
  const double x = (std::sqrt(r2) - kRMin) * (1.0 / kDr);
  if (x < 0.0) return -1;
  return static_cast<int>(std::min(x, double(kBins - 1)));
}

/// Candidates around the origin: random ones and ones at distances within ±1e-5 Å of every
/// decision boundary (bin edges from r_min to the cutoff).
struct Candidates {
  std::vector<double> x, y, z;
  std::vector<float> fx, fy, fz;
  void add(double px, double py, double pz) {
    x.push_back(px), y.push_back(py), z.push_back(pz);
    fx.push_back(float(px)), fy.push_back(float(py)), fz.push_back(float(pz));
  }
  double r2(std::size_t k) const { return (x[k] * x[k] + y[k] * y[k]) + z[k] * z[k]; }
};

Candidates make_candidates(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  Candidates c;
  for (int k = 0; k < 3000; ++k) c.add(12 * u(rng), 12 * u(rng), 12 * u(rng));
  const double offsets[] = {-1e-5, -1e-6, -1e-7, -1e-9, 0.0, 1e-9, 1e-7, 1e-6, 1e-5};
  for (std::size_t e = 0; e <= kBins; ++e)
    for (double off : offsets)
      for (int rep = 0; rep < 3; ++rep) {
        double dx = u(rng), dy = u(rng), dz = u(rng);
        const double s = (kRMin + e * kDr + off) / std::sqrt(dx * dx + dy * dy + dz * dz);
        c.add(dx * s, dy * s, dz * s);
      }
  return c;
}

TEST(RdfKernel, SureBinsAreTheReferenceBinsAndNothingIsLost) {
  const Candidates c = make_candidates(5);
  const auto p = detail::make_bin_kernel_params(kCut, kRMin, kDr, kBins, 30.0);
  std::vector<detail::BinKernel> kernels{&detail::bin_candidates_portable, detail::bin_kernel()};
  std::size_t unsure_near_edges = 0;
  for (auto kernel : kernels)
    for (std::size_t begin : {std::size_t{0}, std::size_t{3}})
      for (std::size_t end : {c.x.size(), c.x.size() - 5, std::size_t{17}}) {
        const std::size_t room = end - begin + 16;
        std::vector<std::uint32_t> hit(room), sure(room), bin(room), unsure(room);
        std::vector<float> hit_r2(room);
        const auto res = kernel(c.fx.data(), c.fy.data(), c.fz.data(), begin, end, 0.0f, 0.0f, 0.0f, p,
                              {hit.data(), hit_r2.data()}, sure.data(), bin.data(), unsure.data());
        std::vector<int> seen(c.x.size(), 0);
        for (std::size_t h = 0; h < res.sure; ++h) {
          ASSERT_GE(sure[h], begin);
          ASSERT_LT(sure[h], end);
          ASSERT_EQ(int(bin[h]), reference_bin(c.r2(sure[h]))) << "candidate " << sure[h];
          ++seen[sure[h]];
        }
        for (std::size_t h = 0; h < res.unsure; ++h) {
          ASSERT_GE(unsure[h], begin);
          ASSERT_LT(unsure[h], end);
          ++seen[unsure[h]];
          if (unsure[h] >= 3000) ++unsure_near_edges;
        }
        for (std::size_t k = begin; k < end; ++k) {
          ASSERT_LE(seen[k], 1) << "candidate " << k << " reported twice";
          if (reference_bin(c.r2(k)) >= 0) {
            ASSERT_EQ(seen[k], 1) << "candidate " << k << " lost";
          }
          // Within 1e-6 Å of a boundary float cannot decide: those must be left to double.
          const double r = std::sqrt(c.r2(k)), edge = std::round((r - kRMin) / kDr);
          if (std::abs(r - (kRMin + edge * kDr)) < 1e-6 && edge >= 0 && edge <= kBins && reference_bin(c.r2(k)) >= 0) {
            for (std::size_t h = 0; h < res.sure; ++h) ASSERT_NE(sure[h], k) << "candidate at r = " << r << " called sure";
          }
        }
      }
  EXPECT_GT(unsure_near_edges, 0u);
}

TEST(RdfKernel, MarginsCoverTheFloatErrorBound) {
  const auto p = detail::make_bin_kernel_params(kCut, kRMin, kDr, kBins, 30.0);
  const double u = 0x1p-24, bound_r = 4 * u * (30.0 + kCut);  // rdf_kernel.hpp
  EXPECT_GE(p.eps, bound_r / kDr);
  EXPECT_LT(p.eps, 0.01);  // so that fewer than ~2% of pairs need double precision
  EXPECT_GE(double(p.cut2_hi), (kCut + bound_r) * (kCut + bound_r));
  EXPECT_LE(double(p.cut2_lo), (kCut - bound_r) * (kCut - bound_r));
}

/// Pairs of atoms at distances within 1e-9..1e-5 Å of the bin edges, far apart from each other
/// pair, in a periodic cube; plus random atoms.
Configuration edge_pairs(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Configuration c;
  const double edge = 44.0;
  c.box = Box::orthogonal({-1.0, 2.0, 0.5}, {-1.0 + edge, 2.0 + edge, 0.5 + edge});
  c.species_of_type = {"Cu", "Zr"};
  c.mass_of_type = {63.546, 91.224};
  auto add = [&](const Vec3& r) {
    c.id.push_back(static_cast<std::int64_t>(c.id.size() + 1));
    c.type.push_back(c.id.size() % 2 ? 1 : 2);
    c.position.push_back(r);
  };
  // Not exactly on an edge: there the two double computations of r (from wrapped positions, and
  // by Box::minimum_image here) may round to different sides.
  const double offsets[] = {-1e-5, -1e-7, -1e-9, 1e-9, 1e-7, 1e-5};
  for (std::size_t e = 0; e <= kBins; e += 2)
    for (double off : offsets) {
      const Vec3 a = c.box.lo + Vec3{edge * u(rng), edge * u(rng), edge * u(rng)};
      Vec3 d{u(rng) - 0.5, u(rng) - 0.5, u(rng) - 0.5};
      d = d * ((kRMin + e * kDr + off) / norm(d));
      add(a);
      add(a + d);  // may lie outside the box: the code wraps it
    }
  for (int k = 0; k < 400; ++k) add(c.box.lo + Vec3{edge * u(rng), edge * u(rng), edge * u(rng)});
  return c;
}

/// Double brute force with the reference bin formula (minimum image by Box::minimum_image).
std::vector<double> brute_force_counts(const Configuration& c) {
  std::vector<double> counts(c.size() * kBins, 0.0);
  for (std::size_t i = 0; i < c.size(); ++i)
    for (std::size_t j = 0; j < c.size(); ++j) {
      if (i == j) continue;
      const Vec3 d = c.box.minimum_image(c.position[j] - c.position[i]);
      const int b = reference_bin((d.x * d.x + d.y * d.y) + d.z * d.z);
      if (b >= 0) counts[i * kBins + b] += 1.0;
    }
  return counts;
}

TEST(RdfKernel, FeaturesNearBinEdgesEqualDoubleBruteForceForAnyThreadCount) {
  for (std::uint64_t seed : {1, 2}) {
    const Configuration c = edge_pairs(seed);
    const auto want = brute_force_counts(c);
    const double rho = double(c.size()) / c.box.volume();
    std::vector<double> first;
    for (int threads : {1, 2, 3}) {
      set_num_threads(threads);
      const FeatureMatrix m = compute_rdf_features(c, RdfSettings{});
      set_num_threads(0);
      if (first.empty()) first = m.data;
      EXPECT_EQ(m.data, first) << threads << " threads";  // bit for bit
      for (std::size_t i = 0; i < m.rows; ++i)
        for (std::size_t k = 0; k < kBins; ++k) {
          const double r_c = kRMin + (k + 0.5) * kDr;
          const double count = m.at(i, k) * 4.0 * std::numbers::pi * r_c * r_c * rho * kDr;
          ASSERT_NEAR(count, want[i * kBins + k], 1e-9) << "seed " << seed << " atom " << i << " bin " << k;
        }
    }
  }
}

}  // namespace
}  // namespace glassml::structure
