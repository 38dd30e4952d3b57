#include "ml/cross_validation.hpp"

#include <cmath>
#include <sstream>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/progress.hpp"

namespace glassml::ml {

Folds make_folds(const Dataset& data, std::size_t k) {
  if (k < 2) throw ParameterError("cross-validation needs at least 2 folds");
  const std::vector<std::size_t> present = data.present_samples();
  const std::size_t S = present.size(), n = data.rows();
  if (n < k) throw ParameterError(fmt::format("cross-validation: {} atoms cannot make {} folds", n, k));
  std::vector<std::size_t> position(data.num_samples(), 0);  // sample -> its rank among present ones
  for (std::size_t i = 0; i < S; ++i) position[present[i]] = i;
  Folds f;
  f.folds.resize(k);
  f.by_sample = S >= k;
  for (std::size_t r = 0; r < n; ++r) {
    const std::size_t fold = f.by_sample ? position[data.sample[r]] * k / S : r * k / n;
    for (std::size_t j = 0; j < k; ++j) (j == fold ? f.folds[j].validation_rows : f.folds[j].train_rows).push_back(r);
  }
  f.description = f.by_sample
                      ? fmt::format("{} folds by sample ({} samples, whole samples per fold)", k, S)
                      : fmt::format("{} folds of contiguous atom blocks (only {} samples for {} folds; atoms of one "
                                    "sample are correlated, so these scores are optimistic)", k, S, k);
  return f;
}

namespace {
std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) out.push_back(item);
  return out;
}
std::vector<std::size_t> parse_counts(const std::string& item, const std::string& values) {
  std::vector<std::size_t> out;
  for (const auto& v : split_list(values)) {
    std::size_t pos = 0;
    long long x = -1;
    try {
      x = std::stoll(v, &pos);
    } catch (const std::exception&) {
    }
    if (pos != v.size() || x <= 0 || x > 100000)
      throw ParameterError("grid item '" + item + "': '" + v + "' is not a positive integer");
    out.push_back(static_cast<std::size_t>(x));
  }
  if (out.empty()) throw ParameterError("grid item '" + item + "' has no values");
  return out;
}
}  // namespace

Grid Grid::parse(const std::vector<std::string>& items) {
  Grid g;
  std::vector<std::string> seen;
  for (const auto& item : items) {
    const auto eq = item.find('=');
    if (eq == std::string::npos)
      throw ParameterError("grid item '" + item + "' is not key=v1,v2,... (keys: layers, units, activation)");
    const std::string key = item.substr(0, eq), values = item.substr(eq + 1);
    for (const auto& s : seen)
      if (s == key) throw ParameterError("grid key '" + key + "' given twice");
    seen.push_back(key);
    if (key == "layers") g.layers = parse_counts(item, values);
    else if (key == "units") g.units = parse_counts(item, values);
    else if (key == "activation") {
      g.activations.clear();
      for (const auto& v : split_list(values)) g.activations.push_back(parse_activation(v));
      if (g.activations.empty()) throw ParameterError("grid item '" + item + "' has no values");
    } else throw ParameterError("unknown grid key '" + key + "' (keys: layers, units, activation)");
  }
  return g;
}

CvResult cross_validate(const Dataset& data, const Grid& grid, std::size_t k, const FitOptions& base,
                        const nlohmann::json& descriptor, bool progress) {
  CvResult res;
  res.folds = make_folds(data, k);
  Progress bar("cross-validation", grid.size() * k);
  std::size_t done = 0;
  for (auto layers : grid.layers)
    for (auto units : grid.units)
      for (auto act : grid.activations) {
        CvRow row{layers, units, act, {}, 0, 0, 0};
        FitOptions o = base;
        o.hidden.assign(layers, units);
        o.activation = act;
        o.train.progress = false;
        for (const auto& fold : res.folds.folds) {
          const Dataset train = data.subset(fold.train_rows), val = data.subset(fold.validation_rows);
          const FitResult fit = fit_model(train, o, descriptor);
          const auto pred = predict_rows(fit.model, val);
          double mse = 0;
          for (std::size_t i = 0; i < pred.size(); ++i) mse += (pred[i] - val.data.y[i]) * (pred[i] - val.data.y[i]);
          row.fold_mse.push_back(mse / static_cast<double>(pred.size()));
          row.mean_epochs += static_cast<double>(fit.history.train_loss.size()) / static_cast<double>(k);
          if (progress) bar.update(++done);
        }
        double m = 0, s = 0;
        for (double v : row.fold_mse) m += v / static_cast<double>(k);
        for (double v : row.fold_mse) s += (v - m) * (v - m);
        row.mean_mse = m;
        row.std_mse = std::sqrt(s / static_cast<double>(k - 1));
        res.rows.push_back(row);
        if (row.mean_mse < res.rows[res.best].mean_mse) res.best = res.rows.size() - 1;
      }
  if (progress) bar.finish();
  return res;
}

std::string CvResult::to_csv(const std::string& unit) const {
  std::string s = fmt::format("layers,units,activation,mean_val_mse[({})^2],std_val_mse[({})^2],mean_epochs", unit, unit);
  for (std::size_t f = 0; f < folds.folds.size(); ++f) s += fmt::format(",fold{}_mse[({})^2]", f + 1, unit);
  s += "\n";
  for (const auto& r : rows) {
    s += fmt::format("{},{},{},{:.9g},{:.9g},{:.1f}", r.layers, r.units, activation_name(r.activation), r.mean_mse,
                     r.std_mse, r.mean_epochs);
    for (double v : r.fold_mse) s += fmt::format(",{:.9g}", v);
    s += "\n";
  }
  return s;
}

std::string CvResult::to_markdown(const std::string& label, const std::string& unit) const {
  std::string s = fmt::format("Cross-validation: {}. Validation MSE of {} in ({})^2, mean ± std over folds; "
                              "best marked *.\n\n| hidden layers | units | activation | validation MSE | epochs |\n"
                              "|---:|---:|:---|---:|---:|\n", folds.description, label, unit);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    s += fmt::format("| {} | {} | {} | {:.5f} ± {:.5f}{} | {:.0f} |\n", r.layers, r.units, activation_name(r.activation),
                     r.mean_mse, r.std_mse, i == best ? " *" : "", r.mean_epochs);
  }
  return s;
}

}  // namespace glassml::ml
