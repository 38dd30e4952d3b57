// `glassml report` end to end on prediction dumps made from the reference samples (their K and a
// synthetic K_pre), an activation dump in the format of contracts.md (synthetic η: the plotting
// path; the η analysis has analytic tests in test_statistics.cpp), a CV table and training
// metrics. Every number of the folder is recomputed from its CSV files by numpy
// (check_report.py); PNGs must be real images; bad input gives one line, a non-zero exit and
// no folder.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/constants.hpp"
#include "io/structure_file.hpp"

namespace glassml::analysis {
namespace {

namespace fs = std::filesystem;
const std::string kData = std::string(GLASSML_SHARED_DATA) + "/cuzr2000-q1e13/";

/// A deterministic "noise" in [-0.5, 0.5) from an integer (no random state).
double hash_noise(std::int64_t i) { return static_cast<double>((i * 2654435761LL) % 1000) / 1000.0 - 0.5; }

class Report : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("glassml_report_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    write_pred("s1", "train1.pred.dump", 1.0, true, true);
    write_pred("s2", "train2.pred.dump", 1.0, true, true);
    write_pred("s10", "test.pred.dump", 1.0, true, true);
    write_pred("s3", "fast.pred.dump", 1.15, true, true);
    write_pred("s4", "nolabel.pred.dump", 1.0, false, true);
    write_activation("s10", "test.act.dump", 2000);
    write_activation("s10", "short.act.dump", 1999);
    std::ofstream(path("cv.csv")) << "layers,units,activation,mean_val_mse[(eV/A^2)^2],std_val_mse[(eV/A^2)^2],mean_epochs,"
                                     "fold1_mse[(eV/A^2)^2],fold2_mse[(eV/A^2)^2]\n"
                                     "1,50,relu,0.031,0.002,30.0,0.029,0.033\n1,200,relu,0.0291,0.001,31.0,0.028,0.030\n"
                                     "1,200,tanh,0.0296,0.0015,29.5,0.028,0.031\n";
    std::ofstream(path("model.metrics.json"))
        << R"({"label":{"name":"K","unit":"eV/A^2"},"train":{"group_size":100,"all":{"single_atom":{"n":4000,"mse":0.011,)"
           R"("r2":0.66,"pearson":0.81,"spearman":0.8},"grouped":{"n":40,"r2":0.85,"pearson":0.99}}},)"
           R"("test":{"group_size":100,"all":{"single_atom":{"n":2000,"mse":0.012,"r2":0.64,"pearson":0.8,"spearman":0.79},"grouped":null}}})";
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  static std::string path(const std::string& name) { return (dir_ / name).string(); }

  /// id type element x y z [K] [K_pre]; K_pre = scale * (0.6 K + 0.32) + 0.1 * noise.
  static void write_pred(const std::string& sample, const std::string& name, double scale, bool label, bool pred) {
    const Configuration c = io::read_structure(kData + sample + ".dump");
    const auto& k = c.find_column("K")->values;
    std::ofstream out(path(name));
    out << fmt::format("ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n{}\nITEM: BOX BOUNDS pp pp pp\n", c.size());
    out << fmt::format("{} {}\n{} {}\n{} {}\n", c.box.lo.x, c.box.hi().x, c.box.lo.y, c.box.hi().y, c.box.lo.z, c.box.hi().z);
    out << "ITEM: ATOMS id type element x y z" << (label ? " K" : "") << (pred ? " K_pre" : "") << "\n";
    for (std::size_t i = 0; i < c.size(); ++i) {
      out << fmt::format("{} {} {} {} {} {}", c.id[i], c.type[i], c.species(i), c.position[i].x, c.position[i].y, c.position[i].z);
      if (label) out << fmt::format(" {}", k[i]);
      if (pred) out << fmt::format(" {}", scale * (0.6 * k[i] + 0.32) + 0.1 * hash_noise(c.id[i]));
      out << "\n";
    }
  }

  /// contracts.md: id type element x y z dQ_mean_eV dQ_std_eV n_events eta_Pa_s; one atom in
  /// three searched, the others nan; η = η0 exp(ΔQ / k_B 300 K).
  static void write_activation(const std::string& sample, const std::string& name, std::size_t atoms) {
    const Configuration c = io::read_structure(kData + sample + ".dump");
    const auto& k = c.find_column("K")->values;
    std::ofstream out(path(name));
    out << fmt::format("ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n{}\nITEM: BOX BOUNDS pp pp pp\n", atoms);
    out << fmt::format("{} {}\n{} {}\n{} {}\n", c.box.lo.x, c.box.hi().x, c.box.lo.y, c.box.hi().y, c.box.lo.z, c.box.hi().z);
    out << "ITEM: ATOMS id type element x y z dQ_mean_eV dQ_std_eV n_events eta_Pa_s\n";
    for (std::size_t i = 0; i < atoms; ++i) {
      out << fmt::format("{} {} {} {} {} {}", c.id[i], c.type[i], c.species(i), c.position[i].x, c.position[i].y, c.position[i].z);
      if (i % 3 == 0) {
        const double dq = 0.2 + 0.6 * k[i] + 0.1 * hash_noise(c.id[i] + 7);
        const double eta = constants::kEta0 * std::exp(dq / (constants::kBoltzmann * 300.0));
        out << fmt::format(" {} 0.05 10 {}\n", dq, eta);
      } else {
        out << " nan nan 0 nan\n";
      }
    }
  }

  int run(const std::string& args, const std::string& env = "") {
    const std::string cmd = env + " " + std::string(GLASSML_BINARY) + " --quiet " + args + " > " + path("stdout.txt") + " 2> " + path("stderr.txt");
    const int status = std::system(cmd.c_str());
    std::ifstream in(path("stderr.txt"));
    err_.assign(std::istreambuf_iterator<char>(in), {});
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  static int check_numbers(const std::string& dir) {
    const std::string cmd = "/usr/bin/python3 " + std::string(GLASSML_SOURCE_DIR) + "/tests/analysis/check_report.py " + dir + " > " +
                            path("check.txt") + " 2>&1";
    const int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  static std::string read(const std::string& p) {
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), {}};
  }

  static fs::path dir_;
  std::string err_;
};
fs::path Report::dir_;

void expect_png(const std::string& p) {
  ASSERT_TRUE(fs::exists(p)) << p;
  std::ifstream in(p, std::ios::binary);
  char sig[8] = {};
  in.read(sig, 8);
  EXPECT_EQ(std::string(sig, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << p;
  EXPECT_GT(fs::file_size(p), 15000u) << p << ": too small to hold a figure";
}

TEST_F(Report, EveryFigureIsDrawnAndEveryNumberIsRecomputedFromItsCsv) {
  const std::string out = path("full");
  ASSERT_EQ(run(fmt::format("report -o {0} --train {1} {2} --test {3} --rate 1e12={4} --activation {3}={5} --cv {6} --metrics {7} "
                            "--title 'test report'",
                            out, path("train1.pred.dump"), path("train2.pred.dump"), path("test.pred.dump"), path("fast.pred.dump"),
                            path("test.act.dump"), path("cv.csv"), path("model.metrics.json"))),
            0)
      << err_;
  for (const char* png : {"parity_train", "parity_test", "rdf_classes", "spatial_map", "rate_transfer", "viscosity_vs_kpre",
                          "eta_histograms", "cv"}) {
    expect_png(out + "/" + png + ".png");
    EXPECT_TRUE(fs::exists(out + "/" + png + ".gp")) << png;
    EXPECT_NE(read(out + "/report.md").find(std::string("(") + png + ".png)"), std::string::npos) << png << " not in report.md";
    EXPECT_NE(read(out + "/report.html").find(std::string("src=\"") + png + ".png\""), std::string::npos) << png;
  }
  EXPECT_FALSE(fs::exists(out + ".tmp"));
  const auto metrics = nlohmann::json::parse(read(out + "/metrics.json"));
  EXPECT_TRUE(metrics["omitted"].empty());
  EXPECT_EQ(metrics["test"]["all"]["single_atom"]["n"], 2000);
  EXPECT_EQ(metrics["train"]["species"]["Cu"]["single_atom"]["n"], 2000);  // 2 samples x 1,000 Cu
  EXPECT_EQ(metrics["activation"]["activated_atoms"], 667);
  EXPECT_NEAR(metrics["activation"]["implied_temperature_K"]["median"].get<double>(), 300.0, 1e-6);
  // The synthetic K_pre of the fast sample is 15 % higher: a positive bias, ranking kept.
  EXPECT_GT(metrics["rate_transfer"]["1e12"]["all"]["single_atom"]["bias"].get<double>(), 0.05);
  EXPECT_EQ(check_numbers(out), 0) << read(path("check.txt"));
  const std::string check = read(path("check.txt"));
  EXPECT_NE(check.find(" 0 disagreements"), std::string::npos) << check;
}

TEST_F(Report, MissingInputsAreOmittedAndSaid) {
  const std::string out = path("partial");
  ASSERT_EQ(run(fmt::format("report -o {} --test {}", out, path("test.pred.dump"))), 0) << err_;
  const std::string md = read(out + "/report.md");
  EXPECT_NE(md.find("## Not shown"), std::string::npos);
  EXPECT_NE(md.find("no --rate"), std::string::npos);
  EXPECT_NE(md.find("no --activation"), std::string::npos);
  EXPECT_FALSE(fs::exists(out + "/rate_transfer.png"));
  expect_png(out + "/parity_test.png");
  EXPECT_EQ(check_numbers(out), 0) << read(path("check.txt"));
}

TEST_F(Report, ActivationNeedsOnlyThePrediction) {
  // A sample without the MD label (K) can still relate viscosity to K_pre.
  write_pred("s10", "unlabelled.pred.dump", 1.0, false, true);
  const std::string out = path("unlabelled");
  ASSERT_EQ(run(fmt::format("report -o {} --activation {}={}", out, path("unlabelled.pred.dump"), path("test.act.dump"))), 0) << err_;
  expect_png(out + "/viscosity_vs_kpre.png");
  expect_png(out + "/eta_histograms.png");
  EXPECT_EQ(check_numbers(out), 0) << read(path("check.txt"));
}

TEST_F(Report, ABoxTooSmallForTheRdfOmitsOnlyThatFigure) {
  // The atoms of s1 inside a 16 Å cube, as a periodic sample: wide enough for the 6 Å spheres
  // of the spatial map, too narrow for the 10 Å RDF cutoff.
  const Configuration c = io::read_structure(kData + "s1.dump");
  const auto& k = c.find_column("K")->values;
  std::string atoms;
  std::size_t n = 0;
  for (std::size_t i = 0; i < c.size(); ++i) {
    const Vec3 r = c.box.wrap(c.position[i]) - c.box.lo;
    if (r.x >= 16 || r.y >= 16 || r.z >= 16) continue;
    atoms += fmt::format("{} {} {} {} {} {} {} {}\n", c.id[i], c.type[i], c.species(i), r.x, r.y, r.z, k[i], 0.5 * k[i] + 0.4);
    ++n;
  }
  std::ofstream(path("small.pred.dump")) << fmt::format("ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n{}\nITEM: BOX BOUNDS pp pp pp\n"
                                                        "0 16\n0 16\n0 16\nITEM: ATOMS id type element x y z K K_pre\n{}", n, atoms);
  const std::string out = path("small");
  ASSERT_EQ(run(fmt::format("report -o {} --test {}", out, path("small.pred.dump"))), 0) << err_;
  const std::string md = read(out + "/report.md");
  EXPECT_NE(md.find("RDF of stiff and soft atoms: box too small"), std::string::npos) << md;
  EXPECT_FALSE(fs::exists(out + "/rdf_classes.png"));
  expect_png(out + "/spatial_map.png");
  EXPECT_EQ(check_numbers(out), 0) << read(path("check.txt"));
}

TEST_F(Report, BadInputGivesOneLineAndLeavesNoFolder) {
  const std::string out = path("bad");
  struct Case {
    std::string args, message;
  };
  const std::vector<Case> cases{
      {"--test " + path("nolabel.pred.dump"), "nolabel.pred.dump: no column 'K'"},
      {"--test " + kData + "s1.dump", "s1.dump: no column 'K_pre'"},
      {"--train " + path("missing.pred.dump"), "missing.pred.dump: file not found"},
      {"--activation " + path("test.pred.dump") + "=" + path("short.act.dump"), "--activation: "},
      {"--activation " + path("test.pred.dump"), "is not PRED.dump=ACT.dump"},
      {"--rate " + path("fast.pred.dump"), "--rate: "},
      {"--test " + path("test.pred.dump") + " --cv " + path("model.metrics.json"), "not a cross-validation table"},
      {"", "nothing to report"},
  };
  for (const auto& c : cases) {
    EXPECT_NE(run("report -o " + out + " " + c.args), 0) << c.args;
    EXPECT_NE(err_.find(c.message), std::string::npos) << c.args << " -> " << err_;
    EXPECT_EQ(std::count(err_.begin(), err_.end(), '\n'), 1) << err_;
    EXPECT_FALSE(fs::exists(out)) << c.args;
    EXPECT_FALSE(fs::exists(out + ".tmp")) << c.args;
  }
  // Without gnuplot: one line that says what to install, and no folder.
  EXPECT_NE(run("report -o " + out + " --test " + path("test.pred.dump"), "PATH=/nonexistent"), 0);
  EXPECT_NE(err_.find("gnuplot could not be run: install gnuplot-nox"), std::string::npos) << err_;
  EXPECT_EQ(std::count(err_.begin(), err_.end(), '\n'), 1) << err_;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out + ".tmp"));
  // An existing folder survives a failed report and is replaced by a successful one.
  fs::create_directories(out);
  std::ofstream(out + "/marker") << "old";
  EXPECT_NE(run("report -o " + out + " --test " + path("nolabel.pred.dump")), 0);
  EXPECT_TRUE(fs::exists(out + "/marker"));
  EXPECT_EQ(run("report -o " + out + " --test " + path("test.pred.dump")), 0) << err_;
  EXPECT_FALSE(fs::exists(out + "/marker"));
  EXPECT_TRUE(fs::exists(out + "/report.md"));
}

}  // namespace
}  // namespace glassml::analysis
