#include <gtest/gtest.h>

#include "core/error.hpp"
#include "md/quench.hpp"
#include "md/quench_checkpoint.hpp"

using namespace glassml;
using namespace glassml::md;

TEST(QuenchStages, ReferenceProtocolStepCounts) {
  // ../shared/data/cuzr2000-q1e13/sample.lmp: 5000 steps at 3000 K, 5000 at 2000 K, then
  // round(1950/(1e13·1e-12)/0.002) = 97500 steps 2000 -> 50 K.
  QuenchParams p;
  p.cooling_rate = 1e13;
  auto s = quench_stages(p);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].end - s[0].begin, 5000);
  EXPECT_EQ(s[1].end - s[1].begin, 5000);
  EXPECT_EQ(s[2].begin, 10000);
  EXPECT_EQ(s[2].end, 107500);
  EXPECT_EQ(s[2].t_start, 2000);
  EXPECT_EQ(s[2].t_stop, 50);
  p.premelt_time = 0;
  EXPECT_EQ(quench_stages(p).size(), 2u);
}

TEST(QuenchValidation, NamesTheBadParameter) {
  auto expect_error = [](QuenchParams p, const std::string& fragment) {
    try {
      validate(p);
      ADD_FAILURE() << "accepted, expected: " << fragment;
    } catch (const std::exception& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  QuenchParams ok;
  EXPECT_NO_THROW(validate(ok));
  auto p = ok;
  p.cooling_rate = -1;
  expect_error(p, "--rate");
  p = ok;
  p.final_temperature = 2500;
  expect_error(p, "--final-temperature");
  p = ok;
  p.composition = "Cu50Ni50";
  expect_error(p, "Ni");
  p = ok;
  p.atoms = 100;  // 4 bcc cells of 3.26 Å = 13 Å < 2 × 7.6 Å
  expect_error(p, "twice the cutoff");
  p = ok;
  p.potential.path = "/nonexistent.eam.fs";
  expect_error(p, "not found");
  p = ok;
  p.timestep = 0.05;
  expect_error(p, "--timestep");
}

TEST(QuenchCheckpoint, ParameterDifferencesAreNamed) {
  QuenchParams a, b;
  b.seed = 2;
  EXPECT_EQ(first_difference(quench_params_json(a), quench_params_json(a)), "");
  EXPECT_EQ(first_difference(quench_params_json(a), quench_params_json(b)).rfind("seed", 0), 0u);
  b = a;
  b.restart_every = 99;  // not part of the trajectory
  EXPECT_EQ(first_difference(quench_params_json(a), quench_params_json(b)), "");
}
