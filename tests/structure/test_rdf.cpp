// The per-atom RDF against: a brute-force O(N²) oracle (rdf_oracle.hpp) on reference glasses and
// random tilted boxes; exact fcc shell counts; the ideal gas; thread-count independence; and the
// settings' validation and JSON form. The comparison with LAMMPS is in test_rdf_lammps.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "io/structure_file.hpp"
#include "rdf_oracle.hpp"
#include "structure/rdf.hpp"

namespace glassml::structure {
namespace {

const std::string kData = std::string(GLASSML_SHARED_DATA) + "/cuzr2000-q1e13/";

/// Two-species random configuration in a (possibly tilted) box.
Configuration random_config(std::uint64_t seed, std::size_t n, double edge, double tilt) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Configuration c;
  c.box.lo = {-3.0, 1.0, 2.0};
  c.box.lx = edge * (1 + 0.2 * u(rng));
  c.box.ly = edge * (1 + 0.2 * u(rng));
  c.box.lz = edge * (1 + 0.2 * u(rng));
  c.box.xy = tilt * c.box.lx * (2 * u(rng) - 1);
  c.box.xz = tilt * c.box.lx * (2 * u(rng) - 1);
  c.box.yz = tilt * c.box.ly * (2 * u(rng) - 1);
  c.species_of_type = {"Cu", "Zr"};
  c.mass_of_type = {63.546, 91.224};
  for (std::size_t i = 0; i < n; ++i) {
    c.id.push_back(static_cast<std::int64_t>(i + 1));
    c.type.push_back(u(rng) < 0.5 ? 1 : 2);
    c.position.push_back(c.box.lo + c.box.to_cartesian({u(rng), u(rng), u(rng)}));
  }
  return c;
}

double max_abs_diff(const std::vector<double>& a, const std::vector<double>& b) {
  EXPECT_EQ(a.size(), b.size());
  double m = 0.0;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) m = std::max(m, std::abs(a[i] - b[i]));
  return m;
}

TEST(Rdf, EqualsBruteForceOnReferenceGlasses) {
  // Paper settings (default), exact-shell normalization, and species-resolved blocks.
  RdfSettings shell;
  shell.normalization = RdfSettings::Normalization::ShellVolume;
  RdfSettings partial;
  partial.partial = true;
  for (const char* file : {"s1.data", "s7.dump"}) {
    const Configuration c = io::read_structure(kData + file);
    for (const RdfSettings& s : {RdfSettings{}, shell, partial}) {
      const FeatureMatrix m = compute_rdf_features(c, s);
      ASSERT_EQ(m.rows, 2000u);
      ASSERT_EQ(m.cols, s.partial ? 80u : 40u);
      EXPECT_LT(max_abs_diff(m.data, testing::oracle_rdf(c, s, {"Cu", "Zr"})), 1e-9) << file;
    }
  }
}

TEST(Rdf, EqualsBruteForceInRandomTiltedBoxes) {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    const Configuration c = random_config(seed, 700, 17.0, 0.45);
    RdfSettings s;
    s.r_min = 0.5;
    s.r_max = 0.49 * c.box.min_periodic_width();
    s.dr = (s.r_max - s.r_min) / 25;
    s.partial = seed % 2 == 0;
    s.normalization = seed % 3 == 0 ? RdfSettings::Normalization::ShellVolume : RdfSettings::Normalization::BinCentre;
    const FeatureMatrix m = compute_rdf_features(c, s);
    EXPECT_LT(max_abs_diff(m.data, testing::oracle_rdf(c, s, {"Cu", "Zr"})), 1e-9) << "seed " << seed;
  }
}

