// Data sets, splits and folds on the reference samples: labels are the K column, splits never
// cut a sample (checked row by row against the sample of each row), folds partition the rows,
// and structures the model cannot handle are refused with a message naming the file.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <set>

#include "core/error.hpp"
#include "io/structure_file.hpp"
#include "ml/cross_validation.hpp"
#include "ml/dataset.hpp"
#include "ml/fit.hpp"

namespace glassml::ml {
namespace {

const std::string kData = std::string(GLASSML_SHARED_DATA) + "/cuzr2000-q1e13/";

const Dataset& three_samples() {
  static const Dataset d = [] {
    DatasetOptions o;
    return load_dataset({kData + "s1.dump", kData + "s2.dump", kData + "s3.dump"}, o);
  }();
  return d;
}

TEST(Dataset, RowsAreAtomsByIdWithTheirLabelAndSpecies) {
  const Dataset& d = three_samples();
  ASSERT_EQ(d.rows(), 6000u);
  EXPECT_EQ(d.data.cols, 40u);
  EXPECT_EQ(d.species_names, (std::vector<std::string>{"Cu", "Zr"}));
  EXPECT_EQ(d.feature_names.front(), "g_2.10");
  const Configuration s2 = io::read_structure(kData + "s2.dump");
  const Column* k = s2.find_column("K");
  ASSERT_NE(k, nullptr);
  for (std::size_t i = 0; i < s2.size(); ++i) {
    ASSERT_EQ(d.data.y[2000 + i], k->values[i]);
    ASSERT_EQ(d.sample[2000 + i], 1u);
    ASSERT_EQ(d.species_names[static_cast<std::size_t>(d.species[2000 + i])], s2.species(i));
  }
}

TEST(Dataset, MissingLabelIsRefusedNamingTheFile) {
  DatasetOptions o;
  o.label = "K_h";
  try {
    load_dataset({kData + "s1.dump"}, o);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("s1.dump"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'K_h'"), std::string::npos) << e.what();
  }
}

// Extra features: the named columns follow the descriptor in every row, unchanged; the
// baseline column (K_h) is kept aside; without_extra_features gives back the descriptor.
TEST(Dataset, ExtraFeaturesAreAppendedColumnsAndCanBeDropped) {
  const std::string path = ::testing::TempDir() + "glassml_extra_" + std::to_string(::getpid()) + ".dump";
  Configuration c = io::read_structure(kData + "s1.dump");
  std::vector<double> kh(c.size());
  for (std::size_t i = 0; i < c.size(); ++i) kh[i] = 0.5 + 1e-3 * static_cast<double>(c.id[i]);
  c.set_column("K_h", kh);
  io::write_structure(path, c);
  DatasetOptions o;
  o.extra_features = {"K_h"};
  const Dataset d = load_dataset({path}, o);
  ASSERT_EQ(d.data.cols, 41u);
  EXPECT_EQ(d.feature_names.back(), "K_h");
  EXPECT_EQ(d.baseline_name, "K_h");
  DatasetOptions po;
  po.baseline = "";
  const Dataset plain = load_dataset({path}, po);
  EXPECT_TRUE(plain.baseline.empty());
  for (std::size_t i = 0; i < c.size(); ++i) {
    ASSERT_EQ(d.data.x[41 * i + 40], kh[i]);
    ASSERT_EQ(d.baseline[i], kh[i]);
    for (std::size_t f = 0; f < 40; ++f) ASSERT_EQ(d.data.x[41 * i + f], plain.data.x[40 * i + f]);
  }
  const Dataset back = d.subset({3, 1}).without_extra_features();
  EXPECT_EQ(back.data.cols, 40u);
  EXPECT_EQ(back.baseline, (std::vector<double>{kh[3], kh[1]}));
  for (std::size_t f = 0; f < 40; ++f) ASSERT_EQ(back.data.x[40 + f], plain.data.x[40 + f]);
  // A file without the column is refused, naming the file and the column.
  try {
    load_dataset({kData + "s2.dump"}, o);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("s2.dump"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'K_h'"), std::string::npos) << e.what();
  }
  o.label = "K_h";
  EXPECT_THROW(load_dataset({path}, o), ParameterError);  // the label as an input
  std::remove(path.c_str());
}

// The line of the "K_h alone" baseline against the closed form for 3 points:
// x = 0, 1, 2; y = 1, 2, 4: mean x 1, mean y 7/3, Σ dx dy = 3, Σ dx² = 2: slope 3/2, intercept 7/3 − 3/2 = 5/6.
TEST(LinearFit, MatchesTheClosedForm) {
  const LinearFit f = fit_line({0, 1, 2}, {1, 2, 4});
  EXPECT_NEAR(f.slope, 1.5, 1e-15);
  EXPECT_NEAR(f.intercept, 5.0 / 6.0, 1e-15);
  EXPECT_EQ(f.apply({2}).front(), f.intercept + 2 * f.slope);
  EXPECT_THROW(fit_line({1, 1}, {0, 1}), ParameterError);
}

TEST(Dataset, UnknownSpeciesAndSmallBoxAreRefused) {
  Configuration c = io::read_structure(kData + "s1.dump");
  c.species_of_type[1] = "Ni";
  try {
    check_species(c, "x.dump", {"Cu", "Zr"});
    FAIL() << "no error";
  } catch (const ParameterError& e) {
    EXPECT_NE(std::string(e.what()).find("x.dump: species 'Ni'"), std::string::npos) << e.what();
  }
  Configuration small;
  small.box = Box::orthogonal({0, 0, 0}, {12, 12, 12});
  small.id = {1, 2};
  small.type = {1, 1};
  small.position = {{1, 1, 1}, {3, 3, 3}};
  small.species_of_type = {"Cu"};
  small.mass_of_type = {63.546};
  try {
    configuration_features(small, "small.data", structure::RdfSettings{}, {"Cu"});
    FAIL() << "no error";
  } catch (const ParameterError& e) {
    EXPECT_NE(std::string(e.what()).find("small.data: box too small"), std::string::npos) << e.what();
  }
}

void expect_partition(const std::vector<std::size_t>& a, const std::vector<std::size_t>& b, std::size_t n) {
  std::set<std::size_t> all(a.begin(), a.end());
  for (auto r : b) EXPECT_TRUE(all.insert(r).second) << "row " << r << " on both sides";
  EXPECT_EQ(all.size(), n);
}

TEST(Split, ValidationHoldsOutWholeSamples) {
  const Dataset& d = three_samples();
  const Split s = validation_split(d, 0.3);  // round(0.9) = 1 sample
  expect_partition(s.train_rows, s.validation_rows, d.rows());
  EXPECT_EQ(s.validation_rows.size(), 2000u);
  for (auto r : s.validation_rows) EXPECT_EQ(d.sample[r], 2u);
  EXPECT_NE(s.description.find("by sample"), std::string::npos);
}

TEST(Split, OnlySamplesPresentInTheRowsAreHeldOut) {
  // A CV fold's training rows keep all sample names; the held-out sample must have rows
  // (else early stopping would silently be off in that fold).
  const Dataset& d = three_samples();
  const Dataset first_two = d.subset(d.rows_of_samples({0, 1}));
  EXPECT_EQ(first_two.present_samples(), (std::vector<std::size_t>{0, 1}));
  const Split s = validation_split(first_two, 0.3);
  ASSERT_EQ(s.validation_rows.size(), 2000u);
  for (auto r : s.validation_rows) EXPECT_EQ(first_two.sample[r], 1u);
  const Folds f = make_folds(d.subset(d.rows_of_samples({0, 2})), 2);
  ASSERT_TRUE(f.by_sample);
  EXPECT_EQ(f.folds[0].validation_rows.size(), 2000u);
  EXPECT_EQ(f.folds[1].validation_rows.size(), 2000u);
}

TEST(Split, OneSampleGivesAContiguousBlock) {
  const Dataset one = three_samples().subset([] {
    std::vector<std::size_t> r(2000);
    for (std::size_t i = 0; i < r.size(); ++i) r[i] = i;
    return r;
  }());
  Dataset d = one;
  d.sample_names.resize(1);
  const Split s = validation_split(d, 0.1);
  ASSERT_EQ(s.validation_rows.size(), 200u);
  for (std::size_t k = 0; k < 200; ++k) EXPECT_EQ(s.validation_rows[k], 1800 + k);
  EXPECT_NE(s.description.find("contiguous"), std::string::npos);
}

TEST(Folds, BySampleWhenThereAreEnoughSamples) {
  const Dataset& d = three_samples();
  const Folds f = make_folds(d, 3);
  ASSERT_TRUE(f.by_sample);
  ASSERT_EQ(f.folds.size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) {
    expect_partition(f.folds[k].train_rows, f.folds[k].validation_rows, d.rows());
    for (auto r : f.folds[k].validation_rows) ASSERT_EQ(d.sample[r], k);  // one whole sample each
    EXPECT_EQ(f.folds[k].validation_rows.size(), 2000u);
  }
}

TEST(Folds, ContiguousAtomBlocksOtherwise) {
  const Dataset& d = three_samples();
  const Folds f = make_folds(d, 4);
  ASSERT_FALSE(f.by_sample);
  EXPECT_NE(f.description.find("contiguous atom blocks"), std::string::npos);
  for (std::size_t k = 0; k < 4; ++k) {
    expect_partition(f.folds[k].train_rows, f.folds[k].validation_rows, d.rows());
    ASSERT_EQ(f.folds[k].validation_rows.size(), 1500u);
    EXPECT_EQ(f.folds[k].validation_rows.front(), 1500 * k);
    EXPECT_EQ(f.folds[k].validation_rows.back(), 1500 * k + 1499);
  }
}

TEST(Grid, ParsesAndRefusesBadItems) {
  const Grid g = Grid::parse({"layers=1,2", "units=50,100,200", "activation=relu,tanh"});
  EXPECT_EQ(g.layers, (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(g.units, (std::vector<std::size_t>{50, 100, 200}));
  EXPECT_EQ(g.size(), 12u);
  EXPECT_THROW(Grid::parse({"layers=0"}), ParameterError);
  EXPECT_THROW(Grid::parse({"units=10,x"}), ParameterError);
  EXPECT_THROW(Grid::parse({"depth=2"}), ParameterError);
  EXPECT_THROW(Grid::parse({"activation=swish"}), ParameterError);
  EXPECT_THROW(Grid::parse({"layers=1", "layers=2"}), ParameterError);
}

TEST(CrossValidation, TableHasOneRowPerArchitectureAndTheBestIsTheMinimum) {
  FitOptions o;
  o.train.max_epochs = 3;
  const CvResult cv = cross_validate(three_samples(), Grid::parse({"units=4,16", "activation=relu,tanh"}), 3, o,
                                     nlohmann::json::object(), false);
  ASSERT_EQ(cv.rows.size(), 4u);
  for (std::size_t i = 0; i < cv.rows.size(); ++i) {
    ASSERT_EQ(cv.rows[i].fold_mse.size(), 3u);
    double m = (cv.rows[i].fold_mse[0] + cv.rows[i].fold_mse[1] + cv.rows[i].fold_mse[2]) / 3;
    EXPECT_NEAR(cv.rows[i].mean_mse, m, 1e-15);
    EXPECT_LE(cv.rows[cv.best].mean_mse, cv.rows[i].mean_mse);
    EXPECT_GT(cv.rows[i].mean_mse, 0.0);
  }
  const std::string csv = cv.to_csv("eV/A^2");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5);
  EXPECT_NE(csv.find("mean_val_mse[(eV/A^2)^2]"), std::string::npos);
  EXPECT_NE(cv.to_markdown("K", "eV/A^2").find("by sample"), std::string::npos);
}

}  // namespace
}  // namespace glassml::ml
