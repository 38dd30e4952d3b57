#pragma once
// k-fold cross-validation over a grid of architectures (SPEC §5: hidden layers x units, and
// the activation), reported as mean ± standard deviation of the validation MSE. Folds are made
// of whole samples when there are at least k samples (atoms of one sample are correlated, so
// an atom-wise split leaks); otherwise of contiguous blocks of atoms, and the result says so.
#include <cstddef>
#include <string>
#include <vector>

#include "ml/fit.hpp"

namespace glassml::ml {

struct Fold {
  std::vector<std::size_t> train_rows, validation_rows;
};

struct Folds {
  std::vector<Fold> folds;
  bool by_sample = false;
  std::string description;
};

/// k >= 2 folds: by sample (sample s in fold floor(s k / S)) when S >= k, else k contiguous
/// blocks of the rows in order.
Folds make_folds(const Dataset& data, std::size_t k);

/// The architectures to compare: every combination of the lists.
struct Grid {
  std::vector<std::size_t> layers{1};
  std::vector<std::size_t> units{200};
  std::vector<Activation> activations{Activation::ReLU};
  /// Parses "layers=1,2,3", "units=50,100" and "activation=relu,tanh" items (each key at most
  /// once; missing keys keep the defaults); throws ParameterError naming the bad item.
  static Grid parse(const std::vector<std::string>& items);
  std::size_t size() const { return layers.size() * units.size() * activations.size(); }
};

struct CvRow {
  std::size_t layers = 0, units = 0;
  Activation activation = Activation::ReLU;
  std::vector<double> fold_mse;  ///< validation MSE per fold, label units squared
  double mean_mse = 0, std_mse = 0;  ///< std: sample standard deviation over folds
  double mean_epochs = 0;
};

struct CvResult {
  std::vector<CvRow> rows;
  std::size_t best = 0;  ///< index of the lowest mean MSE
  Folds folds;
  /// CSV with a header naming units, and a Markdown table.
  std::string to_csv(const std::string& label_unit) const;
  std::string to_markdown(const std::string& label, const std::string& label_unit) const;
};

/// Trains every grid architecture on each fold's training rows (with `base` options; early
/// stopping uses a split of those rows only) and measures the MSE on the held-out fold.
CvResult cross_validate(const Dataset& data, const Grid& grid, std::size_t k, const FitOptions& base,
                        const nlohmann::json& descriptor, bool progress);

}  // namespace glassml::ml
