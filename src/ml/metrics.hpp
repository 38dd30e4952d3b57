#pragma once
// Accuracy of a regression, as SPEC §6 asks: MSE, RMSE, MAE, R², Pearson and Spearman, for
// single atoms first, then for "coarse-grained" points (atoms sorted by the true value and
// averaged over consecutive groups of 100), overall and within each species.
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace glassml::ml {

struct Metrics {
  std::size_t n = 0;
  double mse = 0, rmse = 0, mae = 0;
  double r2 = 0;        ///< 1 - SS_res / SS_tot (SS_tot about the mean of the truth)
  double pearson = 0;   ///< linear correlation coefficient
  double spearman = 0;  ///< Pearson of the ranks, ties given their average rank
  double mean_true = 0, mean_pred = 0;
  nlohmann::json to_json() const;
};

/// Metrics of pred against truth (same length, n >= 1). Correlations of a constant series are NaN.
Metrics compute_metrics(const std::vector<double>& truth, const std::vector<double>& pred);

/// Ranks 1..n with ties sharing their average rank (the "fractional ranking" of Spearman's rho).
std::vector<double> average_ranks(const std::vector<double>& v);
double pearson(const std::vector<double>& a, const std::vector<double>& b);
double spearman(const std::vector<double>& a, const std::vector<double>& b);

/// SPEC §6 coarse-graining: order the atoms by truth (ties by index, so the result is unique),
/// cut into consecutive groups of group_size, and average truth and pred in each. A trailing
/// group with fewer than group_size atoms is dropped.
void group_average(const std::vector<double>& truth, const std::vector<double>& pred, std::size_t group_size,
                   std::vector<double>& truth_avg, std::vector<double>& pred_avg);

/// Single-atom and grouped metrics, overall and per species.
struct Evaluation {
  struct Part {
    std::string species;  ///< "" for all atoms
    Metrics single, grouped;
    bool has_grouped = false;  ///< false when fewer atoms than one group
  };
  std::vector<Part> parts;  ///< parts[0] all atoms, then one per species present
  std::size_t group_size = 100;
  nlohmann::json to_json() const;
  /// A short table for the terminal: one line per part.
  std::string to_text(const std::string& title) const;
};

/// species_index[i] indexes species_names; pass empty species_index for no per-species rows.
Evaluation evaluate(const std::vector<double>& truth, const std::vector<double>& pred,
                    const std::vector<int>& species_index, const std::vector<std::string>& species_names,
                    std::size_t group_size = 100);

}  // namespace glassml::ml
