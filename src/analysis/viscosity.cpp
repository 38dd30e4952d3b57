#include "analysis/viscosity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/rdf_classes.hpp"
#include "core/constants.hpp"
#include "core/error.hpp"
#include "ml/metrics.hpp"

namespace glassml::analysis {

using constants::kBoltzmann;
using constants::kEta0;

double implied_temperature(double dq_ev, double eta_pa_s) {
  if (!std::isfinite(dq_ev) || !std::isfinite(eta_pa_s) || eta_pa_s <= kEta0)
    return std::numeric_limits<double>::quiet_NaN();
  return dq_ev / (kBoltzmann * std::log(eta_pa_s / kEta0));
}

std::vector<std::size_t> histogram(const std::vector<double>& values, double lo, double hi, std::size_t bins) {
  std::vector<std::size_t> h(bins, 0);
  const double w = (hi - lo) / static_cast<double>(bins);
  for (double v : values) {
    if (!(v >= lo && v <= hi)) continue;
    const auto k = std::min(bins - 1, static_cast<std::size_t>((v - lo) / w));
    ++h[k];
  }
  return h;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

ViscosityData compute_viscosity(const std::vector<ActivatedSample>& samples, double fraction, std::size_t bins) {
  ViscosityData d;
  std::vector<double> temps;
  for (const auto& s : samples) {
    const auto& p = s.prediction;
    d.total += p.k_pre.size();
    for (std::size_t i = 0; i < p.k_pre.size(); ++i) {
      if (s.n_events[i] <= 0 || !std::isfinite(s.eta_pa_s[i]) || s.eta_pa_s[i] <= 0) continue;
      ++d.searched;
      d.k_pre.push_back(p.k_pre[i]);
      d.k_real.push_back(p.k_real[i]);
      d.log10_eta.push_back(std::log10(s.eta_pa_s[i]));
      d.dq_ev.push_back(s.dq_mean_ev[i]);
      d.species.push_back(p.species[i]);
      d.sample.push_back(p.name);
      d.id.push_back(p.config.id[i]);
      const double t = implied_temperature(s.dq_mean_ev[i], s.eta_pa_s[i]);
      if (std::isfinite(t)) temps.push_back(t);
    }
  }
  if (d.k_pre.size() < 2) throw ParameterError("--activation: fewer than two atoms with a successful event");
  // Groups of 100 as in the paper; with fewer than 1,000 activated atoms, ten groups.
  d.group_size = std::min<std::size_t>(100, std::max<std::size_t>(1, d.k_pre.size() / 10));
  ml::group_average(d.k_pre, d.log10_eta, d.group_size, d.group_k_pre, d.group_log10_eta);
  d.density = density_grid(d.k_pre, d.log10_eta, density_bins(d.k_pre.size()), false);
  d.pearson_log = ml::pearson(d.k_pre, d.log10_eta);
  d.spearman = ml::spearman(d.k_pre, d.log10_eta);
  // Least squares: slope = cov(x, y) / var(x).
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < d.k_pre.size(); ++i) mx += d.k_pre[i], my += d.log10_eta[i];
  mx /= d.k_pre.size();
  my /= d.k_pre.size();
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < d.k_pre.size(); ++i) {
    sxy += (d.k_pre[i] - mx) * (d.log10_eta[i] - my);
    sxx += (d.k_pre[i] - mx) * (d.k_pre[i] - mx);
  }
  d.slope = sxx > 0 ? sxy / sxx : std::numeric_limits<double>::quiet_NaN();
  d.intercept = my - d.slope * mx;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  d.temperature_median = temps.empty() ? nan : median(temps);
  d.temperature_min = temps.empty() ? nan : *std::min_element(temps.begin(), temps.end());
  d.temperature_max = temps.empty() ? nan : *std::max_element(temps.begin(), temps.end());

  const auto stiff = extreme_fraction(d.k_pre, fraction, true), soft = extreme_fraction(d.k_pre, fraction, false);
  d.per_class = stiff.size();
  std::vector<double> ls, lo;
  for (std::size_t i : stiff) ls.push_back(d.log10_eta[i]);
  for (std::size_t i : soft) lo.push_back(d.log10_eta[i]);
  d.hist_lo = std::floor(*std::min_element(d.log10_eta.begin(), d.log10_eta.end()));
  d.hist_hi = std::ceil(*std::max_element(d.log10_eta.begin(), d.log10_eta.end()));
  if (d.hist_hi <= d.hist_lo) d.hist_hi = d.hist_lo + 1;
  d.hist_bins = bins;
  d.hist_stiff = histogram(ls, d.hist_lo, d.hist_hi, bins);
  d.hist_soft = histogram(lo, d.hist_lo, d.hist_hi, bins);
  d.median_log10_eta_stiff = median(ls);
  d.median_log10_eta_soft = median(lo);
  return d;
}

}  // namespace glassml::analysis
