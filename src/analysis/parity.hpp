#pragma once
// Predicted against real stiffness (SPEC §6, the paper's Fig. 3 and 4d): single atoms as a 2D
// density map, "coarse-grained" points (atoms sorted by K_real, K_pre and K_real averaged over
// consecutive groups of 100), and the accuracy metrics, overall and per species.
#include <cstddef>
#include <string>
#include <vector>

#include "ml/metrics.hpp"

namespace glassml::analysis {

/// Counts of points on a grid of bins x bins over [xlo, xhi] x [ylo, yhi]. Bin (a, b) holds
/// xlo + a*wx <= x < xlo + (a+1)*wx (the last bin includes xhi), likewise for y; the count is
/// counts[b * bins + a].
struct DensityGrid {
  double xlo = 0, xhi = 1, ylo = 0, yhi = 1;
  std::size_t bins = 0;
  std::vector<std::size_t> counts;
  double x_centre(std::size_t a) const { return xlo + (static_cast<double>(a) + 0.5) * (xhi - xlo) / static_cast<double>(bins); }
  double y_centre(std::size_t b) const { return ylo + (static_cast<double>(b) + 0.5) * (yhi - ylo) / static_cast<double>(bins); }
};
/// Range of each axis: min..max of its values widened by 2 % on each side; `square`: both axes
/// over min..max of x and y together (so that y = x is the diagonal).
DensityGrid density_grid(const std::vector<double>& x, const std::vector<double>& y, std::size_t bins, bool square);

struct ParityData {
  std::vector<double> k_real, k_pre;  ///< the single atoms
  std::vector<std::string> species;
  std::vector<std::string> species_names;  ///< order of the per-species rows
  std::vector<double> group_real, group_pre;  ///< 100-atom averages (ml::group_average)
  DensityGrid density;
  ml::Evaluation evaluation;  ///< single-atom and grouped metrics, all atoms then per species
};

ParityData compute_parity(std::vector<double> k_real, std::vector<double> k_pre, std::vector<std::string> species,
                          std::size_t group_size = 100, std::size_t bins = 0);

/// Bins per axis of a density map of n points: about sqrt(n)/1.5, within 15..80.
std::size_t density_bins(std::size_t n);

/// Mean signed error <K_pre - K_real> of a part (= mean_pred - mean_true), eV/Å².
inline double bias(const ml::Metrics& m) { return m.mean_pred - m.mean_true; }

}  // namespace glassml::analysis
