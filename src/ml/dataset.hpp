#pragma once
// Atoms of several structure files as one regression data set: per-atom descriptor features
// (structure/rdf.hpp, with the settings the model stores), the label column (K by default, the
// output of `stiffness`), the species of each atom and the sample (file) it came from, so that
// splits can be made by sample and never by atom (SPEC §5).
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
  std::vector<std::string> feature_names;

  std::size_t rows() const { return data.rows(); }
  std::size_t num_samples() const { return sample_names.size(); }
  /// Rows in the given order (sample and species bookkeeping kept).
  Dataset subset(const std::vector<std::size_t>& rows) const;
  /// Samples that have rows here, in order of first appearance (a subset keeps all names).
  std::vector<std::size_t> present_samples() const;
  /// Rows whose sample is in `samples`.
  std::vector<std::size_t> rows_of_samples(const std::vector<std::size_t>& samples) const;
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
};

/// Reads the first frame of each file and computes its features. Errors name the file: a
/// missing or non-finite label, a species outside a fixed list, a box too small for the cutoff.
Dataset load_dataset(const std::vector<std::string>& paths, const DatasetOptions& options);

/// Features (row-major atoms x features) of one configuration for the given descriptor and
/// species list; a box too small for the cutoff -> ParameterError naming `path`.
std::vector<double> configuration_features(const Configuration& config, const std::string& path,
                                           const structure::RdfSettings& descriptor,
                                           const std::vector<std::string>& species);

/// Species of a configuration by type order, refused (ParameterError naming `path`) when one
/// with atoms is unnamed or, with `known` non-empty, not in `known`.
std::vector<std::string> check_species(const Configuration& config, const std::string& path,
                                       const std::vector<std::string>& known);

}  // namespace glassml::ml
