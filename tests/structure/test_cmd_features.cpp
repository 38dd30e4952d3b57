// `glassml features` end to end: the .npy holds the library's features with rows in the
// documented layout (inputs concatenated, atoms by id), the sidecar describes them, --dump writes
// them as columns, and bad requests fail with one line, a non-zero exit and no output files.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "io/npy.hpp"
#include "io/structure_file.hpp"
#include "structure/rdf.hpp"

namespace glassml::structure {
namespace {

namespace fs = std::filesystem;
const std::string kData = std::string(GLASSML_SHARED_DATA) + "/cuzr2000-q1e13/";

class FeaturesCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("glassml_features_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  /// Runs glassml with `args`; returns the exit code, stderr in err_.
  int run(const std::string& args) {
    const std::string log = (dir_ / "stderr.txt").string();
    const std::string cmd = std::string(GLASSML_BINARY) + " --quiet " + args + " > " + (dir_ / "stdout.txt").string() + " 2> " + log;
    const int status = std::system(cmd.c_str());
    std::ifstream in(log);
    err_.assign(std::istreambuf_iterator<char>(in), {});
    std::ifstream o(dir_ / "stdout.txt");
    out_.assign(std::istreambuf_iterator<char>(o), {});
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
  std::string err_, out_;
};

TEST_F(FeaturesCommand, ConcatenatesInputsInOrderWithSidecar) {
  ASSERT_EQ(run("features " + kData + "s4.data " + kData + "s1.dump --partial -o " + path("f.npy")), 0) << err_;
  const io::NpyArray a = io::read_npy(path("f.npy"));
  ASSERT_EQ(a.rows, 4000u);
  ASSERT_EQ(a.cols, 80u);
  RdfSettings s;
  s.partial = true;
  std::size_t row = 0;
  for (const char* f : {"s4.data", "s1.dump"}) {
    const FeatureMatrix m = compute_rdf_features(io::read_structure(kData + f), s, {"Cu", "Zr"});
    for (std::size_t i = 0; i < m.rows; ++i, ++row)
      for (std::size_t k = 0; k < m.cols; ++k) ASSERT_EQ(a.data[row * a.cols + k], m.at(i, k)) << f << " row " << i;
  }
  std::ifstream in(path("f.json"));
  const auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j["rows"], 4000);
  EXPECT_EQ(j["cols"], 80);
  EXPECT_EQ(j["feature_names"][0], "g_Cu_2.10");
  EXPECT_EQ(j["feature_names"][79], "g_Zr_9.90");
  EXPECT_EQ(j["species"], nlohmann::json({"Cu", "Zr"}));
  EXPECT_EQ(j["inputs"][1]["first_row"], 2000);
  EXPECT_EQ(j["inputs"][1]["atoms"], 2000);
  const RdfSettings back = RdfSettings::from_json(j["descriptor"]);
  EXPECT_TRUE(back.partial);
  EXPECT_EQ(back.num_bins(), 40u);
}

TEST_F(FeaturesCommand, DumpCarriesFeatureColumns) {
  ASSERT_EQ(run("features " + kData + "s2.data --r-max 8 --dr 0.1 --normalization shell-volume -o " + path("g.npy") + " --dump " +
                path("g.dump")),
            0)
      << err_;
  const io::NpyArray a = io::read_npy(path("g.npy"));
  ASSERT_EQ(a.cols, 60u);
  const Configuration c = io::read_structure(path("g.dump"));
  ASSERT_EQ(c.size(), a.rows);
  const Column* col = c.find_column("g_7.95");
  ASSERT_NE(col, nullptr);
  for (std::size_t i = 0; i < c.size(); ++i) EXPECT_EQ(col->values[i], a.data[i * a.cols + 59]);
}

TEST_F(FeaturesCommand, RefusesBadRequestsWithoutWritingOutput) {
  EXPECT_NE(run("features " + kData + "s1.data --r-max 17 -o " + path("h.npy")), 0);
  EXPECT_NE(err_.find("box too small"), std::string::npos) << err_;
  EXPECT_NE(err_.find("s1.data"), std::string::npos) << err_;
  EXPECT_NE(run("features " + kData + "s1.data --dr 0.3 -o " + path("h.npy")), 0);
  EXPECT_NE(err_.find("whole number"), std::string::npos) << err_;
  EXPECT_NE(run("features " + kData + "s1.data --partial --block-order Zr -o " + path("h.npy")), 0);
  EXPECT_NE(err_.find("species 'Cu'"), std::string::npos) << err_;
  EXPECT_NE(run("features " + kData + "s1.data " + kData + "s2.data -o " + path("h.npy") + " --dump " + path("h.dump")), 0);
  EXPECT_NE(run("features " + kData + "s1.data -o " + path("h.txt")), 0);
  EXPECT_NE(run("features " + path("missing.data") + " -o " + path("h.npy")), 0);
  EXPECT_FALSE(fs::exists(path("h.npy")));
  EXPECT_FALSE(fs::exists(path("h.json")));
  EXPECT_FALSE(fs::exists(path("h.dump")));
}

TEST_F(FeaturesCommand, HelpExplainsLayout) {
  ASSERT_EQ(run("features --help"), 0);
  EXPECT_NE(out_.find("concatenated"), std::string::npos) << out_;
  EXPECT_NE(out_.find("--r-max"), std::string::npos);
}

}  // namespace
}  // namespace glassml::structure
