#include "study/plan.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "study/cost_model.hpp"
#include "study/sha256.hpp"

namespace glassml::study {
namespace {

struct Sample {
  std::string name;  ///< s01, ... (training rate) or r1e12-s1 (other rates)
  double rate;
  long seed;
  std::string group;  ///< train, test, or the rate label
  int quench = -1, stiffness = -1;
};

std::vector<Sample> samples_of(const StudyConfig& c) {
  std::vector<Sample> out;
  const int width = c.count >= 100 ? 3 : 2;
  for (long i = 0; i < c.count; ++i)
    out.push_back({fmt::format("s{:0{}}", i + 1, width), c.rate, c.seed + i, i < c.count - c.test ? "train" : "test", -1, -1});
  long seed = c.seed + c.count;
  for (double r : c.test_rates)
    for (long i = 0; i < c.test_rate_count; ++i)
      out.push_back({fmt::format("r{}-s{}", rate_label(r), i + 1), r, seed++, rate_label(r), -1, -1});
  return out;
}

Job new_job(std::string stage, std::string name) {
  Job j;
  j.stage = std::move(stage), j.name = std::move(name);
  return j;
}

std::string ref(int job, const std::string& file) { return fmt::format("{{job:{}}}/{}", job, file); }

void append(std::vector<std::string>& to, const std::vector<std::string>& more) {
  to.insert(to.end(), more.begin(), more.end());
}

}  // namespace

int Plan::find(const std::string& id) const {
  for (std::size_t i = 0; i < jobs.size(); ++i)
    if (jobs[i].id() == id) return int(i);
  return -1;
}

Plan make_plan(const StudyConfig& c, const std::string& version, HasCommand has_command) {
  Plan plan;
  plan.stages = {"quench", "stiffness", "harmonic", "train", "predict", "activate", "report"};
  auto add = [&](Job j) {
    if (!has_command(j.stage)) j.missing = j.stage;
    plan.jobs.push_back(std::move(j));
    return int(plan.jobs.size()) - 1;
  };
  auto samples = samples_of(c);

  for (auto& s : samples) {
    Job q = new_job("quench", s.name);
    q.args = {"quench", "-o", "sample.data", "--seed", std::to_string(s.seed)};
    append(q.args, c.quench.args);
    if (s.rate != c.rate) q.args[std::size_t(std::find(q.args.begin(), q.args.end(), "--rate") - q.args.begin()) + 1] = rate_label(s.rate);
    append(q.args, c.potential_args);
    q.exec_args = c.quench.exec_args;
    q.product = "sample.data", q.mpi = true, q.cost_s = quench_cost_s(c, s.rate);
    s.quench = add(std::move(q));

    Job k = new_job("stiffness", s.name);
    k.args = {"stiffness", ref(s.quench, "sample.data"), "-o", "sample.stiff.dump"};
    append(k.args, c.stiffness.args);
    append(k.args, c.potential_args);
    k.exec_args = c.stiffness.exec_args;
    k.deps = {s.quench};
    k.product = "sample.stiff.dump", k.mpi = true, k.cpus = c.stiffness.cpus, k.cost_s = stiffness_cost_s(c);
    s.stiffness = add(std::move(k));

    if (c.harmonic_on) {
      Job h = new_job("harmonic", s.name);
      h.args = {"harmonic", ref(s.quench, "sample.data"), "-o", "sample.harmonic.dump"};
      append(h.args, c.harmonic.args);
      append(h.args, c.potential_args);
      h.deps = {s.quench};
      h.product = "sample.harmonic.dump", h.mpi = true, h.cost_s = harmonic_cost_s(c);
      add(std::move(h));
    }
  }

  Job t = new_job("train", "model");
  std::vector<std::string> train_files, test_files;
  for (const auto& s : samples) {
    if (s.group == "train") train_files.push_back(ref(s.stiffness, "sample.stiff.dump"));
    if (s.group == "test") test_files.push_back(ref(s.stiffness, "sample.stiff.dump"));
    if (s.group == "train" || s.group == "test") t.deps.push_back(s.stiffness);
  }
  t.args = {"train", "--train"};
  append(t.args, train_files);
  if (!test_files.empty()) t.args.push_back("--test"), append(t.args, test_files);
  append(t.args, {"-o", "model.json"});
  append(t.args, c.train.args);
  t.global_args = {"--threads", std::to_string(c.train.cpus)};
  t.product = "model.json", t.cpus = c.train.cpus;
  t.cost_s = train_cost_s(c, long(train_files.size()) * c.atoms);
  const int train = add(std::move(t));

  std::vector<int> predictions(samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) {
    Job p = new_job("predict", samples[i].name);
    p.args = {"predict", ref(train, "model.json"), ref(samples[i].stiffness, "sample.stiff.dump"), "-o",
              "sample.pred.dump"};
    p.global_args = {"--threads", "1"};
    p.deps = {train, samples[i].stiffness};
    p.product = "sample.pred.dump", p.cost_s = predict_cost_s(c);
    predictions[i] = add(std::move(p));
  }

  std::vector<std::pair<std::size_t, int>> activations;  // sample, job
  if (c.activation_on) {
    std::vector<std::size_t> chosen;
    for (const char* group : {"test", "train"})
      for (std::size_t i = 0; i < samples.size(); ++i)
        if (samples[i].group == group && long(chosen.size()) < c.activation_samples) chosen.push_back(i);
    for (std::size_t i : chosen) {
      Job a = new_job("activate", samples[i].name);
      a.args = {"activate", ref(samples[i].quench, "sample.data"), "-o", "sample.act.dump"};
      append(a.args, c.activation.args);
      append(a.args, c.potential_args);
      a.exec_args = c.activation.exec_args;
      a.deps = {samples[i].quench};
      a.product = "sample.act.dump", a.cpus = c.activation.cpus, a.cost_s = activate_cost_s(c);
      activations.emplace_back(i, add(std::move(a)));
    }
  }

  if (c.report_on) {
    Job r = new_job("report", "report");
    r.args = {"report", "-o", "report", "--title", c.title};
    for (const char* group : {"train", "test"}) {
      std::vector<std::string> files;
      for (std::size_t i = 0; i < samples.size(); ++i)
        if (samples[i].group == group) files.push_back(ref(predictions[i], "sample.pred.dump"));
      if (!files.empty()) r.args.push_back(std::string("--") + group), append(r.args, files);
    }
    for (std::size_t i = 0; i < samples.size(); ++i)
      if (samples[i].group != "train" && samples[i].group != "test")
        append(r.args, {"--rate", samples[i].group + "=" + ref(predictions[i], "sample.pred.dump")});
    for (auto [i, a] : activations) {
      if (!plan.jobs[std::size_t(a)].missing.empty()) continue;  // a report without it, not none at all
      append(r.args, {"--activation", ref(predictions[i], "sample.pred.dump") + "=" + ref(a, "sample.act.dump")});
      r.deps.push_back(a);
    }
    if (c.train.numbers.count("cv")) append(r.args, {"--cv", ref(train, "model.cv.csv")});
    append(r.args, {"--metrics", ref(train, "model.metrics.json"), "--model", ref(train, "model.json")});
    r.deps.insert(r.deps.end(), predictions.begin(), predictions.end());
    r.deps.push_back(train);
    r.product = "report", r.cost_s = report_cost_s(c);
    add(std::move(r));
  }

  // Hashes in topological order: each job's text names its inputs by their hashes.
  const std::string potential_hash = c.potential_file.empty() ? "" : sha256_file_hex(c.potential_file);
  for (auto& j : plan.jobs) {
    std::string text = fmt::format("glassml {}\n", version);
    for (const auto& a : j.args)
      text += resolve(a, [&](int d) { return "@" + plan.jobs[std::size_t(d)].hash; }) + "\n";
    const bool uses_potential = std::find(j.args.begin(), j.args.end(), "--potential") != j.args.end();
    if (uses_potential && !potential_hash.empty()) text += "potential sha256 " + potential_hash + "\n";
    j.hash_input = text;
    j.hash = sha256_hex(text);
  }
  return plan;
}

}  // namespace glassml::study
