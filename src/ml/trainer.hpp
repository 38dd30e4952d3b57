#pragma once
// Mini-batch training of an Mlp with Adam and early stopping (SPEC §5). Inputs and labels are
// expected standardized (see Scaler). Everything random (initialization, batch order) comes
// from the seed, and the gradient of a batch does not depend on the thread count (see Mlp),
// so the same seed gives the same model.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ml/mlp.hpp"

namespace glassml::ml {

struct TrainOptions {
  std::size_t max_epochs = 200;   ///< passes over the training data
  std::size_t batch_size = 256;   ///< samples per Adam step
  double learning_rate = 1e-3;    ///< Adam alpha
  double l2 = 0.0;                ///< weight decay lambda (see Optimizer)
  std::size_t patience = 20;      ///< stop after this many epochs without a better validation loss
  double min_improvement = 1e-4;  ///< relative decrease of the validation loss that counts as better
  std::uint64_t seed = 1;
  bool progress = false;          ///< print progress with ETA (core/progress.hpp)
  std::string progress_label = "training";

  void validate() const;
  nlohmann::json to_json() const;
  static TrainOptions from_json(const nlohmann::json& j);
};

struct TrainHistory {
  std::vector<double> train_loss;  ///< mean batch loss per epoch (standardized units)
  std::vector<double> val_loss;    ///< validation MSE after each epoch (empty without validation)
  std::size_t best_epoch = 0;      ///< 1-based epoch whose weights were kept
  bool stopped_early = false;
  nlohmann::json to_json() const;
};

/// A data set in memory: x row-major rows x cols, y one label per row.
struct Matrix {
  std::vector<double> x, y;
  std::size_t cols = 0;
  std::size_t rows() const { return y.size(); }
};

/// Trains net in place, starting from its current weights (call init_glorot first). With a
/// non-empty validation set, keeps the weights of the epoch with the lowest validation loss and
/// stops after `patience` epochs without improvement; without one, runs max_epochs.
TrainHistory train_mlp(Mlp& net, const Matrix& train, const Matrix& validation, const TrainOptions& options);

/// Mean squared error of the network on a data set.
double mean_squared_error(const Mlp& net, const Matrix& data);

}  // namespace glassml::ml
