#pragma once
// The per-atom radial distribution function (SPEC §4; Peng, Yang & Wang, Extreme Mech. Lett.
// 2021), the descriptor every model of the project starts from:
//
//   g_i(r) = 1 / (4π r² ρ Δr) · Σ_{j≠i} δ(r − r_ij),   ρ = N/V of the whole sample,
//
// with r_ij the minimum-image distance in the periodic (possibly triclinic) box. Feature k counts
// the neighbours with r_ij in [r_min + kΔr, r_min + (k+1)Δr) and divides by 4π r_c² ρ Δr, r_c
// the bin centre (option: by ρ times the exact shell volume 4π/3 (r_out³ − r_in³), as LAMMPS'
// compute rdf does). Averaged over atoms it is the ordinary g(r).
//
// Options beyond the paper (off by default):
// - partial: one block of bins per neighbour species s, normalized by that species' density
//   ρ_s = N_s/V (block of a species absent from the sample: zeros).
// - smoothing σ > 0: each neighbour contributes a normalized Gaussian of width σ instead of a
//   delta; feature k is that smoothed g averaged over bin k, i.e. neighbour j adds
//   Φ((r_out − r_ij)/σ) − Φ((r_in − r_ij)/σ) (Φ the standard normal CDF) instead of 0 or 1.
//   Neighbours up to r_max + 6σ contribute (truncation error < 1e-9 per neighbour), so the box
//   must be wider than 2 (r_max + 6σ). σ → 0 gives back the histogram.
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/configuration.hpp"

namespace glassml::structure {

struct RdfSettings {
  double r_min = 2.0, r_max = 10.0, dr = 0.2;  // Å
  enum class Normalization { BinCentre, ShellVolume } normalization = Normalization::BinCentre;
  bool partial = false;    ///< species-resolved blocks, each normalized by that species' density
  double smoothing = 0.0;  ///< Gaussian sigma in Å, 0 = off

  /// (r_max − r_min)/dr, which validate() requires to be a whole number.
  std::size_t num_bins() const;
  std::size_t num_features(std::size_t num_species) const;
  /// "g_2.10" (bin centre in Å), or "g_Cu_2.10" per species block when partial.
  std::vector<std::string> feature_names(const std::vector<std::string>& species) const;
  /// Neighbour cutoff the computation needs: r_max, plus 6σ when smoothing.
  double cutoff() const;
  /// Throws ParameterError naming the offending setting.
  void validate() const;
  nlohmann::json to_json() const;
  /// Inverse of to_json; missing keys keep their defaults; throws ParameterError on bad values.
  static RdfSettings from_json(const nlohmann::json& j);
};

const char* normalization_name(RdfSettings::Normalization n);  ///< "bin_centre" / "shell_volume"
RdfSettings::Normalization parse_normalization(const std::string& name);

/// N x F row-major matrix of per-atom features with the names of its columns.
struct FeatureMatrix {
  std::size_t rows = 0, cols = 0;
  std::vector<double> data;  ///< row-major
  std::vector<std::string> names;
  double at(std::size_t i, std::size_t f) const { return data[i * cols + f]; }
};

/// Species that name the partial blocks by default: the configuration's species_of_type in type
/// order without repeats ("type<t>" for a type without a name).
std::vector<std::string> default_species(const Configuration& config);

/// Rows in the configuration's atom order. `species` fixes the order of partial blocks (empty:
/// default_species(config)); an atom whose species is not in it -> ParameterError. A box whose
/// smallest periodic width is under 2 * settings.cutoff() -> ParameterError with a clear message.
/// Parallel over the threads of core/parallel.hpp; the result does not depend on their number.
FeatureMatrix compute_rdf_features(const Configuration& config, const RdfSettings& settings,
                                   const std::vector<std::string>& species = {});

}  // namespace glassml::structure
