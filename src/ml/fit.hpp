#pragma once
// From a data set to a model: split off a validation set by sample (for early stopping), fit
// the scaler on the training rows only, initialize (Glorot) and train, then evaluate.
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ml/dataset.hpp"
#include "ml/metrics.hpp"
#include "ml/model.hpp"

namespace glassml::ml {

struct Split {
  std::vector<std::size_t> train_rows, validation_rows;
  std::string description;  ///< how it was made, for the log and the model file
};

/// Validation split for early stopping: with >= 2 samples having rows, the last max(1, round(fraction *
/// samples)) whole samples (at most samples - 1); with one sample, its last fraction of atoms
/// as one contiguous block. fraction = 0: no validation set.
Split validation_split(const Dataset& data, double fraction);

struct FitOptions {
  std::vector<std::size_t> hidden{200};
  Activation activation = Activation::ReLU;
  TrainOptions train;
  double validation_fraction = 0.1;
};

struct FitResult {
  Model model;
  TrainHistory history;
  Split split;
};

/// Trains a model on the rows of `data` (scaler from the training part of the split).
/// `descriptor` is stored in the model as it is.
FitResult fit_model(const Dataset& data, const FitOptions& options, const nlohmann::json& descriptor);

/// Least-squares line y ≈ intercept + slope·x: a single per-atom quantity used alone as a
/// predictor (K_h against the MD label K). Its Pearson and Spearman are those of x itself; its
/// MSE is the best a linear rescaling of x achieves on the data it was fitted to.
struct LinearFit {
  double intercept = 0, slope = 0;
  std::vector<double> apply(const std::vector<double>& x) const;
};
/// slope = cov(x, y) / var(x), intercept = mean(y) − slope·mean(x). Throws ParameterError
/// for fewer than 2 points or constant x.
LinearFit fit_line(const std::vector<double>& x, const std::vector<double>& y);

/// Predictions of the model for the rows of a data set (raw features), in label units.
std::vector<double> predict_rows(const Model& model, const Dataset& data);
/// Single-atom and 100-atom-group metrics, overall and per species.
Evaluation evaluate_model(const Model& model, const Dataset& data);

}  // namespace glassml::ml
