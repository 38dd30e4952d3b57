#pragma once
// A fully connected feed-forward network (multilayer perceptron) for scalar regression
// (SPEC §5): inputs -> hidden layers with one activation -> one linear output, loss = mean
// squared error. All weights live in one flat vector (layer by layer: W_l then b_l, W_l stored
// column-major as fan_out x fan_in, i.e. W_l(i, j) = params[off_l + j * fan_out + i]), so that
// optimizers see a plain vector and the model file is a plain list of numbers.
//
// Work is done on blocks of kChunkRows samples with matrix products (Eigen GEMM), blocks in
// parallel; each block's result is computed the same way whatever thread runs it, and block
// gradients are summed in block order, so results are bit-identical for any thread count.
//
// This header does not include Eigen: mlp.cpp may be compiled for the build machine's vector
// instructions (CMake option GLASSML_ML_NATIVE) with Eigen in a private namespace, so no Eigen
// object may cross into other translation units.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ml/activation.hpp"

namespace glassml::ml {

struct Architecture {
  std::size_t inputs = 0;
  std::vector<std::size_t> hidden;  ///< units of each hidden layer (may be empty: linear model)
  Activation activation = Activation::ReLU;

  /// Number of weight layers (hidden layers + output).
  std::size_t num_layers() const { return hidden.size() + 1; }
  std::size_t fan_in(std::size_t layer) const { return layer == 0 ? inputs : hidden[layer - 1]; }
  std::size_t fan_out(std::size_t layer) const { return layer < hidden.size() ? hidden[layer] : 1; }
  std::size_t num_params() const;
  /// "40-200-1 relu".
  std::string describe() const;
  /// Throws ParameterError on zero inputs or a zero-unit layer.
  void validate() const;
  friend bool operator==(const Architecture&, const Architecture&) = default;
};

/// Standardization applied to inputs as they are read: (x − mean[k]) / scale[k] for input k, the
/// formula of ml::Scaler (no mean: inputs used as they are). The arrays outlive the call.
struct InputTransform {
  const double* mean = nullptr;
  const double* scale = nullptr;
};

/// Scratch memory for loss_and_gradient, reused between calls to avoid allocations.
class GradientWorkspace {
 public:
  GradientWorkspace();
  ~GradientWorkspace();
  GradientWorkspace(const GradientWorkspace&) = delete;
  GradientWorkspace& operator=(const GradientWorkspace&) = delete;
  struct Impl;
  std::unique_ptr<Impl> impl;
};

class Mlp {
 public:
  /// Samples per work block. Fixed (not tied to the thread count) so that results do not
  /// depend on the number of threads.
  static constexpr std::size_t kChunkRows = 64;

  Mlp() = default;
  /// All weights zero; call init_glorot or set params().
  explicit Mlp(Architecture arch);

  const Architecture& architecture() const { return arch_; }
  std::size_t num_params() const { return params_.size(); }
  std::vector<double>& params() { return params_; }
  const std::vector<double>& params() const { return params_; }
  /// Offset of W_l and of b_l in params().
  std::size_t weight_offset(std::size_t layer) const { return offset_[layer]; }
  std::size_t bias_offset(std::size_t layer) const;
  /// Flags, per parameter, whether it is a weight (true) or a bias (false): L2 acts on weights.
  std::vector<bool> weight_mask() const;

  /// "Normalized initialization" of Glorot & Bengio (AISTATS 2010, eq. 16):
  /// W ~ U(-a, a) with a = sqrt(6 / (fan_in + fan_out)); biases 0.
  void init_glorot(std::uint64_t seed);

  /// out[r] = network(x row r) for rows samples; x is row-major rows x inputs, standardized on
  /// the fly by `transform` when it has a mean. Each row's result depends on that row only (not on
  /// the other rows or the thread count). Register-tiled kernel: about 2x Eigen's GEMM here.
  void predict(const double* x, std::size_t rows, double* out, const InputTransform& transform = {}) const;
  std::vector<double> predict(const std::vector<double>& x) const;

  /// Mean squared error L = (1/n) sum_r (f(x_r) - y_r)^2 over the n = rows samples, and its
  /// gradient dL/dparams by back-propagation (Rumelhart, Hinton & Williams, Nature 1986)
  /// written to grad (resized to num_params()).
  double loss_and_gradient(const double* x, const double* y, std::size_t rows, std::vector<double>& grad,
                           GradientWorkspace& ws) const;
  double loss_and_gradient(const double* x, const double* y, std::size_t rows, std::vector<double>& grad) const;

 private:
  Architecture arch_;
  std::vector<std::size_t> offset_;  ///< start of W_l per layer
  std::vector<double> params_;
};

}  // namespace glassml::ml
