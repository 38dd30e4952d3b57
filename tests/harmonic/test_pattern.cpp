// Interaction pattern and displacement groups of the finite-difference Hessian against
// brute force with Box::minimum_image (exact for triclinic boxes).
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "core/error.hpp"
#include "md/harmonic_sparse_inverse.hpp"
#include "md/hessian.hpp"

using namespace glassml;
using namespace glassml::md;

namespace {

Box tilted_box() {
  Box b = Box::orthogonal({-3, 1, 2}, {37, 36, 44});
  b.xy = 6.0;
  b.xz = -5.0;
  b.yz = 4.0;
  return b;
}

std::vector<Vec3> random_points(const Box& b, std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> s(-0.5, 1.5);  // some outside the primary cell
  std::vector<Vec3> r;
  for (std::size_t i = 0; i < n; ++i) r.push_back(b.lo + b.to_cartesian({s(rng), s(rng), s(rng)}));
  return r;
}

}  // namespace

TEST(Pattern, PairsWithinRangeMatchBruteForce) {
  const Box b = tilted_box();
  const auto r = random_points(b, 400, 1);
  for (double range : {6.0, 15.7}) {
    const auto m = pair_pattern(r, b, range);
    ASSERT_EQ(m.natoms, r.size());
    for (std::size_t i = 0; i < r.size(); ++i) {
      std::vector<std::size_t> expect;
      for (std::size_t j = 0; j < r.size(); ++j)
        if (j == i || norm(b.minimum_image(r[j] - r[i])) < range) expect.push_back(j);
      std::vector<std::size_t> got(m.col.begin() + m.row_start[i], m.col.begin() + m.row_start[i + 1]);
      ASSERT_EQ(got, expect) << "atom " << i << " range " << range;
      EXPECT_NE(m.find(i, i), SIZE_MAX);
    }
  }
}

TEST(Pattern, DisplacementGroupsAreFarApartAndCoverEveryAtomOnce) {
  const Box b = tilted_box();
  const auto r = random_points(b, 600, 2);
  const double separation = 14.0;
  const auto groups = separated_groups(r, b, separation);
  std::vector<int> seen(r.size(), 0);
  std::size_t largest = 0;
  for (const auto& g : groups) {
    largest = std::max(largest, g.size());
    for (std::size_t x = 0; x < g.size(); ++x) {
      ++seen[g[x]];
      for (std::size_t y = x + 1; y < g.size(); ++y)
        ASSERT_GT(norm(b.minimum_image(r[g[x]] - r[g[y]])), separation);
    }
  }
  for (int s : seen) ASSERT_EQ(s, 1);
  EXPECT_GE(largest, 8u);         // a ~40 Å box holds at least 2 x 2 x 2 atoms 14 Å apart
  EXPECT_LT(groups.size(), r.size() / 4);
}

TEST(Pattern, NestedDissectionIsAPermutation) {
  const Box b = tilted_box();
  const auto r = random_points(b, 3000, 3);
  const auto order = nested_dissection_order(r, b, 5.0);
  ASSERT_EQ(order.size(), r.size());
  std::set<std::size_t> unique(order.begin(), order.end());
  EXPECT_EQ(unique.size(), r.size());
  EXPECT_EQ(*unique.rbegin(), r.size() - 1);
}
