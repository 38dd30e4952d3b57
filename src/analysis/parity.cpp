#include "analysis/parity.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

#include "analysis/samples.hpp"
#include "core/error.hpp"

namespace glassml::analysis {

namespace {
std::pair<double, double> padded_range(double lo, double hi) {
  if (hi <= lo) hi = lo + 1.0;
  const double pad = 0.02 * (hi - lo);
  return {lo - pad, hi + pad};
}
std::size_t bin_of(double v, double lo, double hi, std::size_t bins) {
  const auto k = static_cast<std::ptrdiff_t>(std::floor((v - lo) / (hi - lo) * static_cast<double>(bins)));
  return static_cast<std::size_t>(std::clamp<std::ptrdiff_t>(k, 0, static_cast<std::ptrdiff_t>(bins) - 1));
}
}  // namespace

DensityGrid density_grid(const std::vector<double>& x, const std::vector<double>& y, std::size_t bins, bool square) {
  if (x.size() != y.size() || x.empty() || bins == 0) throw ParameterError("density grid: no points");
  const auto [xmin, xmax] = std::minmax_element(x.begin(), x.end());
  const auto [ymin, ymax] = std::minmax_element(y.begin(), y.end());
  DensityGrid g;
  if (square) {
    std::tie(g.xlo, g.xhi) = padded_range(std::min(*xmin, *ymin), std::max(*xmax, *ymax));
    g.ylo = g.xlo;
    g.yhi = g.xhi;
  } else {
    std::tie(g.xlo, g.xhi) = padded_range(*xmin, *xmax);
    std::tie(g.ylo, g.yhi) = padded_range(*ymin, *ymax);
  }
  g.bins = bins;
  g.counts.assign(bins * bins, 0);
  for (std::size_t i = 0; i < x.size(); ++i) ++g.counts[bin_of(y[i], g.ylo, g.yhi, bins) * bins + bin_of(x[i], g.xlo, g.xhi, bins)];
  return g;
}

std::size_t density_bins(std::size_t n) {
  return std::clamp<std::size_t>(static_cast<std::size_t>(std::sqrt(static_cast<double>(n)) / 1.5), 15, 80);
}

ParityData compute_parity(std::vector<double> k_real, std::vector<double> k_pre, std::vector<std::string> species,
                          std::size_t group_size, std::size_t bins) {
  ParityData p;
  p.species_names = species_order(species);
  p.evaluation = ml::evaluate(k_real, k_pre, species_index(species, p.species_names), p.species_names, group_size);
  ml::group_average(k_real, k_pre, group_size, p.group_real, p.group_pre);
  p.density = density_grid(k_real, k_pre, bins ? bins : density_bins(k_real.size()), true);
  p.k_real = std::move(k_real);
  p.k_pre = std::move(k_pre);
  p.species = std::move(species);
  return p;
}

}  // namespace glassml::analysis
