// Box geometry against analytic truths and a brute-force search over periodic images.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/box.hpp"

using glassml::Box;
using glassml::Vec3;

namespace {

Box random_box(std::mt19937& rng, bool tilted) {
  std::uniform_real_distribution<double> len(5.0, 30.0), u(-0.5, 0.5), lo(-10.0, 10.0);
  Box b;
  b.lo = {lo(rng), lo(rng), lo(rng)};
  b.lx = len(rng);
  b.ly = len(rng);
  b.lz = len(rng);
  if (tilted) {  // LAMMPS limits tilts to half the box length; use the whole allowed range
    b.xy = u(rng) * b.lx;
    b.xz = u(rng) * b.lx;
    b.yz = u(rng) * b.ly;
  }
  return b;
}

// The shortest image by brute force over a generous range of lattice translations.
Vec3 brute_minimum_image(const Box& b, const Vec3& d) {
  Vec3 best = d;
  for (int i = -4; i <= 4; ++i)
    for (int j = -4; j <= 4; ++j)
      for (int k = -4; k <= 4; ++k) {
        Vec3 c = d + b.to_cartesian({double(i), double(j), double(k)});
        if (glassml::norm2(c) < glassml::norm2(best)) best = c;
      }
  return best;
}

}  // namespace

TEST(Box, FractionalRoundTrip) {
  std::mt19937 rng(1);
  for (int t = 0; t < 100; ++t) {
    Box b = random_box(rng, true);
    Vec3 s{0.3, -1.7, 2.2};
    Vec3 back = b.to_fractional(b.to_cartesian(s));
    for (int d = 0; d < 3; ++d) EXPECT_NEAR(back[d], s[d], 1e-12);
  }
}

TEST(Box, VolumeWidthsAnglesOfKnownCell) {
  // a = (4,0,0), b = (2,3,0), c = (1,1,5): V = 60; |b x c| = |(15,-10,-1)| = sqrt(326);
  // |a x c| = |(0,-20,4)| = sqrt(416); |a x b| = 12.
  Box b;
  b.lx = 4; b.xy = 2; b.ly = 3; b.xz = 1; b.yz = 1; b.lz = 5;
  EXPECT_DOUBLE_EQ(b.volume(), 60.0);
  auto w = b.perpendicular_widths();
  EXPECT_NEAR(w[0], 60.0 / std::sqrt(326.0), 1e-12);
  EXPECT_NEAR(w[1], 60.0 / std::sqrt(416.0), 1e-12);
  EXPECT_NEAR(w[2], 5.0, 1e-12);
  auto ang = b.angles_deg();
  EXPECT_NEAR(ang[2], std::acos(8.0 / (4.0 * std::sqrt(13.0))) * 180.0 / M_PI, 1e-10);  // gamma between a and b
  EXPECT_NEAR(Box::orthogonal({0, 0, 0}, {1, 2, 3}).angles_deg()[0], 90.0, 1e-12);
}

TEST(Box, MinimumImageEqualsBruteForce) {
  std::mt19937 rng(7);
  for (int t = 0; t < 400; ++t) {
    Box b = random_box(rng, t % 2 == 1);
    std::uniform_real_distribution<double> u(-3.0, 3.0);
    for (int k = 0; k < 50; ++k) {
      Vec3 d = b.to_cartesian({u(rng), u(rng), u(rng)});
      Vec3 got = b.minimum_image(d), want = brute_minimum_image(b, d);
      ASSERT_NEAR(glassml::norm(got), glassml::norm(want), 1e-9) << "box " << t << " sample " << k;
      // And it is an image of d: the difference is a lattice vector.
      Vec3 s = b.to_fractional(got - d);
      for (int dd = 0; dd < 3; ++dd) ASSERT_NEAR(s[dd], std::round(s[dd]), 1e-9);
    }
  }
}

TEST(Box, WrapPutsPointsInsideAndKeepsImages) {
  std::mt19937 rng(3);
  for (int t = 0; t < 100; ++t) {
    Box b = random_box(rng, true);
    Vec3 r = b.lo + b.to_cartesian({5.3, -2.1, 0.7});
    Vec3 w = b.wrap(r);
    Vec3 s = b.to_fractional(w - b.lo);
    for (int d = 0; d < 3; ++d) {
      EXPECT_GE(s[d], 0.0);
      EXPECT_LT(s[d], 1.0);
    }
    EXPECT_NEAR(glassml::norm(b.minimum_image(w - r)), 0.0, 1e-9);
  }
}

TEST(Box, NonPeriodicDirectionIsNotWrapped) {
  Box b = Box::orthogonal({0, 0, 0}, {10, 10, 10});
  b.periodic = {true, true, false};
  Vec3 d = b.minimum_image({9.0, 9.0, 9.0});
  EXPECT_DOUBLE_EQ(d.x, -1.0);
  EXPECT_DOUBLE_EQ(d.y, -1.0);
  EXPECT_DOUBLE_EQ(d.z, 9.0);
  EXPECT_DOUBLE_EQ(b.min_periodic_width(), 10.0);
}