TEST(Rdf, SmoothedEqualsBruteForceGaussians) {
  const Configuration c = io::read_structure(kData + "s2.data");
  for (bool partial : {false, true}) {
    RdfSettings s;
    s.smoothing = 0.15;
    s.partial = partial;
    FeatureMatrix m = compute_rdf_features(c, s);
    // The library truncates each Gaussian at 6 sigma (Φ(−6) ≈ 1e-9 per neighbour); the oracle
    // does not. The oracle (an erfc per bin and pair) checks the first 150 atoms' rows.
    const auto want = testing::oracle_rdf(c, s, {"Cu", "Zr"}, 150);
    m.data.resize(want.size());
    EXPECT_LT(max_abs_diff(m.data, want), 1e-8);
  }
  // sigma -> 0 recovers the histogram.
  RdfSettings sharp;
  sharp.smoothing = 1e-9;
  EXPECT_LT(max_abs_diff(compute_rdf_features(c, sharp).data, compute_rdf_features(c, RdfSettings{}).data), 1e-9);
}

/// Perfect fcc as its rhombohedral primitive cell replicated n³ times, in LAMMPS' triclinic form.
Configuration fcc_primitive(double a, int n) {
  const Vec3 p1{0, a / 2, a / 2}, p2{a / 2, 0, a / 2}, p3{a / 2, a / 2, 0};
  Configuration c;
  c.box.lx = n * norm(p1);
  const Vec3 ex = p1 * (1.0 / norm(p1));
  c.box.xy = n * dot(p2, ex);
  c.box.ly = n * std::sqrt(norm2(p2) - dot(p2, ex) * dot(p2, ex));
  c.box.xz = n * dot(p3, ex);
  c.box.yz = (n * n * dot(p2, p3) - c.box.xy * c.box.xz) / c.box.ly;
  c.box.lz = std::sqrt(n * n * norm2(p3) - c.box.xz * c.box.xz - c.box.yz * c.box.yz);
  c.species_of_type = {"Cu"};
  c.mass_of_type = {63.546};
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      for (int k = 0; k < n; ++k) {
        c.id.push_back(static_cast<std::int64_t>(c.id.size() + 1));
        c.type.push_back(1);
        c.position.push_back(c.box.to_cartesian({double(i) / n, double(j) / n, double(k) / n}));
      }
  return c;
}

TEST(Rdf, FccShellsHold12_6_24_12Neighbours) {
  // Shells at a/√2, a, a√(3/2), a√2 = 2.556, 3.615, 4.427, 5.112 Å for a = 3.615 Å fall in the
  // 0.2 Å bins 2, 8, 12 and 15; every bin below 5.2 Å other than those is empty.
  const double a = 3.615;
  for (const Configuration& c : {fcc_primitive(a, 10)}) {
    ASSERT_GT(c.box.min_periodic_width(), 20.0);
    const FeatureMatrix m = compute_rdf_features(c, RdfSettings{});
    const double rho = double(c.size()) / c.box.volume();
    ASSERT_NEAR(rho, 4.0 / (a * a * a), 1e-12);
    for (std::size_t i = 0; i < m.rows; ++i)
      for (std::size_t k = 0; k < 16; ++k) {
        const double r_c = 2.0 + (k + 0.5) * 0.2;
        const double count = m.at(i, k) * 4.0 * std::numbers::pi * r_c * r_c * rho * 0.2;
        const double expected = k == 2 ? 12 : k == 8 ? 6 : k == 12 ? 24 : k == 15 ? 12 : 0;
        ASSERT_NEAR(count, expected, 1e-9) << "atom " << i << " bin " << k;
      }
  }
}

