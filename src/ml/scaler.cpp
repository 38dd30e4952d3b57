#include "ml/scaler.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace glassml::ml {
namespace {
// Mean and population standard deviation by Welford's update (Welford, Technometrics 1962),
// stable for values with a large mean.
void mean_std(const double* v, std::size_t n, std::size_t stride, double& mean, double& sd) {
  double m = 0.0, s = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = v[i * stride], d = x - m;
    m += d / static_cast<double>(i + 1);
    s += d * (x - m);
  }
  mean = m;
  sd = n ? std::sqrt(s / static_cast<double>(n)) : 0.0;
  if (!(sd > 1e-12 * std::max(1.0, std::abs(m)))) sd = 1.0;
}
}  // namespace

Scaler Scaler::fit(const std::vector<double>& x, std::size_t cols, const std::vector<double>& y) {
  if (cols == 0 || x.size() % cols) throw ParameterError("scaler: feature matrix size is not rows x cols");
  const std::size_t rows = x.size() / cols;
  if (rows == 0) throw ParameterError("scaler: no training samples");
  Scaler s;
  s.mean.resize(cols);
  s.scale.resize(cols);
  for (std::size_t j = 0; j < cols; ++j) mean_std(x.data() + j, rows, cols, s.mean[j], s.scale[j]);
  if (!y.empty()) mean_std(y.data(), y.size(), 1, s.label_mean, s.label_scale);
  return s;
}

void Scaler::transform_in_place(std::vector<double>& x) const {
  const std::size_t cols = mean.size();
  if (cols == 0 || x.size() % cols) throw ParameterError("scaler: feature matrix has the wrong width");
  for (std::size_t k = 0; k < x.size(); ++k) x[k] = (x[k] - mean[k % cols]) / scale[k % cols];
}

std::vector<double> Scaler::transform(const std::vector<double>& x) const {
  std::vector<double> out = x;
  transform_in_place(out);
  return out;
}

std::vector<double> Scaler::transform_labels(const std::vector<double>& y) const {
  std::vector<double> z(y.size());
  for (std::size_t i = 0; i < y.size(); ++i) z[i] = (y[i] - label_mean) / label_scale;
  return z;
}

void Scaler::inverse_labels_in_place(std::vector<double>& z) const {
  for (auto& v : z) v = label_mean + label_scale * v;
}

void Scaler::validate() const {
  if (mean.size() != scale.size()) throw ParameterError("scaler: mean and scale have different lengths");
  for (std::size_t j = 0; j < mean.size(); ++j)
    if (!std::isfinite(mean[j]) || !std::isfinite(scale[j]) || !(scale[j] > 0))
      throw ParameterError("scaler: feature " + std::to_string(j) + " has a non-finite mean or non-positive scale");
  if (!std::isfinite(label_mean) || !std::isfinite(label_scale) || !(label_scale > 0))
    throw ParameterError("scaler: label has a non-finite mean or non-positive scale");
}

}  // namespace glassml::ml
