#include "ml/activation.hpp"

#include "core/error.hpp"

namespace glassml::ml {

const char* activation_name(Activation a) {
  switch (a) {
    case Activation::ReLU: return "relu";
    case Activation::Sigmoid: return "sigmoid";
    case Activation::Tanh: return "tanh";
  }
  return "?";
}

Activation parse_activation(std::string_view name) {
  if (name == "relu") return Activation::ReLU;
  if (name == "sigmoid") return Activation::Sigmoid;
  if (name == "tanh") return Activation::Tanh;
  throw ParameterError("unknown activation '" + std::string(name) + "' (expected relu, sigmoid or tanh)");
}

void apply_activation(Activation a, Eigen::Ref<Eigen::MatrixXd> z) {
  auto v = z.array();
  switch (a) {
    case Activation::ReLU: v = v.max(0.0); break;
    case Activation::Sigmoid: v = 1.0 / (1.0 + (-v).exp()); break;
    case Activation::Tanh: v = v.tanh(); break;
  }
}

void multiply_by_derivative(Activation a, const Eigen::Ref<const Eigen::MatrixXd>& value,
                            Eigen::Ref<Eigen::MatrixXd> delta) {
  auto d = delta.array();
  auto v = value.array();
  switch (a) {
    case Activation::ReLU: d = (v > 0.0).select(d, 0.0); break;
    case Activation::Sigmoid: d *= v * (1.0 - v); break;
    case Activation::Tanh: d *= 1.0 - v.square(); break;
  }
}

}  // namespace glassml::ml
