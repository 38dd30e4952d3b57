// The cell-list neighbour search against a brute-force O(N²) oracle that tries every periodic
// image explicitly: exactly the same neighbour sets for many random configurations and box
// shapes (cubic, elongated, tilted up to and beyond LAMMPS' tilt limit, nearly minimal).
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <tuple>
#include <vector>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "structure/cell_list.hpp"

namespace glassml::structure {
namespace {

struct Case {
  Box box;
  std::vector<Vec3> pos;
  double r_cut;
};

/// A random box (tilted when `tilt` > 0, tilts up to tilt * edge) with atoms placed uniformly,
/// some of them outside the primary cell (the search must wrap them).
Case random_case(std::mt19937_64& rng, double tilt, double cut_fraction, std::size_t n) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Case c;
  c.box.lo = {u(rng) * 10 - 5, u(rng) * 10 - 5, u(rng) * 10 - 5};
  c.box.lx = 12 + 10 * u(rng);
  c.box.ly = 12 + 10 * u(rng);
  c.box.lz = 12 + 10 * u(rng);
  if (tilt > 0) {
    c.box.xy = tilt * c.box.lx * (2 * u(rng) - 1);
    c.box.xz = tilt * c.box.lx * (2 * u(rng) - 1);
    c.box.yz = tilt * c.box.ly * (2 * u(rng) - 1);
  }
  c.r_cut = cut_fraction * 0.5 * c.box.min_periodic_width();
  for (std::size_t i = 0; i < n; ++i) {
    Vec3 s{u(rng) * 1.6 - 0.3, u(rng) * 1.6 - 0.3, u(rng) * 1.6 - 0.3};
    c.pos.push_back(c.box.lo + c.box.to_cartesian(s));
  }
  return c;
}

/// Oracle: wrap both atoms into the primary cell, try the 125 images (-2..2)^3 of j, keep those
/// closer than r_cut. Also checks that no pair has two images within r_cut.
std::vector<std::vector<Neighbor>> brute_force(const Case& c) {
  auto frac = [&](const Vec3& r) {
    Vec3 s = c.box.to_fractional(r - c.box.lo);
    for (int k = 0; k < 3; ++k) s[k] -= std::floor(s[k]);
    return s;
  };
  std::vector<std::vector<Neighbor>> out(c.pos.size());
  for (std::size_t i = 0; i < c.pos.size(); ++i)
    for (std::size_t j = 0; j < c.pos.size(); ++j) {
      if (i == j) continue;
      const Vec3 ds = frac(c.pos[j]) - frac(c.pos[i]);
      int images = 0;
      for (int a = -2; a <= 2; ++a)
        for (int b = -2; b <= 2; ++b)
          for (int e = -2; e <= 2; ++e) {
            const Vec3 d = c.box.to_cartesian(ds + Vec3{double(a), double(b), double(e)});
            if (norm2(d) < c.r_cut * c.r_cut) {
              out[i].push_back({j, d, norm2(d)});
              ++images;
            }
          }
      EXPECT_LE(images, 1) << "pair " << i << "," << j << " has several images within the cutoff";
    }
  return out;
}

void expect_same(const std::vector<Neighbor>& got, const std::vector<Neighbor>& want, std::size_t i) {
  ASSERT_EQ(got.size(), want.size()) << "atom " << i;
  for (std::size_t k = 0; k < got.size(); ++k) {
    ASSERT_EQ(got[k].j, want[k].j) << "atom " << i;
    EXPECT_NEAR(got[k].d.x, want[k].d.x, 1e-10);
    EXPECT_NEAR(got[k].d.y, want[k].d.y, 1e-10);
    EXPECT_NEAR(got[k].d.z, want[k].d.z, 1e-10);
  }
}

/// Per-atom loops, pair loop and point queries against the oracle.
void check_case(const Case& c, int subdivisions) {
  const CellList cells(c.box, c.pos, c.r_cut, subdivisions);
  const auto want = brute_force(c);
  std::size_t total = 0;
  for (std::size_t i = 0; i < c.pos.size(); ++i) {
    expect_same(cells.neighbors(i), want[i], i);
    total += want[i].size();
  }
  // Pair loop: every unordered pair exactly once, for several chunkings.
  for (std::size_t chunks : {1, 3}) {
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> seen(chunks);
    cells.for_each_pair_slots(chunks, [&](std::size_t t, std::size_t si, std::size_t sj, const Vec3&, double) {
      const std::size_t i = cells.atom_at(si), j = cells.atom_at(sj);
      seen[t].emplace_back(std::min(i, j), std::max(i, j));
    });
    std::vector<std::pair<std::size_t, std::size_t>> all;
    for (auto& s : seen) all.insert(all.end(), s.begin(), s.end());
    std::sort(all.begin(), all.end());
    EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end()) << "a pair was visited twice";
    std::vector<std::pair<std::size_t, std::size_t>> expected;
    for (std::size_t i = 0; i < want.size(); ++i)
      for (const auto& nb : want[i])
        if (i < nb.j) expected.emplace_back(i, nb.j);
    EXPECT_EQ(all, expected);
  }
  // Radius queries around an atom position: the atom itself (r2 = 0) plus its neighbours.
  const std::size_t probe = c.pos.size() / 2;
  std::set<std::size_t> found;
  cells.for_each_within(c.pos[probe], c.r_cut, [&](std::size_t j, const Vec3&, double) { found.insert(j); });
  std::set<std::size_t> expected{probe};
  for (const auto& nb : want[probe]) expected.insert(nb.j);
  EXPECT_EQ(found, expected);
  EXPECT_GT(total, 0u);
}

