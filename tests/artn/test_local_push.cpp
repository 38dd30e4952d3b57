// The local push mask against a brute-force count of neighbours (including periodic images).
#include <gtest/gtest.h>

#include <stdexcept>

#include "artn/local_push.hpp"

namespace artn = glassml::artn;
using glassml::Box;
using glassml::Vec3;

TEST(LocalPush, MaskCoversTheAtomAndItsNeighboursThroughPeriodicImages) {
  const Box box = Box::orthogonal({0, 0, 0}, {10, 10, 10});
  // atom 0 at the corner; atom 1 at 3 Å through the periodic boundary; atom 2 at 4 Å; atom 3 at 5 Å
  const std::vector<Vec3> r{{0.5, 0.5, 0.5}, {7.5, 0.5, 0.5}, {0.5, 4.5, 0.5}, {0.5, 0.5, 5.5}};
  const auto mask = artn::local_push_mask(r, box, 0, 3.5);
  const std::vector<double> expected{1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(mask, expected);
  const auto wider = artn::local_push_mask(r, box, 0, 4.5);
  EXPECT_EQ(wider[6], 1.0);
  EXPECT_EQ(wider[9], 0.0);
  EXPECT_THROW(artn::local_push_mask(r, box, 4, 3.5), std::invalid_argument);
  EXPECT_EQ(artn::unflatten(artn::flatten(r)), r);
}
