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

}  // namespace glassml::ml
