// One-pass prediction of a trained model (mlp_pipeline.hpp).
#include "ml/mlp_pipeline.hpp"

#include "core/error.hpp"
#include "ml/dataset.hpp"
#include "structure/rdf.hpp"

namespace glassml::ml {

std::vector<double> predict_from_features(const Model& model, const std::vector<double>& raw) {
  const std::size_t cols = model.net.architecture().inputs;
  if (model.scaler.mean.size() != cols || model.scaler.scale.size() != cols)
    throw ParameterError("model: the scaler does not match the network's inputs");
  if (raw.size() % cols) throw ParameterError("network: input size is not a multiple of the input width");
  std::vector<double> y(raw.size() / cols);
  model.net.predict(raw.data(), y.size(), y.data(), {model.scaler.mean.data(), model.scaler.scale.data()});
  model.scaler.inverse_labels_in_place(y);
  return y;
}

std::vector<double> predict_configuration(const Model& model, const Configuration& config, const std::string& path) {
  structure::RdfSettings rdf;
  try {
    rdf = structure::RdfSettings::from_json(model.descriptor);
  } catch (const ParameterError& e) {
    throw ParameterError(path + ": the model's descriptor settings are invalid: " + e.what());
  }
  check_species(config, path, model.species);
  // Descriptor, then the model's extra input columns (e.g. K_h) read from the structure.
  const std::size_t descriptor_cols = model.feature_names.size() - model.extra_features.size();
  return predict_from_features(model, append_columns(configuration_features(config, path, rdf, model.species),
                                                     descriptor_cols, config, path, model.extra_features));
}

}  // namespace glassml::ml
