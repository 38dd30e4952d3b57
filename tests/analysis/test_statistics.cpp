// Statistics of the report against hand formulas: the selection of extreme fractions, density
// maps, the viscosity analysis (η = η0 exp(ΔQ / k_B T) inverted analytically; an exactly
// exponential η(K) gives slope, intercept and correlation exactly), CSV numbers that read back
// exactly, and the all-or-nothing output folder.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "analysis/csv_table.hpp"
#include "analysis/output_dir.hpp"
#include "analysis/parity.hpp"
#include "analysis/rdf_classes.hpp"
#include "analysis/viscosity.hpp"
#include "core/constants.hpp"
#include "core/error.hpp"

namespace glassml::analysis {
namespace {

TEST(ExtremeFraction, PicksTheLargestAndSmallestWithTiesByIndex) {
  const std::vector<double> v{5, 1, 9, 9, 3, 7, 1, 2, 8, 4};
  EXPECT_EQ(extreme_fraction(v, 0.2, true), (std::vector<std::size_t>{2, 3}));
  EXPECT_EQ(extreme_fraction(v, 0.2, false), (std::vector<std::size_t>{1, 6}));
  EXPECT_EQ(extreme_fraction(v, 0.3, true), (std::vector<std::size_t>{2, 3, 8}));
  EXPECT_EQ(extreme_fraction(v, 0.01, false).size(), 1u);  // at least one atom
}

TEST(DensityGrid, CountsEveryPointInItsBin) {
  // Square range: min..max of both = 0..10, padded 2 % -> -0.2..10.2, 4 bins of 2.6.
  const std::vector<double> x{0, 10, 2.0, 2.0, 5.5}, y{0, 10, 2.0, 7.5, 5.5};
  const DensityGrid g = density_grid(x, y, 4, true);
  EXPECT_DOUBLE_EQ(g.xlo, -0.2);
  EXPECT_DOUBLE_EQ(g.yhi, 10.2);
  EXPECT_EQ(g.counts[0 * 4 + 0], 2u);  // (0,0) and (2,2): 2.2 < 2.6
  EXPECT_EQ(g.counts[3 * 4 + 3], 1u);  // (10,10): the last bin includes hi
  EXPECT_EQ(g.counts[2 * 4 + 0], 1u);  // (2, 7.5): y bin floor(7.7 / 2.6) = 2
  EXPECT_EQ(g.counts[2 * 4 + 2], 1u);  // (5.5, 5.5): floor(5.7 / 2.6) = 2
  const DensityGrid r = density_grid(x, {0, 100, 20, 75, 55}, 4, false);  // own range per axis
  EXPECT_DOUBLE_EQ(r.ylo, -2.0);
  EXPECT_DOUBLE_EQ(r.yhi, 102.0);
}

TEST(Viscosity, ImpliedTemperatureInvertsTheArrheniusLaw) {
  for (double t : {50.0, 300.0, 1000.0})
    for (double dq : {0.1, 0.5, 1.3}) {
      const double eta = constants::kEta0 * std::exp(dq / (constants::kBoltzmann * t));
      EXPECT_NEAR(implied_temperature(dq, eta), t, 1e-9 * t);
    }
  EXPECT_TRUE(std::isnan(implied_temperature(0.5, constants::kEta0)));
  EXPECT_TRUE(std::isnan(implied_temperature(std::nan(""), 1.0)));
}

TEST(Viscosity, ExponentialLawGivesExactFitAndClasses) {
  // log10 η = a + b K exactly, ΔQ from it at T = 300 K; every third atom not searched.
  const double a = -3.0, b = 6.0, t = 300.0;
  ActivatedSample s;
  const std::size_t n = 3000;
  for (std::size_t i = 0; i < n; ++i) {
    const double k = 0.3 + 1.0 * static_cast<double>((i * 7919) % n) / n;
    s.prediction.k_pre.push_back(k);
    s.prediction.k_real.push_back(k);
    s.prediction.species.push_back(i % 2 ? "Zr" : "Cu");
    s.prediction.config.id.push_back(static_cast<std::int64_t>(i + 1));
    const bool searched = i % 3 != 0;
    const double eta = std::pow(10.0, a + b * k);
    s.n_events.push_back(searched ? 10 : 0);
    s.eta_pa_s.push_back(searched ? eta : std::nan(""));
    s.dq_mean_ev.push_back(searched ? constants::kBoltzmann * t * std::log(eta / constants::kEta0) : std::nan(""));
    s.dq_std_ev.push_back(0.0);
  }
  const ViscosityData v = compute_viscosity({s}, 0.1, 20);
  EXPECT_EQ(v.total, n);
  EXPECT_EQ(v.searched, 2000u);
  EXPECT_EQ(v.group_size, 100u);
  EXPECT_NEAR(v.slope, b, 1e-9);
  EXPECT_NEAR(v.intercept, a, 1e-9);
  EXPECT_NEAR(v.pearson_log, 1.0, 1e-12);
  EXPECT_NEAR(v.spearman, 1.0, 1e-12);
  EXPECT_NEAR(v.temperature_median, t, 1e-6);
  EXPECT_NEAR(v.temperature_min, t, 1e-6);
  EXPECT_EQ(v.per_class, 200u);
  std::size_t hs = 0, ho = 0;
  for (auto c : v.hist_stiff) hs += c;
  for (auto c : v.hist_soft) ho += c;
  EXPECT_EQ(hs, 200u);
  EXPECT_EQ(ho, 200u);
  // Groups of K_pre-sorted atoms lie on the line too (mean of a linear function).
  for (std::size_t g = 0; g < v.group_k_pre.size(); ++g) EXPECT_NEAR(v.group_log10_eta[g], a + b * v.group_k_pre[g], 1e-9);
  EXPECT_GT(v.median_log10_eta_stiff, v.median_log10_eta_soft + b * 0.7);
}

TEST(Histogram, BinsAreHalfOpenExceptTheLast) {
  EXPECT_EQ(histogram({0.0, 0.5, 1.0, 1.5, 2.0, 2.5}, 0.0, 2.0, 2), (std::vector<std::size_t>{2, 3}));
  EXPECT_DOUBLE_EQ(median({3, 1, 2}), 2.0);
  EXPECT_DOUBLE_EQ(median({4, 1, 2, 3}), 2.5);
}

TEST(CsvTable, NumbersReadBackExactly) {
  for (double v : {0.1, 1.0 / 3.0, 6.02214076e23, -2.5e-300, 0.8179}) EXPECT_EQ(std::stod(exact_number(v)), v);
  EXPECT_EQ(exact_number(std::nan("")), "nan");
  CsvTable t({"a", "b[eV]"});
  t.add_row({"x", exact_number(0.5)});
  EXPECT_EQ(t.to_string(), "a,b[eV]\nx,0.5\n");
  EXPECT_THROW(t.add_row({"only one"}), std::logic_error);
}

TEST(OutputDir, ReplacesTheFolderOnlyOnCommit) {
  namespace fs = std::filesystem;
  const fs::path base = fs::temp_directory_path() / ("glassml_outdir_" + std::to_string(::getpid()));
  fs::remove_all(base);
  fs::create_directories(base / "old");
  std::ofstream(base / "old" / "marker") << "x";
  {
    OutputDir d((base / "old").string());
    std::ofstream(d.dir() + "/new") << "y";
    EXPECT_TRUE(fs::exists(base / "old" / "marker"));  // not committed: old folder untouched
  }
  EXPECT_TRUE(fs::exists(base / "old" / "marker"));
  EXPECT_FALSE(fs::exists(base / "old.tmp"));
  {
    OutputDir d((base / "old").string());
    std::ofstream(d.dir() + "/new") << "y";
    d.commit();
  }
  EXPECT_FALSE(fs::exists(base / "old" / "marker"));
  EXPECT_TRUE(fs::exists(base / "old" / "new"));
  EXPECT_FALSE(fs::exists(base / "old.tmp"));
  EXPECT_THROW(OutputDir{(base / "missing" / "dir").string()}, ParameterError);
  fs::remove_all(base);
}

}  // namespace
}  // namespace glassml::analysis
