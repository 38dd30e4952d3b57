// `glassml train` and `glassml predict` end to end on the reference samples: the dump holds
// the model's predictions for features recomputed independently here, the test metrics written
// by train equal those recomputed from predict's output, CV tables say how folds were made, and
// bad requests fail with one line, a non-zero exit and no output.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "io/structure_file.hpp"
#include "ml/metrics.hpp"
#include "ml/model.hpp"
#include "structure/rdf.hpp"

namespace glassml::ml {
namespace {

namespace fs = std::filesystem;
const std::string kData = std::string(GLASSML_SHARED_DATA) + "/cuzr2000-q1e13/";

class TrainPredict : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("glassml_ml_cli_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  int run(const std::string& args) {
    const std::string cmd = std::string(GLASSML_BINARY) + " --quiet --threads 1 " + args + " > " +
                            path("stdout.txt") + " 2> " + path("stderr.txt");
    const int status = std::system(cmd.c_str());
    err_ = read(path("stderr.txt"));
    out_ = read(path("stdout.txt"));
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  static std::string read(const std::string& p) {
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
  std::string err_, out_;
};

TEST_F(TrainPredict, PredictionsAndMetricsAgreeWithAnIndependentRecomputation) {
  ASSERT_EQ(run("train --train " + kData + "s1.dump " + kData + "s2.dump --test " + kData +
                "s3.dump --epochs 5 --units 20 -o " + path("m.json")),
            0) << err_;
  ASSERT_TRUE(fs::exists(path("m.metrics.json")));
  ASSERT_EQ(run("predict " + path("m.json") + " " + kData + "s3.dump -o " + path("p.dump") + " --metrics " +
                path("pm.json")), 0) << err_;
  const Configuration out = io::read_structure(path("p.dump"));
  const Configuration in = io::read_structure(kData + "s3.dump");
  ASSERT_EQ(out.size(), in.size());
  const Column* k = out.find_column("K");
  const Column* kp = out.find_column("K_pre");
  ASSERT_TRUE(k && kp);
  EXPECT_EQ(out.columns.size(), 2u);  // msd_* are not carried over
  EXPECT_EQ(k->values, in.find_column("K")->values);
  // Features recomputed here from the settings stored in the model.
  const Model m = Model::load(path("m.json"));
  const auto settings = structure::RdfSettings::from_json(m.descriptor);
  const auto expected = m.predict(structure::compute_rdf_features(in, settings, m.species).data);
  EXPECT_EQ(kp->values, expected);
  // Test metrics written by train = metrics of predict's output.
  const auto tm = nlohmann::json::parse(read(path("m.metrics.json")));
  const Metrics direct = compute_metrics(k->values, kp->values);
  EXPECT_DOUBLE_EQ(tm["test"]["all"]["single_atom"]["mse"].get<double>(), direct.mse);
  EXPECT_DOUBLE_EQ(tm["test"]["all"]["single_atom"]["pearson"].get<double>(), direct.pearson);
  EXPECT_EQ(tm["test"]["species"]["Cu"]["single_atom"]["n"], 1000);
  const auto pm = nlohmann::json::parse(read(path("pm.json")));
  EXPECT_DOUBLE_EQ(pm[kData + "s3.dump"]["all"]["single_atom"]["mse"].get<double>(), direct.mse);
  // The model file says what it was trained on.
  EXPECT_EQ(m.species, (std::vector<std::string>{"Cu", "Zr"}));
  EXPECT_EQ(m.training["data"]["test"][0], kData + "s3.dump");
}

TEST_F(TrainPredict, CrossValidationWritesTablesAndSaysHowFoldsWereMade) {
  const std::string three = kData + "s1.dump " + kData + "s2.dump " + kData + "s3.dump";
  ASSERT_EQ(run("train --train " + three + " --epochs 2 --cv 3 --grid units=4,8 activation=relu,sigmoid -o " +
                path("m.json")), 0) << err_;
  const std::string csv = read(path("m.cv.csv")), md = read(path("m.cv.md"));
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5) << csv;
  EXPECT_NE(md.find("3 folds by sample"), std::string::npos) << md;
  EXPECT_NE(out_.find("3 folds by sample"), std::string::npos);
  // The best row of the table is the architecture that was trained.
  const Model m = Model::load(path("m.json"));
  const auto best = m.training["cross_validation"]["best"];
  EXPECT_EQ(m.net.architecture().hidden, (std::vector<std::size_t>{best["units"].get<std::size_t>()}));
  ASSERT_EQ(run("train --train " + three + " --epochs 2 --cv 4 -o " + path("m4.json")), 0) << err_;
  EXPECT_NE(read(path("m4.cv.md")).find("contiguous atom blocks"), std::string::npos);
}

TEST_F(TrainPredict, BadRequestsFailWithOneLineAndNoOutput) {
  ASSERT_EQ(run("train --train " + kData + "s1.dump --epochs 1 --units 4 -o " + path("m.json")), 0) << err_;
  // A species the model does not know.
  Configuration c = io::read_structure(kData + "s2.dump");
  c.species_of_type[1] = "Ni";
  c.mass_of_type[1] = 58.693;
  io::write_structure(path("ni.dump"), c);
  EXPECT_EQ(run("predict " + path("m.json") + " " + path("ni.dump") + " -o " + path("p.dump")), 1);
  EXPECT_NE(err_.find("species 'Ni' (type 2) is not known to the model"), std::string::npos) << err_;
  EXPECT_EQ(std::count(err_.begin(), err_.end(), '\n'), 1) << err_;
  EXPECT_FALSE(fs::exists(path("p.dump")));
  // A model from a newer glassml.
  auto j = nlohmann::json::parse(read(path("m.json")));
  j["format_version"] = 99;
  std::ofstream(path("new.json")) << j.dump();
  EXPECT_EQ(run("predict " + path("new.json") + " " + kData + "s2.dump -o " + path("p.dump")), 1);
  EXPECT_NE(err_.find("newer"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(path("p.dump")));
  // Missing label, bad grid.
  EXPECT_EQ(run("train --train " + kData + "s1.data -o " + path("x.json")), 1);
  EXPECT_NE(err_.find("s1.data: no per-atom column 'K'"), std::string::npos) << err_;
  EXPECT_EQ(run("train --train " + kData + "s1.dump --cv 2 --grid units=0 -o " + path("x.json")), 1);
  EXPECT_NE(err_.find("units=0"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(path("x.json")));
}

// --extra-features K_h on files with a synthetic K_h column (K_h = 0.9 K + 0.1 sin(id), so that
// it is informative but not exact): the model stores it, predict reads it and refuses a file
// without it; the metrics carry "K_h alone" (Pearson recomputed here from the test file) and
// the model without the extra feature.
TEST_F(TrainPredict, ExtraFeatureKhIsStoredRequiredAndReported) {
  auto with_kh = [&](int s) {
    Configuration c = io::read_structure(kData + "s" + std::to_string(s) + ".dump");
    const auto& k = c.find_column("K")->values;
    std::vector<double> kh(c.size());
    for (std::size_t i = 0; i < c.size(); ++i) kh[i] = 0.9 * k[i] + 0.1 * std::sin(static_cast<double>(c.id[i]));
    c.set_column("K_h", kh);
    const std::string p = path("s" + std::to_string(s) + ".h.dump");
    io::write_structure(p, c);
    return std::pair{p, pearson(kh, k)};
  };
  const auto [a, ra] = with_kh(1);
  const auto [b, rb] = with_kh(2);
  const auto [t, rt] = with_kh(3);
  ASSERT_EQ(run("train --train " + a + " " + b + " --test " + t + " --extra-features K_h --epochs 3 --units 10 -o " +
                path("m.json")), 0) << err_;
  const auto m = nlohmann::json::parse(read(path("m.json")));
  EXPECT_EQ(m["extra_features"], nlohmann::json::array({"K_h"}));
  EXPECT_EQ(m["features"].back(), "K_h");
  const auto metrics = nlohmann::json::parse(read(path("m.metrics.json")));
  EXPECT_NEAR(metrics["baseline"]["test"]["all"]["single_atom"]["pearson"].get<double>(), rt, 1e-12);
  EXPECT_TRUE(metrics["without_extra_features"]["test"].is_object());
  EXPECT_NE(out_.find("K_h alone"), std::string::npos) << out_;
  ASSERT_EQ(run("predict " + path("m.json") + " " + t + " -o " + path("p.dump")), 0) << err_;
  EXPECT_EQ(run("predict " + path("m.json") + " " + kData + "s3.dump -o " + path("q.dump")), 1);
  EXPECT_NE(err_.find("s3.dump: no per-atom column 'K_h'"), std::string::npos) << err_;
  EXPECT_EQ(std::count(err_.begin(), err_.end(), '\n'), 1) << err_;
  EXPECT_FALSE(fs::exists(path("q.dump")));
  EXPECT_EQ(run("train --train " + a + " --label K_h --extra-features K_h -o " + path("x.json")), 1);
  EXPECT_NE(err_.find("--extra-features K_h"), std::string::npos) << err_;
}

}  // namespace
}  // namespace glassml::ml

namespace glassml::ml {
namespace {

// The accuracy check of issue 5: trained on s1-s9 with the defaults (40-200-1 ReLU, Adam, early
// stopping on a held-out sample), tested on s10, glassml must be at least as accurate as
// scikit-learn's MLPRegressor(200 ReLU units, Adam) on the same features and split. Frozen
// peer values, from bench/mlp/sklearn_compare.py (scikit-learn 1.2.1, Debian python3-sklearn,
// random_state 1, 2026-11-24): test MSE 0.02751 (defaults) and 0.02520 (early_stopping=True),
// Pearson 0.5029 and 0.5141. We assert against the better of the two.
TEST_F(TrainPredict, AtLeastAsAccurateAsScikitLearnOnTheReferenceSplit) {
  std::string train;
  for (int s = 1; s <= 9; ++s) train += kData + "s" + std::to_string(s) + ".dump ";
  ASSERT_EQ(run("train --train " + train + "--test " + kData + "s10.dump -o " + path("m.json")), 0) << err_;
  const auto tm = nlohmann::json::parse(read(path("m.metrics.json")));
  const auto& test = tm["test"]["all"]["single_atom"];
  EXPECT_LE(test["mse"].get<double>(), 0.02520);
  EXPECT_GE(test["pearson"].get<double>(), 0.5141);
  for (const char* s : {"Cu", "Zr"}) EXPECT_GT(tm["test"]["species"][s]["single_atom"]["pearson"].get<double>(), 0.45) << s;
}

}  // namespace
}  // namespace glassml::ml
