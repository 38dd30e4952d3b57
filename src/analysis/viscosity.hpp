#pragma once
// Stiffness and atomic viscosity (SPEC §6-7, the paper's Fig. 1 and 4a-b): η_i = η0 exp(<ΔQ_i>/k_B T)
// from `glassml activate`, against K_pre: single atoms and 100-atom groups on a log scale, and the
// distributions of η for the 10 % stiffest and 10 % softest atoms.
#include <cstddef>
#include <string>
#include <vector>

#include "analysis/parity.hpp"
#include "analysis/samples.hpp"

namespace glassml::analysis {

/// The temperature T at which η = η0 exp(ΔQ / k_B T) was evaluated: T = ΔQ / (k_B ln(η/η0)),
/// η0 = 1e-4 Pa·s (SPEC §8). nan when η <= η0 or a value is not finite.
double implied_temperature(double dq_ev, double eta_pa_s);

/// A histogram of `values` over [lo, hi) in `bins` bins (the last includes hi); counts only.
std::vector<std::size_t> histogram(const std::vector<double>& values, double lo, double hi, std::size_t bins);

struct ViscosityData {
  // Atoms with at least one successful event and a finite η, pooled over the samples.
  std::vector<double> k_pre, k_real, log10_eta, dq_ev;
  std::vector<std::string> species, sample;
  std::vector<long long> id;
  std::size_t searched = 0, total = 0;  ///< atoms with n_events > 0 / all atoms
  std::size_t group_size = 100;         ///< atoms per group (smaller when few atoms were activated)
  std::vector<double> group_k_pre, group_log10_eta;  ///< sorted by K_pre, means over groups
  DensityGrid density;  ///< of (K_pre, log10 η)
  double pearson_log = 0;   ///< Pearson of K_pre and log10 η (η exponential in K_pre -> linear)
  double spearman = 0;      ///< Spearman of K_pre and η (= of log10 η)
  double slope = 0, intercept = 0;  ///< least squares log10 η = intercept + slope * K_pre
  double temperature_median = 0, temperature_min = 0, temperature_max = 0;  ///< implied T, K
  // Histograms of log10 η of the stiffest/softest fraction by K_pre (among activated atoms).
  double hist_lo = 0, hist_hi = 0;
  std::size_t hist_bins = 0, per_class = 0;
  std::vector<std::size_t> hist_stiff, hist_soft;
  double median_log10_eta_stiff = 0, median_log10_eta_soft = 0;
};

/// Throws ParameterError when no atom of any sample has an event.
ViscosityData compute_viscosity(const std::vector<ActivatedSample>& samples, double fraction = 0.1, std::size_t bins = 25);

/// Median of a non-empty list (mean of the middle two for an even count).
double median(std::vector<double> v);

}  // namespace glassml::analysis
