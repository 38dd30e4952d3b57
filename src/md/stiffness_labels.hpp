#pragma once
// From per-atom vibrational MSDs to the stiffness label (SPEC §3), no MD here:
//   K_i(T) = k_B T / ⟨|Δr_i|²⟩_T,   K_i = mean over T of K_i(T)   (eV/Å²),
// with ⟨·⟩_T averaged over iso-configurational replicas (velocity seeds) when there are several,
// and the split-half reliability of K: the Pearson correlation between K from the first and the
// second half of the replicas, and its Spearman–Brown extrapolation 2r/(1+r) to the full set
// (Spearman 1910; Brown 1910). It bounds any prediction: corr(pred, K) ≤ sqrt(reliability).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace glassml::md {

struct StiffnessLabels {
  std::vector<double> temperatures;      ///< K
  std::vector<std::vector<double>> msd;  ///< [T][atom], Å², replica mean
  std::vector<double> k;                 ///< per atom, eV/Å²
  /// Split-half reliability (needs >= 2 replicas), overall and per type (index type-1).
  std::optional<double> split_half_r, spearman_brown;
  std::vector<std::optional<double>> split_half_r_by_type;
};

/// msd_by_task[t * replicas + r][atom]: temperature t, replica r. types: per atom, 1-based.
StiffnessLabels stiffness_labels(const std::vector<double>& temperatures, int replicas,
                                 const std::vector<std::vector<double>>& msd_by_task, const std::vector<int>& types);

/// Pearson correlation; nullopt if fewer than 2 points or a constant series.
std::optional<double> pearson(const std::vector<double>& a, const std::vector<double>& b);

/// Column name for a temperature: "msd_50", "msd_62.5".
std::string msd_column_name(double temperature);

}  // namespace glassml::md
