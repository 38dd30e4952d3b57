// The study file: keys become command options; every mistake is reported as "FILE:LINE: what".
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/error.hpp"
#include "study/study_config.hpp"

using glassml::InputError;
using glassml::study::parse_study_text;
using glassml::study::rate_label;

namespace {

const std::string kMinimal = R"([samples]
atoms = 250
count = 3
rate = 1e14
)";

// The message of the InputError that parsing `text` throws ("" if none).
std::string error_of(const std::string& text) {
  try {
    parse_study_text(text, "s.toml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

bool has_option(const std::vector<std::string>& args, const std::string& flag, const std::string& value) {
  for (std::size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == flag && args[i + 1] == value) return true;
  return false;
}

}  // namespace

TEST(StudyConfig, KeysBecomeOptions) {
  const auto c = parse_study_text(kMinimal + R"(
[stiffness]
temperatures = [50, 300.5]
tau = 2
jobs = 2

[model]
units = 8
cv = 3
grid = { units = [4, 8], activation = ["relu", "tanh"] }
threads = 2

[descriptor]
r_max = 7.0
partial = true
)", "dir/my-study.toml");
  EXPECT_EQ(c.name, "my-study");  // from the file name
  EXPECT_EQ(c.atoms, 250);
  EXPECT_EQ(c.count, 3);
  EXPECT_EQ(c.test, 1);  // default: one held-out sample
  EXPECT_TRUE(has_option(c.quench.args, "--rate", "1e14"));
  EXPECT_TRUE(has_option(c.quench.args, "--atoms", "250"));
  EXPECT_TRUE(has_option(c.stiffness.args, "--temperatures", "50,300.5"));
  EXPECT_TRUE(has_option(c.stiffness.args, "--tau", "2"));
  EXPECT_TRUE(has_option(c.stiffness.exec_args, "--jobs", "2"));  // not hashed
  EXPECT_EQ(c.stiffness.cpus, 2);
  EXPECT_EQ(c.train.cpus, 2);
  EXPECT_TRUE(has_option(c.train.args, "--r-max", "7"));
  EXPECT_NE(std::find(c.train.args.begin(), c.train.args.end(), "--partial"), c.train.args.end());
  const auto grid = std::find(c.train.args.begin(), c.train.args.end(), "--grid");
  ASSERT_NE(grid, c.train.args.end());
  EXPECT_EQ(*(grid + 1), "activation=relu,tanh");
  EXPECT_EQ(*(grid + 2), "units=4,8");
  EXPECT_EQ(c.train.number("grid_size", 0), 4);
}

TEST(StudyConfig, ErrorsNameFileAndLine) {
  EXPECT_EQ(error_of(kMinimal + "\n[stiffness]\ntaux = 3\n"),
            "s.toml:7: unknown key 'taux' in [stiffness] (known: temperatures, tau, equilibration, settle, timestep, "
            "tdamp, pdamp, pressure, sample_every, momentum_every, replicas, seed, jobs)");
  EXPECT_EQ(error_of(kMinimal + "[stiffness]\ntau = -1\n"), "s.toml:6: [stiffness] tau: must be positive");
  EXPECT_EQ(error_of(kMinimal + "[stiffness]\ntau = \"long\"\n"), "s.toml:6: [stiffness] tau: must be a number");
  EXPECT_EQ(error_of(kMinimal + "[stiffness]\ntemperatures = []\n"),
            "s.toml:6: [stiffness] temperatures: must be a non-empty array of numbers");
  EXPECT_EQ(error_of(kMinimal + "[model]\nunits = 2.5\n"), "s.toml:6: [model] units: must be an integer");
  EXPECT_EQ(error_of(kMinimal + "\n\n[sampels]\n"), "s.toml:7: unknown table [sampels] (known: study, potential, "
                                                    "samples, stiffness, harmonic, descriptor, model, split, activation, report)");
  EXPECT_EQ(error_of("[samples]\natoms = 250\nrate = 1e14\n"), "s.toml:1: [samples] needs 'count'");
  EXPECT_EQ(error_of(kMinimal + "[split]\ntest = 3\n"),
            "s.toml:6: [split] test = 3 leaves no training sample out of [samples] count = 3");
  EXPECT_EQ(error_of(kMinimal + "[model]\ngrid = { units = [4] }\n"), "s.toml:6: [model] grid needs cv = K (folds)");
  EXPECT_EQ(error_of(kMinimal + "[potential]\nfile = \"/no/such.eam.fs\"\n"),
            "s.toml:6: potential file not found: /no/such.eam.fs");
  // TOML syntax: toml++ names the line.
  const std::string syntax = error_of(kMinimal + "[stiffness]\ntau = = 2\n");
  EXPECT_EQ(syntax.rfind("s.toml:6: ", 0), 0u) << syntax;
  EXPECT_EQ(error_of(""), "s.toml: missing table [samples] (atoms, count, rate)");
}

TEST(StudyConfig, RateLabels) {
  EXPECT_EQ(rate_label(1e14), "1e14");
  EXPECT_EQ(rate_label(1e9), "1e9");
  EXPECT_EQ(rate_label(2.5e12), "2.5e12");
  EXPECT_EQ(rate_label(3e13), "3e13");
  EXPECT_EQ(rate_label(9.99999999999e12), "1e13");
}
