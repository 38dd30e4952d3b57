#include "ml/optimizer.hpp"

#include <cmath>

#include "core/error.hpp"

namespace glassml::ml {

Adam::Adam(AdamSettings settings, std::vector<bool> weight_mask) : s_(settings), weight_mask_(std::move(weight_mask)) {
  if (!(s_.learning_rate > 0) || !(s_.beta1 >= 0 && s_.beta1 < 1) || !(s_.beta2 >= 0 && s_.beta2 < 1) ||
      !(s_.epsilon > 0) || !(s_.l2 >= 0))
    throw ParameterError("adam: need learning rate > 0, 0 <= beta1, beta2 < 1, epsilon > 0, l2 >= 0");
  m_.assign(weight_mask_.size(), 0.0);
  v_.assign(weight_mask_.size(), 0.0);
}

void Adam::step(std::vector<double>& params, const std::vector<double>& grad) {
  if (params.size() != m_.size() || grad.size() != m_.size()) throw ParameterError("adam: parameter count changed");
  ++t_;
  beta1_t_ *= s_.beta1;
  beta2_t_ *= s_.beta2;
  const double c1 = 1.0 / (1.0 - beta1_t_), c2 = 1.0 / (1.0 - beta2_t_);
  for (std::size_t k = 0; k < params.size(); ++k) {
    const double g = grad[k] + (weight_mask_[k] ? s_.l2 * params[k] : 0.0);
    m_[k] = s_.beta1 * m_[k] + (1.0 - s_.beta1) * g;
    v_[k] = s_.beta2 * v_[k] + (1.0 - s_.beta2) * g * g;
    params[k] -= s_.learning_rate * (m_[k] * c1) / (std::sqrt(v_[k] * c2) + s_.epsilon);
  }
}

Sgd::Sgd(double learning_rate, double l2, std::vector<bool> weight_mask)
    : rate_(learning_rate), l2_(l2), weight_mask_(std::move(weight_mask)) {
  if (!(rate_ > 0) || !(l2_ >= 0)) throw ParameterError("sgd: need learning rate > 0 and l2 >= 0");
}

void Sgd::step(std::vector<double>& params, const std::vector<double>& grad) {
  if (params.size() != weight_mask_.size() || grad.size() != params.size())
    throw ParameterError("sgd: parameter count changed");
  for (std::size_t k = 0; k < params.size(); ++k)
    params[k] -= rate_ * (grad[k] + (weight_mask_[k] ? l2_ * params[k] : 0.0));
}

}  // namespace glassml::ml
