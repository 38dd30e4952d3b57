#include <gtest/gtest.h>

#include <numeric>

#include "core/error.hpp"
#include "md/composition.hpp"
#include "md/initial_structure.hpp"

using namespace glassml;
using namespace glassml::md;

TEST(Composition, ParsesAndNormalizes) {
  auto c = parse_composition("Cu64.5Zr35.5");
  ASSERT_EQ(c.elements, (std::vector<std::string>{"Cu", "Zr"}));
  EXPECT_DOUBLE_EQ(c.fractions[0], 0.645);
  EXPECT_DOUBLE_EQ(c.fractions[1], 0.355);
  auto one = parse_composition("Cu");
  EXPECT_EQ(one.fractions, std::vector<double>{1.0});
  auto ratio = parse_composition("Cu1Zr1");
  EXPECT_DOUBLE_EQ(ratio.fractions[0], 0.5);
}

TEST(Composition, RefusesNonsense) {
  for (const char* bad : {"", "cu50zr50", "Cu50Xx50", "Cu50Cu50", "Cu0Zr100", "Cu50Zr50!", "Cu5.0.1Zr1"})
    EXPECT_THROW(parse_composition(bad), ParameterError) << bad;
}

TEST(Composition, LargestRemainderCountsSumToN) {
  // 3 elements at 1/3 each over 100 atoms: 34, 33, 33 (the first remainder wins the tie).
  auto c = parse_composition("Cu1Zr1Al1");
  auto n = c.counts(100);
  EXPECT_EQ(n, (std::vector<std::size_t>{34, 33, 33}));
  auto cz = parse_composition("Cu64Zr36");
  auto m = cz.counts(2001);  // 1280.64 -> 1281, 720.36 -> 720
  EXPECT_EQ(m, (std::vector<std::size_t>{1281, 720}));
}

TEST(InitialStructure, RandomBccHasExactCountsAndDistinctSites) {
  auto c = parse_composition("Cu50Zr50");
  auto s = random_bcc_arrangement(c, 1990, 3.26, {63.546, 91.224}, 7);
  ASSERT_EQ(s.size(), 1990u);
  EXPECT_EQ(bcc_cells_for(1990), 10);  // 2*10^3 = 2000 >= 1990 > 2*9^3
  EXPECT_DOUBLE_EQ(s.box.lx, 32.6);
  auto counts = s.count_by_type();
  EXPECT_EQ(counts[0], 995u);
  EXPECT_EQ(counts[1], 995u);
  // Sites are distinct lattice points: nearest distance is the bcc one, a*sqrt(3)/2.
  double dmin = 1e9;
  for (std::size_t i = 0; i < 200; ++i)
    for (std::size_t j = i + 1; j < s.size(); ++j)
      dmin = std::min(dmin, norm(s.box.minimum_image(s.position[i] - s.position[j])));
  EXPECT_NEAR(dmin, 3.26 * std::sqrt(3.0) / 2, 1e-9);
  // Deterministic in the seed, different across seeds.
  auto again = random_bcc_arrangement(c, 1990, 3.26, {63.546, 91.224}, 7);
  auto other = random_bcc_arrangement(c, 1990, 3.26, {63.546, 91.224}, 8);
  EXPECT_EQ(s.type, again.type);
  EXPECT_NE(s.type, other.type);
}
