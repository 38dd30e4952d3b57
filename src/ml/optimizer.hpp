#pragma once
// Gradient-based optimizers behind one interface (a strategy, as in n2p2): the trainer hands
// the flat parameter vector and the mini-batch gradient to step(). L2 regularization
// (weight decay) adds lambda * w to the gradient of the weights (not of the biases), i.e.
// minimizes MSE + (lambda/2) * sum w².
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace glassml::ml {

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  /// One update of params from grad (dLoss/dparams); grad is not modified.
  virtual void step(std::vector<double>& params, const std::vector<double>& grad) = 0;
  virtual std::string name() const = 0;
};

struct AdamSettings {
  double learning_rate = 1e-3;  ///< alpha
  double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
  double l2 = 0.0;              ///< lambda of the L2 penalty on weights
};

/// Adam: Kingma & Ba, "Adam: a method for stochastic optimization", ICLR 2015, Algorithm 1:
///   m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g²;
///   w -= alpha * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps).
class Adam final : public Optimizer {
 public:
  /// weight_mask[k] tells whether parameter k is a weight (L2 applies) or a bias.
  Adam(AdamSettings settings, std::vector<bool> weight_mask);
  void step(std::vector<double>& params, const std::vector<double>& grad) override;
  std::string name() const override { return "adam"; }

 private:
  AdamSettings s_;
  std::vector<bool> weight_mask_;
  std::vector<double> m_, v_;
  long t_ = 0;
  double beta1_t_ = 1.0, beta2_t_ = 1.0;
};

/// Plain stochastic gradient descent, w -= rate * (g + lambda w); a baseline for Adam.
class Sgd final : public Optimizer {
 public:
  Sgd(double learning_rate, double l2, std::vector<bool> weight_mask);
  void step(std::vector<double>& params, const std::vector<double>& grad) override;
  std::string name() const override { return "sgd"; }

 private:
  double rate_, l2_;
  std::vector<bool> weight_mask_;
};

}  // namespace glassml::ml
