// Model file: save -> load gives bit-identical weights and predictions; newer, corrupt and
// tampered files are refused with a message that names the file and the problem.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "ml/model.hpp"
#include "ml/random.hpp"

namespace glassml::ml {
namespace {

namespace fs = std::filesystem;

Model example_model() {
  Model m;
  m.net = Mlp({4, {8, 3}, Activation::Sigmoid});
  m.net.init_glorot(17);
  Random rng(2);
  for (auto& p : m.net.params()) p += 1e-3 * rng.uniform(-1, 1);  // non-zero biases, many digits
  m.scaler.mean = {0.1, 1.0 / 3.0, 2.0, -5.5};
  m.scaler.scale = {1.0, 0.7, 1e-3, 3.0};
  m.scaler.label_mean = 0.81;
  m.scaler.label_scale = 0.23;
  m.species = {"Cu", "Zr"};
  m.feature_names = {"g_2.1", "g_2.3", "g_2.5", "g_2.7"};
  m.descriptor = {{"r_min", 2.0}, {"r_max", 2.8}, {"dr", 0.2}};
  return m;
}

std::string temp_path(const std::string& name) {
  return (fs::temp_directory_path() / ("glassml_test_ml_" + std::to_string(::getpid()) + "_" + name)).string();
}

void write_text(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

std::string load_error(const std::string& path) {
  try {
    Model::load(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ModelFile, SaveLoadGivesBitIdenticalPredictions) {
  const Model m = example_model();
  const std::string path = temp_path("roundtrip.json");
  m.save(path);
  const Model r = Model::load(path);
  EXPECT_EQ(r.net.params(), m.net.params());
  EXPECT_EQ(r.net.architecture(), m.net.architecture());
  EXPECT_EQ(r.scaler.mean, m.scaler.mean);
  EXPECT_EQ(r.scaler.scale, m.scaler.scale);
  EXPECT_EQ(r.species, m.species);
  EXPECT_EQ(r.descriptor, m.descriptor);
  Random rng(5);
  std::vector<double> x(4 * 300);
  for (auto& v : x) v = rng.uniform(-3, 3);
  EXPECT_EQ(r.predict(x), m.predict(x));  // exact, not near
  fs::remove(path);
}

// Extra input columns (K_h) are the last features; the file says which, as version 2, and a
// file whose extra features are not the last feature names is refused.
TEST(ModelFile, ExtraFeaturesRoundTrip) {
  Model m = example_model();
  m.feature_names.back() = "K_h";
  m.extra_features = {"K_h"};
  const std::string path = temp_path("extra.json");
  m.save(path);
  const Model r = Model::load(path);
  EXPECT_EQ(r.extra_features, (std::vector<std::string>{"K_h"}));
  EXPECT_EQ(r.feature_names, m.feature_names);
  EXPECT_EQ(m.to_json()["format_version"], 2);
  Random rng(7);
  std::vector<double> x(4 * 50);
  for (auto& v : x) v = rng.uniform(-3, 3);
  EXPECT_EQ(r.predict(x), m.predict(x));
  auto j = m.to_json();
  j["extra_features"] = {"K"};
  write_text(path, j.dump());
  EXPECT_NE(load_error(path).find("extra_features are not the last feature names"), std::string::npos) << load_error(path);
  fs::remove(path);
}

TEST(ModelFile, IsSelfDescribing) {
  const auto j = example_model().to_json();
  EXPECT_EQ(j["format"], "glassml-mlp");
  EXPECT_EQ(j["format_version"], 1);
  EXPECT_EQ(j["architecture"]["summary"], "4-8-3-1 sigmoid");
  EXPECT_EQ(j["architecture"]["num_params"], (4 + 1) * 8 + (8 + 1) * 3 + (3 + 1));
  EXPECT_EQ(j["layers"][0]["weights"].size(), 8u);     // one row per unit
  EXPECT_EQ(j["layers"][0]["weights"][0].size(), 4u);  // one weight per input
  EXPECT_EQ(j["layers"][2]["activation"], "linear");
  EXPECT_EQ(j["label"]["unit"], "eV/A^2");
}

TEST(ModelFile, NewerVersionIsRefused) {
  auto j = example_model().to_json();
  j["format_version"] = Model::kFormatVersion + 1;
  const std::string path = temp_path("newer.json");
  write_text(path, j.dump());
  const std::string e = load_error(path);
  EXPECT_NE(e.find(path), std::string::npos) << e;
  EXPECT_NE(e.find("newer"), std::string::npos) << e;
  fs::remove(path);
}

TEST(ModelFile, CorruptFilesAreRefused) {
  const std::string path = temp_path("corrupt.json");
  const std::string good = example_model().to_json().dump(1);
  write_text(path, good.substr(0, good.size() / 2));  // truncated
  EXPECT_NE(load_error(path).find("not valid JSON"), std::string::npos) << load_error(path);

  auto j = example_model().to_json();
  j["layers"][1]["weights"][2][5] = 0.5;  // a tampered weight
  write_text(path, j.dump());
  EXPECT_NE(load_error(path).find("checksum"), std::string::npos) << load_error(path);

  j = example_model().to_json();
  j.erase("scaler");
  write_text(path, j.dump());
  EXPECT_NE(load_error(path).find("corrupt model"), std::string::npos) << load_error(path);

  j = example_model().to_json();
  j["layers"][0]["weights"].erase(0);  // a missing unit
  write_text(path, j.dump());
  EXPECT_NE(load_error(path).find("layer 1"), std::string::npos) << load_error(path);

  write_text(path, R"({"hello": 1})");
  EXPECT_NE(load_error(path).find("not a glassml model"), std::string::npos);
  EXPECT_NE(load_error(temp_path("missing.json")).find("cannot open"), std::string::npos);
  fs::remove(path);
}

}  // namespace
}  // namespace glassml::ml