TEST(CellList, MatchesBruteForceInOrthogonalBoxes) {
  std::mt19937_64 rng(20261124);
  for (int rep = 0; rep < 12; ++rep)
    for (int m : {1, 2, 3}) check_case(random_case(rng, 0.0, 0.3 + 0.06 * rep, 250), m);
}

TEST(CellList, MatchesBruteForceInTiltedBoxes) {
  std::mt19937_64 rng(7);
  for (int rep = 0; rep < 12; ++rep)
    for (int m : {1, 2, 3}) check_case(random_case(rng, 0.5, 0.3 + 0.06 * rep, 250), m);
}

TEST(CellList, MatchesBruteForceBeyondLammpsTiltLimit) {
  std::mt19937_64 rng(11);
  for (int rep = 0; rep < 6; ++rep) check_case(random_case(rng, 1.4, 0.9, 250), 2);
}

TEST(CellList, MatchesBruteForceInNearlyMinimalBoxes) {
  // 2 r_cut within 1e-6 of the smallest width, and exactly equal to it.
  std::mt19937_64 rng(3);
  for (int rep = 0; rep < 6; ++rep)
    for (int m : {1, 2, 4}) check_case(random_case(rng, rep % 2 ? 0.45 : 0.0, 1.0 - 1e-6, 300), m);
  check_case(random_case(rng, 0.3, 1.0, 300), 2);
}

TEST(CellList, PairsDoNotDependOnThreadCount) {
  std::mt19937_64 rng(5);
  const Case c = random_case(rng, 0.4, 0.95, 1500);
  const CellList cells(c.box, c.pos, c.r_cut);
  auto collect = [&](int threads) {
    set_num_threads(threads);
    std::vector<std::vector<std::tuple<std::size_t, std::size_t, double>>> seen(4);
    cells.for_each_pair_slots(4, [&](std::size_t t, std::size_t si, std::size_t sj, const Vec3&, double r2) {
      seen[t].emplace_back(si, sj, r2);
    });
    set_num_threads(0);
    return seen;
  };
  EXPECT_EQ(collect(1), collect(2));
  EXPECT_EQ(collect(1), collect(3));
}

TEST(CellList, AllNeighborsWithinSmallerRadius) {
  std::mt19937_64 rng(9);
  Case c = random_case(rng, 0.2, 0.9, 400);
  const CellList cells(c.box, c.pos, c.r_cut);
  const double r = 0.6 * c.r_cut;
  c.r_cut = r;
  const auto want = brute_force(c);
  const auto got = cells.all_neighbors(r);
  for (std::size_t i = 0; i < c.pos.size(); ++i) expect_same(got[i], want[i], i);
}

TEST(CellList, RadiusQueriesAroundArbitraryPoints) {
  // Points anywhere (also outside the box), radii below the cutoff, against Box::minimum_image.
  std::mt19937_64 rng(13);
  std::uniform_real_distribution<double> u(-0.5, 1.5);
  for (int rep = 0; rep < 4; ++rep) {
    const Case c = random_case(rng, rep % 2 ? 0.5 : 0.0, 0.95, 400);
    const CellList cells(c.box, c.pos, c.r_cut);
    for (int q = 0; q < 50; ++q) {
      const Vec3 p = c.box.lo + c.box.to_cartesian({u(rng), u(rng), u(rng)});
      const double r = c.r_cut * (0.3 + 0.7 * (q % 8) / 7.0);
      std::set<std::size_t> found, expected;
      cells.for_each_within(p, r, [&](std::size_t j, const Vec3& d, double r2) {
        found.insert(j);
        EXPECT_NEAR(norm2(d), r2, 1e-9);
      });
      for (std::size_t j = 0; j < c.pos.size(); ++j)
        if (norm2(c.box.minimum_image(c.pos[j] - p)) < r * r) expected.insert(j);
      EXPECT_EQ(found, expected) << "rep " << rep << " query " << q;
    }
  }
}

TEST(CellList, RefusesImpossibleRequests) {
  Box box = Box::orthogonal({0, 0, 0}, {20, 30, 40});
  std::vector<Vec3> pos{{1, 1, 1}, {2, 2, 2}};
  EXPECT_THROW(CellList(box, pos, 10.0001), ParameterError);  // 2 r_cut > 20
  EXPECT_NO_THROW(CellList(box, pos, 10.0));
  EXPECT_THROW(CellList(box, pos, 0.0), ParameterError);
  EXPECT_THROW(CellList(box, pos, 5.0, 0), ParameterError);
  box.periodic[2] = false;
  EXPECT_THROW(CellList(box, pos, 5.0), ParameterError);
  Box tilted = Box::orthogonal({0, 0, 0}, {30, 30, 30});
  tilted.xy = 15;  // perpendicular width along x: 30 / sqrt(1 + 0.25) = 26.8
  EXPECT_THROW(CellList(tilted, pos, 13.5), ParameterError);
  EXPECT_NO_THROW(CellList(tilted, pos, 13.4));
  try {
    CellList(box, pos, 11.0);
    FAIL();
  } catch (const ParameterError& e) {
    EXPECT_NE(std::string(e.what()).find("periodic"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace glassml::structure
