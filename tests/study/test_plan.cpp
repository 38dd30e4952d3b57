// The plan of a small study: its jobs, their inputs, and hashes that change exactly downstream
// of a changed setting.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "study/plan.hpp"
#include "study/study_config.hpp"

using namespace glassml::study;

namespace {

const std::string kStudy = R"([samples]
atoms = 250
count = 3
rate = 1e14
test_rates = [1e13]
[stiffness]
tau = 2
jobs = 2
[model]
units = 8
cv = 2
grid = { units = [4, 8] }
[activation]
atoms = 5
events = 2
)";

bool all_commands(const std::string&) { return true; }
bool no_report(const std::string& name) { return name != "report"; }
bool no_activate(const std::string& name) { return name != "activate"; }

std::map<std::string, std::string> hashes(const std::string& text, const std::string& version = "1.0") {
  const Plan p = make_plan(parse_study_text(text, "s.toml"), version, all_commands);
  std::map<std::string, std::string> out;
  for (const auto& j : p.jobs) out[j.id()] = j.hash;
  return out;
}

std::set<std::string> changed(const std::map<std::string, std::string>& a, const std::map<std::string, std::string>& b) {
  std::set<std::string> out;
  for (const auto& [id, h] : a)
    if (b.at(id) != h) out.insert(id);
  return out;
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  return s.replace(s.find(from), from.size(), to);
}

}  // namespace

TEST(Plan, JobsAndInputs) {
  const Plan p = make_plan(parse_study_text(kStudy, "s.toml"), "1.0", all_commands);
  // 3 samples at 1e14 + 1 at 1e13: quench + stiffness each; one training; a prediction per
  // sample; activation of the held-out sample; the report.
  std::map<std::string, int> per_stage;
  for (const auto& j : p.jobs) ++per_stage[j.stage];
  EXPECT_EQ(per_stage, (std::map<std::string, int>{{"quench", 4}, {"stiffness", 4}, {"train", 1}, {"predict", 4},
                                                   {"activate", 1}, {"report", 1}}));
  EXPECT_EQ(p.jobs.size(), 15u);
  auto id = [&](int k) { return p.jobs[std::size_t(k)].id(); };
  auto deps = [&](const std::string& job) {
    std::set<std::string> out;
    for (int d : p.jobs[std::size_t(p.find(job))].deps) out.insert(id(d));
    return out;
  };
  EXPECT_EQ(deps("stiffness/s02"), (std::set<std::string>{"quench/s02"}));
  EXPECT_EQ(deps("train/model"), (std::set<std::string>{"stiffness/s01", "stiffness/s02", "stiffness/s03"}));
  EXPECT_EQ(deps("predict/r1e13-s1"), (std::set<std::string>{"train/model", "stiffness/r1e13-s1"}));
  EXPECT_EQ(deps("activate/s03"), (std::set<std::string>{"quench/s03"}));  // s03 is the held-out sample
  EXPECT_EQ(deps("report/report").size(), 6u);  // 4 predictions, the model, the activation
  for (std::size_t j = 0; j < p.jobs.size(); ++j)
    for (int d : p.jobs[j].deps) EXPECT_LT(std::size_t(d), j) << "not in topological order";
  // Samples get distinct seeds; the other-rate sample is quenched at its own rate.
  const auto& q = p.jobs[std::size_t(p.find("quench/r1e13-s1"))].args;
  EXPECT_NE(std::find(q.begin(), q.end(), "1e13"), q.end());
  EXPECT_EQ(p.jobs[std::size_t(p.find("stiffness/s01"))].cpus, 2);
  // The report gets the other rate labelled and the activation joined to its prediction.
  const auto& r = p.jobs[std::size_t(p.find("report/report"))].args;
  EXPECT_EQ(std::count_if(r.begin(), r.end(), [](const std::string& a) { return a.rfind("1e13={job:", 0) == 0; }), 1);
  // A build without `report` marks the job (the runner skips it with a message); one without
  // `activate` reports without the activation.
  const Plan q2 = make_plan(parse_study_text(kStudy, "s.toml"), "1.0", no_report);
  EXPECT_EQ(q2.jobs[std::size_t(q2.find("report/report"))].missing, "report");
  const Plan q3 = make_plan(parse_study_text(kStudy, "s.toml"), "1.0", no_activate);
  EXPECT_EQ(q3.jobs[std::size_t(q3.find("activate/s03"))].missing, "activate");
  EXPECT_EQ(q3.jobs[std::size_t(q3.find("report/report"))].deps.size(), 5u);
}

TEST(Plan, HashesStableAndChangedExactlyDownstream) {
  const auto base = hashes(kStudy);
  EXPECT_EQ(base, hashes(kStudy));  // stable across runs
  for (const auto& [id, h] : base) EXPECT_EQ(h.size(), 64u) << id;
  // Frozen value (this test, glassml version "1.0"): a change in what is hashed shows here.
  const Plan p = make_plan(parse_study_text(kStudy, "s.toml"), "1.0", all_commands);
  EXPECT_EQ(p.jobs[0].hash_input,
            "glassml 1.0\nquench\n-o\nsample.data\n--seed\n1\n--rate\n1e14\n--atoms\n250\n");

  // The label window: stiffness and everything after it; quench and activation (from the quench) stay.
  const auto tau = changed(base, hashes(replace(kStudy, "tau = 2", "tau = 3")));
  EXPECT_EQ(tau.count("quench/s01"), 0u);
  EXPECT_EQ(tau.count("activate/s03"), 0u);
  EXPECT_EQ(tau.size(), 4u + 1u + 4u + 1u);  // stiffness x4, train, predict x4, report

  // The network: training, predictions, report only.
  EXPECT_EQ(changed(base, hashes(replace(kStudy, "units = 8", "units = 16"))),
            (std::set<std::string>{"train/model", "predict/s01", "predict/s02", "predict/s03", "predict/r1e13-s1",
                                   "report/report"}));
  // ARTn settings: that job and the report.
  EXPECT_EQ(changed(base, hashes(replace(kStudy, "events = 2", "events = 3"))),
            (std::set<std::string>{"activate/s03", "report/report"}));
  // How a job runs (--jobs) is not what it makes.
  EXPECT_TRUE(changed(base, hashes(replace(kStudy, "jobs = 2", "jobs = 1"))).empty());
  // Another glassml version: everything.
  EXPECT_EQ(changed(base, hashes(kStudy, "1.1")).size(), base.size());
}

TEST(Plan, ShippedExamplesParse) {
  // examples/quick.toml: 4 samples at 1e14 + 1 at 3e13; examples/paper.toml: 10 at 1e10 + 4 other rates.
  const Plan quick = make_plan(parse_study(GLASSML_SOURCE_DIR "/examples/quick.toml"), "1.0", all_commands);
  EXPECT_EQ(quick.jobs.size(), 5u + 5u + 1u + 5u + 1u + 1u);
  double cpu = 0;
  for (const auto& j : quick.jobs) cpu += j.cost_s;
  EXPECT_LT(cpu, 14 * 60.0) << "the quick study must stay within ~14 CPU-minutes (issue 8)";
  const Plan paper = make_plan(parse_study(GLASSML_SOURCE_DIR "/examples/paper.toml"), "1.0", all_commands);
  EXPECT_EQ(paper.jobs.size(), 14u + 14u + 1u + 14u + 1u + 1u);
  EXPECT_EQ(paper.jobs[std::size_t(paper.find("train/model"))].deps.size(), 10u);
}
