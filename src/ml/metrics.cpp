#include "ml/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "core/error.hpp"

namespace glassml::ml {
namespace {
double mean_of(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}
void check_pair(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) throw ParameterError("metrics: truth and prediction have different lengths");
  if (a.empty()) throw ParameterError("metrics: no values");
}
// JSON has no NaN: write null.
nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }
}  // namespace

double pearson(const std::vector<double>& a, const std::vector<double>& b) {
  check_pair(a, b);
  const double ma = mean_of(a), mb = mean_of(b);
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double da = a[i] - ma, db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa == 0 || sbb == 0) return std::numeric_limits<double>::quiet_NaN();
  return sab / std::sqrt(saa * sbb);
}

std::vector<double> average_ranks(const std::vector<double>& v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return v[i] < v[j]; });
  std::vector<double> rank(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    const double r = 0.5 * static_cast<double>(i + j) + 1.0;  // mean of ranks i+1 .. j+1
    for (std::size_t k = i; k <= j; ++k) rank[order[k]] = r;
    i = j + 1;
  }
  return rank;
}

double spearman(const std::vector<double>& a, const std::vector<double>& b) {
  return pearson(average_ranks(a), average_ranks(b));
}

Metrics compute_metrics(const std::vector<double>& truth, const std::vector<double>& pred) {
  check_pair(truth, pred);
  Metrics m;
  m.n = truth.size();
  m.mean_true = mean_of(truth);
  m.mean_pred = mean_of(pred);
  double sse = 0, sae = 0, sst = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    const double e = pred[i] - truth[i];
    sse += e * e;
    sae += std::abs(e);
    sst += (truth[i] - m.mean_true) * (truth[i] - m.mean_true);
  }
  const double n = static_cast<double>(m.n);
  m.mse = sse / n;
  m.rmse = std::sqrt(m.mse);
  m.mae = sae / n;
  m.r2 = sst > 0 ? 1.0 - sse / sst : std::numeric_limits<double>::quiet_NaN();
  m.pearson = pearson(truth, pred);
  m.spearman = spearman(truth, pred);
  return m;
}

nlohmann::json Metrics::to_json() const {
  return {{"n", n},           {"mse", number(mse)},         {"rmse", number(rmse)},
          {"mae", number(mae)}, {"r2", number(r2)},         {"pearson", number(pearson)},
          {"spearman", number(spearman)}, {"mean_true", number(mean_true)}, {"mean_pred", number(mean_pred)}};
}

void group_average(const std::vector<double>& truth, const std::vector<double>& pred, std::size_t group_size,
                   std::vector<double>& truth_avg, std::vector<double>& pred_avg) {
  check_pair(truth, pred);
  if (group_size == 0) throw ParameterError("metrics: group size must be positive");
  std::vector<std::size_t> order(truth.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return truth[i] < truth[j]; });
  const std::size_t groups = truth.size() / group_size;
  truth_avg.assign(groups, 0.0);
  pred_avg.assign(groups, 0.0);
  for (std::size_t g = 0; g < groups; ++g) {
    for (std::size_t k = g * group_size; k < (g + 1) * group_size; ++k) {
      truth_avg[g] += truth[order[k]];
      pred_avg[g] += pred[order[k]];
    }
    truth_avg[g] /= static_cast<double>(group_size);
    pred_avg[g] /= static_cast<double>(group_size);
  }
}

namespace {
Evaluation::Part evaluate_part(std::string species, const std::vector<double>& t, const std::vector<double>& p,
                               std::size_t group_size) {
  Evaluation::Part part;
  part.species = std::move(species);
  part.single = compute_metrics(t, p);
  std::vector<double> tg, pg;
  group_average(t, p, group_size, tg, pg);
  if (!tg.empty()) {
    part.grouped = compute_metrics(tg, pg);
    part.has_grouped = true;
  }
  return part;
}
}  // namespace

Evaluation evaluate(const std::vector<double>& truth, const std::vector<double>& pred,
                    const std::vector<int>& species_index, const std::vector<std::string>& species_names,
                    std::size_t group_size) {
  check_pair(truth, pred);
  Evaluation ev;
  ev.group_size = group_size;
  ev.parts.push_back(evaluate_part("", truth, pred, group_size));
  if (species_index.empty()) return ev;
  if (species_index.size() != truth.size()) throw ParameterError("metrics: species list has the wrong length");
  for (std::size_t s = 0; s < species_names.size(); ++s) {
    std::vector<double> t, p;
    for (std::size_t i = 0; i < truth.size(); ++i)
      if (species_index[i] == static_cast<int>(s)) {
        t.push_back(truth[i]);
        p.push_back(pred[i]);
      }
    if (!t.empty()) ev.parts.push_back(evaluate_part(species_names[s], t, p, group_size));
  }
  return ev;
}

nlohmann::json Evaluation::to_json() const {
  nlohmann::json j = nlohmann::json::object();
  j["group_size"] = group_size;
  for (const auto& part : parts) {
    nlohmann::json e{{"single_atom", part.single.to_json()}};
    e["grouped"] = part.has_grouped ? part.grouped.to_json() : nlohmann::json(nullptr);
    if (part.species.empty()) j["all"] = e;
    else j["species"][part.species] = e;
  }
  return j;
}

std::string Evaluation::to_text(const std::string& title) const {
  std::string s = fmt::format("{}\n  {:<8} {:>7} {:>10} {:>10} {:>10} {:>8} {:>8} {:>8} | grouped({}) R2 / Pearson\n", title,
                              "atoms", "n", "MSE", "RMSE", "MAE", "R2", "Pearson", "Spearman", group_size);
  for (const auto& p : parts) {
    const auto& m = p.single;
    s += fmt::format("  {:<8} {:>7} {:>10.5f} {:>10.5f} {:>10.5f} {:>8.4f} {:>8.4f} {:>8.4f}", p.species.empty() ? "all" : p.species,
                     m.n, m.mse, m.rmse, m.mae, m.r2, m.pearson, m.spearman);
    if (p.has_grouped) s += fmt::format(" | {:.4f} / {:.4f}", p.grouped.r2, p.grouped.pearson);
    s += "\n";
  }
  return s;
}

}  // namespace glassml::ml
