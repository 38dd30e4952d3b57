#include "analysis/rate_transfer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace glassml::analysis {
namespace {
double parse_rate(const std::string& label) {
  try {
    std::size_t used = 0;
    const double v = std::stod(label, &used);
    if (used == label.size() && std::isfinite(v) && v > 0) return v;
  } catch (const std::exception&) {
  }
  return std::numeric_limits<double>::quiet_NaN();
}
}  // namespace

std::vector<RateSet> rate_transfer(const std::vector<std::pair<std::string, std::vector<PredictedSample>>>& by_label,
                                   std::size_t group_size) {
  std::vector<std::string> labels;
  for (const auto& [label, samples] : by_label)
    if (std::find(labels.begin(), labels.end(), label) == labels.end()) labels.push_back(label);
  std::vector<RateSet> out;
  for (const auto& label : labels) {
    std::vector<PredictedSample> all;
    for (const auto& [l, samples] : by_label)
      if (l == label) all.insert(all.end(), samples.begin(), samples.end());
    Pool p = pool(all);
    out.push_back({label, parse_rate(label), compute_parity(p.k_real, p.k_pre, p.species, group_size), p});
  }
  std::stable_sort(out.begin(), out.end(), [](const RateSet& a, const RateSet& b) {
    if (std::isnan(a.rate) || std::isnan(b.rate)) return !std::isnan(a.rate) && std::isnan(b.rate);
    return a.rate > b.rate;
  });
  return out;
}

}  // namespace glassml::analysis
