#pragma once
// The prediction path of a trained model as one pass: structure -> per-atom descriptor ->
// standardized inputs -> network -> label units. Standardization happens as the network reads
// its input tiles (no standardized copy of the feature matrix), so the numbers are those of
// Model::predict bit for bit, at the speed of the network and descriptor kernels alone.
#include <string>
#include <vector>

#include "core/configuration.hpp"
#include "ml/model.hpp"

namespace glassml::ml {

/// Model::predict(raw) without its copies: predictions in label units from raw (unstandardized)
/// features, row-major rows x inputs. Throws ParameterError when the width does not match.
std::vector<double> predict_from_features(const Model& model, const std::vector<double>& raw);

/// Features of `config` with the model's descriptor settings and species, then predictions:
/// what `glassml predict` computes for one structure. Errors (unknown species, box too small
/// for the cutoff, a corrupt descriptor in the model) name `path`.
std::vector<double> predict_configuration(const Model& model, const Configuration& config, const std::string& path);

}  // namespace glassml::ml
