// The distance filter (the inner loop of every pair search): the dispatched version (AVX-512 on
// CPUs that have it) and the portable one give bit-identical hits and squared distances, equal to
// a plain loop, for every length including the vector tails.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <vector>

#include "structure/distance_filter.hpp"

namespace glassml::structure {
namespace {

TEST(DistanceFilter, DispatchedAndPortableAgreeWithAPlainLoop) {
  std::mt19937_64 rng(17);
  std::uniform_real_distribution<double> u(-10.0, 10.0);
  std::vector<double> x(64), y(64), z(64);
  for (std::size_t k = 0; k < x.size(); ++k) x[k] = u(rng), y[k] = u(rng), z[k] = u(rng);
  const double qx = 0.3, qy = -1.2, qz = 2.0, cut2 = 81.0;
  std::size_t total = 0;
  for (std::size_t begin = 0; begin < 9; ++begin)
    for (std::size_t end = begin; end <= x.size(); ++end) {
      std::vector<std::uint32_t> want_slot;
      std::vector<double> want_r2;
      for (std::size_t s = begin; s < end; ++s) {
        const double dx = x[s] - qx, dy = y[s] - qy, dz = z[s] - qz;
        const double r2 = dx * dx + dy * dy + dz * dz;
        if (r2 < cut2) want_slot.push_back(static_cast<std::uint32_t>(s)), want_r2.push_back(r2);
      }
      for (auto* f : {&detail::filter_within, &detail::filter_within_portable}) {
        std::vector<std::uint32_t> slot(end - begin + 8);
        std::vector<double> r2(end - begin + 8);
        const std::size_t n = f(x.data(), y.data(), z.data(), begin, end, qx, qy, qz, cut2, slot.data(), r2.data());
        slot.resize(n);
        r2.resize(n);
        ASSERT_EQ(slot, want_slot) << begin << ".." << end;
        ASSERT_EQ(r2, want_r2) << begin << ".." << end;  // bit for bit
      }
      total += want_slot.size();
    }
  EXPECT_GT(total, 1000u);
  std::printf("distance filter: %s\n", detail::filter_uses_avx512() ? "AVX-512" : "portable");
}

}  // namespace
}  // namespace glassml::structure
