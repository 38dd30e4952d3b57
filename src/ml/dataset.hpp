#pragma once
// Atoms of several structure files as one regression data set: per-atom descriptor features
// (structure/rdf.hpp, with the settings the model stores), the label column (K by default, the
// output of `stiffness`), the species of each atom and the sample (file) it came from, so that
// splits can be made by sample and never by atom (SPEC §5).
//
// Extra features: per-atom columns of the input files appended after the descriptor (e.g. the
// harmonic stiffness K_h written by `glassml harmonic`), so that a model sees the physics
// baseline beside the structure and learns the correction to it. The model stores their names
// and prediction reads the same columns.
#include <cstddef>
#include <string>
#include <vector>

#include "ml/trainer.hpp"
#include "structure/rdf.hpp"

namespace glassml::ml {

struct Dataset {
  Matrix data;                               ///< raw features and labels
  std::vector<int> species;                  ///< per row, index into species_names
  std::vector<std::size_t> sample;           ///< per row, index into sample_names
  std::vector<std::string> sample_names;     ///< file of each sample
  std::vector<std::string> species_names;
  std::vector<std::string> feature_names;    ///< descriptor features, then the extra features
  std::vector<std::string> extra_features;   ///< input columns appended after the descriptor
  /// Per row, the baseline column (K_h) when every file has it, else empty.
  std::vector<double> baseline;
  std::string baseline_name;

  std::size_t rows() const { return data.rows(); }
  std::size_t num_samples() const { return sample_names.size(); }
  /// Rows in the given order (sample and species bookkeeping kept).
  Dataset subset(const std::vector<std::size_t>& rows) const;
  /// Samples that have rows here, in order of first appearance (a subset keeps all names).
  std::vector<std::size_t> present_samples() const;
  /// Rows whose sample is in `samples`.
  std::vector<std::size_t> rows_of_samples(const std::vector<std::size_t>& samples) const;
  /// The same rows without the extra-feature columns (descriptor only).
  Dataset without_extra_features() const;
};

struct DatasetOptions {
  structure::RdfSettings descriptor;
  /// Species in model order. Empty: those of the files, in order of first appearance.
  std::vector<std::string> species;
  /// Refuse atoms of other species (prediction) instead of adding them (training).
  bool fixed_species = false;
  std::string label = "K";
  bool require_label = true;
  std::vector<std::string> type_species;  ///< --species for files without element names
  bool progress = false;                  ///< print progress with ETA over the files
  std::vector<std::string> extra_features;  ///< input columns appended to the descriptor (required)
  std::string baseline = "K_h";            ///< column kept aside for the "alone" metric, if all files have it
};

/// Reads the first frame of each file and computes its features. Errors name the file: a
/// missing or non-finite label, a species outside a fixed list, a box too small for the cutoff.
Dataset load_dataset(const std::vector<std::string>& paths, const DatasetOptions& options);

/// Features (row-major atoms x features) of one configuration for the given descriptor and
/// species list; a box too small for the cutoff -> ParameterError naming `path`.
std::vector<double> configuration_features(const Configuration& config, const std::string& path,
                                           const structure::RdfSettings& descriptor,
                                           const std::vector<std::string>& species);

/// Row-major features (config.size() x cols) with the per-atom columns `names` of `config`
/// appended to each row. A missing column or a non-finite value -> InputError naming `path`.
std::vector<double> append_columns(std::vector<double> features, std::size_t cols, const Configuration& config,
                                   const std::string& path, const std::vector<std::string>& names);

/// Species of a configuration by type order, refused (ParameterError naming `path`) when one
/// with atoms is unnamed or, with `known` non-empty, not in `known`.
std::vector<std::string> check_species(const Configuration& config, const std::string& path,
                                       const std::vector<std::string>& known);

}  // namespace glassml::ml