TEST(Rdf, IdealGasGivesOne) {
  // Uniform random points: each atom sees the other N−1 with density 1/V, so the expected
  // atom-averaged feature is (N−1)/N · shell/(4π r_c² Δr), shell = 4π/3 (r_out³ − r_in³).
  // Statistics: the ordered pair count in a bin is twice a Poisson count, so the relative
  // standard deviation of the mean is 1/sqrt(number of unordered pairs expected in the bin).
  const std::size_t n = 20000;
  Configuration c = random_config(42, n, 55.0, 0.0);
  const FeatureMatrix m = compute_rdf_features(c, RdfSettings{});
  double chi2 = 0.0;
  for (std::size_t k = 0; k < m.cols; ++k) {
    double mean = 0.0;
    for (std::size_t i = 0; i < n; ++i) mean += m.at(i, k) / n;
    const double r_in = 2.0 + 0.2 * k, r_out = r_in + 0.2, r_c = r_in + 0.1;
    const double shell = 4.0 / 3.0 * std::numbers::pi * (std::pow(r_out, 3) - std::pow(r_in, 3));
    const double expected = (n - 1.0) / n * shell / (4.0 * std::numbers::pi * r_c * r_c * 0.2);
    const double pairs = 0.5 * n * (n - 1.0) / c.box.volume() * shell;
    const double sd = expected / std::sqrt(pairs);
    EXPECT_NEAR(mean, expected, 5 * sd) << "bin " << k;
    EXPECT_NEAR(mean, 1.0, 0.05);
    chi2 += std::pow((mean - expected) / sd, 2);
  }
  // 40 bins: chi² has mean 40, sd 9; 90 is beyond 5 sd.
  EXPECT_LT(chi2, 90.0);
}

TEST(Rdf, DoesNotDependOnThreadCount) {
  const Configuration c = io::read_structure(kData + "s3.data");
  RdfSettings partial;
  partial.partial = true;
  RdfSettings smooth;
  smooth.smoothing = 0.1;
  for (const RdfSettings& s : {RdfSettings{}, partial, smooth}) {
    set_num_threads(1);
    const auto one = compute_rdf_features(c, s).data;
    set_num_threads(2);
    const auto two = compute_rdf_features(c, s).data;
    set_num_threads(3);
    const auto three = compute_rdf_features(c, s).data;
    set_num_threads(0);
    EXPECT_EQ(one, two);  // bit for bit
    EXPECT_EQ(one, three);
  }
}

TEST(Rdf, ReplicatedSampleGivesEveryCopyTheOriginalFeatures) {
  // Replicating a periodic sample 4x4x4 (128,000 atoms: also the 32-bit count path) changes
  // neither the density nor any atom's neighbourhood within r_max < half the original width.
  const Configuration c = io::read_structure(kData + "s5.data");
  RdfSettings s;
  s.partial = true;
  const FeatureMatrix ref = compute_rdf_features(c, s);
  const int n = 4;
  Configuration big = c;
  big.box.lx *= n, big.box.ly *= n, big.box.lz *= n;
  big.id.clear(), big.type.clear(), big.position.clear(), big.image.clear(), big.columns.clear();
  for (int a = 0; a < n; ++a)
    for (int b = 0; b < n; ++b)
      for (int e = 0; e < n; ++e)
        for (std::size_t i = 0; i < c.size(); ++i) {
          big.id.push_back(static_cast<std::int64_t>(big.id.size() + 1));
          big.type.push_back(c.type[i]);
          big.position.push_back(c.position[i] + Vec3{a * c.box.lx, b * c.box.ly, e * c.box.lz});
        }
  const FeatureMatrix m = compute_rdf_features(big, s);
  ASSERT_EQ(m.rows, 64 * c.size());
  double worst = 0.0;
  for (std::size_t i = 0; i < m.rows; ++i)
    for (std::size_t k = 0; k < m.cols; ++k) worst = std::max(worst, std::abs(m.at(i, k) - ref.at(i % c.size(), k)));
  EXPECT_LT(worst, 1e-9);
}

TEST(Rdf, RowsFollowTheConfigurationsAtomOrder) {
  Configuration c = random_config(3, 500, 21.0, 0.2);
  const FeatureMatrix m = compute_rdf_features(c, RdfSettings{});
  std::swap(c.position[0], c.position[7]);
  std::swap(c.type[0], c.type[7]);
  const FeatureMatrix swapped = compute_rdf_features(c, RdfSettings{});
  for (std::size_t k = 0; k < m.cols; ++k) {
    EXPECT_EQ(m.at(0, k), swapped.at(7, k));
    EXPECT_EQ(m.at(7, k), swapped.at(0, k));
  }
}

