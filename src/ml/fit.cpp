#include "ml/fit.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "core/error.hpp"

namespace glassml::ml {

Split validation_split(const Dataset& data, double fraction) {
  if (!(fraction >= 0.0 && fraction < 1.0)) throw ParameterError("validation fraction must be in [0, 1)");
  Split s;
  const std::vector<std::size_t> present = data.present_samples();
  const std::size_t S = present.size(), n = data.rows();
  if (fraction == 0.0) {
    s.train_rows.resize(n);
    std::iota(s.train_rows.begin(), s.train_rows.end(), 0);
    s.description = "no validation set (fixed number of epochs)";
    return s;
  }
  if (S >= 2) {
    const std::size_t nv = std::clamp<std::size_t>(static_cast<std::size_t>(std::lround(fraction * double(S))), 1, S - 1);
    std::vector<std::size_t> val, train;
    for (std::size_t k = 0; k < S; ++k) (k + nv >= S ? val : train).push_back(present[k]);
    s.train_rows = data.rows_of_samples(train);
    s.validation_rows = data.rows_of_samples(val);
    std::vector<std::string> names;
    for (auto k : val) names.push_back(data.sample_names[k]);
    s.description = fmt::format("by sample: {} of {} samples held out for early stopping ({})", nv, S, fmt::join(names, ", "));
    return s;
  }
  const std::size_t nv = std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(fraction * double(n))));
  if (nv >= n) throw ParameterError("too few atoms for a validation split");
  for (std::size_t r = 0; r < n; ++r) (r + nv >= n ? s.validation_rows : s.train_rows).push_back(r);
  s.description = fmt::format("one sample: its last {} of {} atoms (a contiguous block) held out for early stopping", nv, n);
  return s;
}

std::vector<double> LinearFit::apply(const std::vector<double>& x) const {
  std::vector<double> y(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) y[i] = intercept + slope * x[i];
  return y;
}

LinearFit fit_line(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t n = x.size();
  if (n < 2 || y.size() != n) throw ParameterError("a line needs at least 2 points");
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / double(n);
  const double my = std::accumulate(y.begin(), y.end(), 0.0) / double(n);
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < n; ++i) sxy += (x[i] - mx) * (y[i] - my), sxx += (x[i] - mx) * (x[i] - mx);
  if (!(sxx > 0)) throw ParameterError("a line through a constant predictor is undefined");
  LinearFit f;
  f.slope = sxy / sxx;
  f.intercept = my - f.slope * mx;
  return f;
}

std::vector<double> predict_rows(const Model& model, const Dataset& data) { return model.predict(data.data.x); }

Evaluation evaluate_model(const Model& model, const Dataset& data) {
  return evaluate(data.data.y, predict_rows(model, data), data.species, data.species_names);
}

FitResult fit_model(const Dataset& data, const FitOptions& options, const nlohmann::json& descriptor) {
  FitResult r;
  r.split = validation_split(data, options.validation_fraction);
  const Dataset train = data.subset(r.split.train_rows), val = data.subset(r.split.validation_rows);
  Model& m = r.model;
  m.scaler = Scaler::fit(train.data.x, train.data.cols, train.data.y);
  m.net = Mlp({train.data.cols, options.hidden, options.activation});
  m.net.init_glorot(options.train.seed);
  m.descriptor = descriptor;
  m.species = data.species_names;
  m.feature_names = data.feature_names;
  m.extra_features = data.extra_features;
  auto standardize = [&](const Dataset& d) {
    Matrix s;
    s.cols = d.data.cols;
    s.x = m.scaler.transform(d.data.x);
    s.y = m.scaler.transform_labels(d.data.y);
    return s;
  };
  r.history = train_mlp(m.net, standardize(train), standardize(val), options.train);
  m.training = {{"architecture", m.net.architecture().describe()}, {"options", options.train.to_json()},
                {"validation_split", r.split.description}, {"history", r.history.to_json()}};
  return r;
}

}  // namespace glassml::ml
