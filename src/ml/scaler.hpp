#pragma once
// Standardization of inputs and label: z = (x - mean) / std with mean and (population) std
// fitted on the training set only and stored with the model (SPEC §5). A constant feature
// (std = 0, e.g. an RDF bin below the closest approach) gets std = 1 so it maps to 0.
#include <cstddef>
#include <vector>

namespace glassml::ml {

struct Scaler {
  std::vector<double> mean, scale;  ///< per feature
  double label_mean = 0.0, label_scale = 1.0;

  std::size_t num_features() const { return mean.size(); }
  /// Fits on x (row-major rows x cols) and labels y (may be empty: label left as identity).
  static Scaler fit(const std::vector<double>& x, std::size_t cols, const std::vector<double>& y);
  /// Standardized copy of x (row-major, cols = num_features()).
  std::vector<double> transform(const std::vector<double>& x) const;
  void transform_in_place(std::vector<double>& x) const;
  std::vector<double> transform_labels(const std::vector<double>& y) const;
  /// Back to label units: y = label_mean + label_scale * z.
  void inverse_labels_in_place(std::vector<double>& z) const;
  /// Throws ParameterError unless sizes match and every scale is finite and > 0.
  void validate() const;
};

}  // namespace glassml::ml