TEST(Rdf, RefusesTooSmallBoxesAndUnknownSpecies) {
  const Configuration c = random_config(4, 300, 15.0, 0.0);  // widths 15..18 Å < 20 Å
  try {
    compute_rdf_features(c, RdfSettings{});
    FAIL() << "a box under 2 r_max was accepted";
  } catch (const ParameterError& e) {
    EXPECT_NE(std::string(e.what()).find("box too small"), std::string::npos) << e.what();
  }
  RdfSettings small;
  small.r_max = 7.0;
  EXPECT_NO_THROW(compute_rdf_features(c, small));
  small.smoothing = 0.5;  // needs 2 (7 + 6 x 0.5) = 20 Å
  EXPECT_THROW(compute_rdf_features(c, small), ParameterError);
  small.smoothing = 0.0;
  small.partial = true;
  EXPECT_THROW(compute_rdf_features(c, small, {"Cu", "Ni"}), ParameterError);  // Zr atoms unlisted
  const FeatureMatrix m = compute_rdf_features(c, small, {"Zr", "Ni", "Cu"});    // Ni block: zeros
  ASSERT_EQ(m.cols, 3 * 25u);
  EXPECT_EQ(m.names[0], "g_Zr_2.10");
  EXPECT_EQ(m.names[25], "g_Ni_2.10");
  for (std::size_t i = 0; i < m.rows; ++i)
    for (std::size_t k = 25; k < 50; ++k) ASSERT_EQ(m.at(i, k), 0.0);
}

TEST(RdfSettings, BinsNamesValidationAndJson) {
  RdfSettings s;
  EXPECT_EQ(s.num_bins(), 40u);
  EXPECT_EQ(s.num_features(2), 40u);
  auto names = s.feature_names({"Cu", "Zr"});
  ASSERT_EQ(names.size(), 40u);
  EXPECT_EQ(names.front(), "g_2.10");
  EXPECT_EQ(names.back(), "g_9.90");
  s.partial = true;
  EXPECT_EQ(s.num_features(2), 80u);
  names = s.feature_names({"Cu", "Zr"});
  EXPECT_EQ(names[40], "g_Zr_2.10");
  RdfSettings fine;
  fine.r_min = 0.0;
  fine.dr = 0.025;
  EXPECT_EQ(fine.num_bins(), 400u);
  EXPECT_EQ(fine.feature_names({})[0], "g_0.0125");

  s.normalization = RdfSettings::Normalization::ShellVolume;
  s.smoothing = 0.05;
  const RdfSettings back = RdfSettings::from_json(s.to_json());
  EXPECT_EQ(back.r_min, s.r_min);
  EXPECT_EQ(back.r_max, s.r_max);
  EXPECT_EQ(back.dr, s.dr);
  EXPECT_EQ(back.partial, true);
  EXPECT_EQ(back.smoothing, 0.05);
  EXPECT_EQ(back.normalization, RdfSettings::Normalization::ShellVolume);

  auto bad = [](auto edit) {
    RdfSettings b;
    edit(b);
    EXPECT_THROW(b.validate(), ParameterError);
  };
  bad([](RdfSettings& b) { b.dr = 0.3; });  // 8 Å is not a whole number of 0.3 Å bins
  bad([](RdfSettings& b) { b.dr = 0.0; });
  bad([](RdfSettings& b) { b.r_max = 1.0; });
  bad([](RdfSettings& b) { b.r_min = -1.0; });
  bad([](RdfSettings& b) { b.smoothing = -0.1; });
  bad([](RdfSettings& b) { b.r_max = NAN; });
  EXPECT_THROW(RdfSettings::from_json({{"normalization", "volume"}}), ParameterError);
  EXPECT_THROW(RdfSettings::from_json({{"descriptor", "voronoi"}}), ParameterError);
  EXPECT_THROW(RdfSettings::from_json({{"dr_A", "0.2"}}), ParameterError);
}

}  // namespace
}  // namespace glassml::structure
