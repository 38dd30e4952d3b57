#pragma once
// A trained model and its file (SPEC §5): the network, the scaler fitted on the training set,
// the descriptor settings and species it was trained with, the label it predicts and what is
// known about its training (options, data, history, metrics). The file is JSON, so a person
// can read it: top-level "format" and "format_version" say what it is; a file of a newer
// version, a corrupt file or one whose weights do not match their checksum is refused with a
// one-line message. Doubles are written in shortest round-trip form, so save -> load gives
// bit-identical predictions.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ml/mlp.hpp"
#include "ml/scaler.hpp"

namespace glassml::ml {

struct Model {
  static constexpr const char* kFormat = "glassml-mlp";
  /// Version 2 adds "extra_features"; a model without them is still written as version 1.
  static constexpr int kFormatVersion = 2;

  Mlp net;
  Scaler scaler;
  nlohmann::json descriptor = nlohmann::json::object();  ///< structure::RdfSettings::to_json()
  std::vector<std::string> species;                      ///< element per species index
  std::vector<std::string> feature_names;
  /// Per-atom input columns appended after the descriptor features (the last feature_names),
  /// read from the structure files at prediction (e.g. K_h from `glassml harmonic`).
  std::vector<std::string> extra_features;
  std::string label = "K";
  std::string label_unit = "eV/A^2";
  nlohmann::json training = nlohmann::json::object();    ///< options, data, history, metrics

  /// Predictions in label units from raw (unstandardized) features, row-major rows x inputs.
  std::vector<double> predict(const std::vector<double>& raw_features) const;

  /// Keys in a reading order: what the file is, then label, species, descriptor, architecture,
  /// scaler, weights, training.
  nlohmann::ordered_json to_json() const;
  /// `source` names the file in error messages.
  static Model from_json(const nlohmann::json& j, const std::string& source);
  /// Writes the model atomically (temp file then rename).
  void save(const std::string& path) const;
  static Model load(const std::string& path);
};

/// FNV-1a 64-bit hash of the bit patterns of the parameters, as 16 hex digits (detects a model
/// file whose numbers were altered).
std::string params_checksum(const std::vector<double>& params);

}  // namespace glassml::ml
