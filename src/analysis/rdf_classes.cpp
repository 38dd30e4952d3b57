#include "analysis/rdf_classes.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

namespace glassml::analysis {

std::vector<std::size_t> extreme_fraction(const std::vector<double>& values, double fraction, bool top) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return top ? values[a] > values[b] : values[a] < values[b];
  });
  const std::size_t n = std::min(values.size(), std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(fraction * values.size()))));
  std::vector<std::size_t> pick(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n));
  std::sort(pick.begin(), pick.end());
  return pick;
}

namespace {
RdfCurve mean_curve(std::string name, std::string column, const std::vector<std::vector<double>>& rows,
                    const std::vector<std::size_t>& pick, const std::vector<double>& r) {
  RdfCurve c{std::move(name), std::move(column), std::vector<double>(r.size(), 0.0)};
  for (std::size_t i : pick)
    for (std::size_t k = 0; k < r.size(); ++k) c.g[k] += rows[i][k];
  for (double& v : c.g) v /= static_cast<double>(pick.size());
  const auto k = static_cast<std::size_t>(std::max_element(c.g.begin(), c.g.end()) - c.g.begin());
  c.peak_r = r[k];
  c.peak_g = c.g[k];
  return c;
}
}  // namespace

RdfClasses rdf_classes(const std::vector<PredictedSample>& samples, structure::RdfSettings settings, double fraction) {
  settings.partial = false;
  settings.validate();
  RdfClasses out;
  for (std::size_t k = 0; k < settings.num_bins(); ++k) out.r.push_back(settings.r_min + (k + 0.5) * settings.dr);
  std::vector<std::vector<double>> rows;  // one per atom, all samples
  std::vector<double> k_real, k_pre;
  for (const auto& s : samples) {
    const structure::FeatureMatrix f = structure::compute_rdf_features(s.config, settings);
    for (std::size_t i = 0; i < f.rows; ++i) rows.emplace_back(f.data.begin() + i * f.cols, f.data.begin() + (i + 1) * f.cols);
    k_real.insert(k_real.end(), s.k_real.begin(), s.k_real.end());
    k_pre.insert(k_pre.end(), s.k_pre.begin(), s.k_pre.end());
  }
  std::vector<std::size_t> all(rows.size());
  std::iota(all.begin(), all.end(), 0);
  const int pct = static_cast<int>(std::lround(100 * fraction));
  out.atoms = rows.size();
  out.curves.push_back(mean_curve("all atoms", "g_all", rows, all, out.r));
  auto add = [&](const std::vector<double>& v, const char* what, const char* col) {
    const auto stiff = extreme_fraction(v, fraction, true), soft = extreme_fraction(v, fraction, false);
    out.per_class = stiff.size();
    out.curves.push_back(mean_curve(fmt::format("stiffest {}% by {}", pct, what), std::string("g_stiff_") + col, rows, stiff, out.r));
    out.curves.push_back(mean_curve(fmt::format("softest {}% by {}", pct, what), std::string("g_soft_") + col, rows, soft, out.r));
  };
  add(k_pre, "K_pre", "Kpre");
  add(k_real, "K_real", "Kreal");
  return out;
}

}  // namespace glassml::analysis
