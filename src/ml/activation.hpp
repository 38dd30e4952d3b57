#pragma once
// Hidden-layer activation functions of the perceptron (SPEC §5: ReLU by default; sigmoid and
// tanh available). The output layer is always linear.
#include <string>
#include <string_view>

namespace glassml::ml {

enum class Activation { ReLU, Sigmoid, Tanh };

/// "relu", "sigmoid", "tanh".
const char* activation_name(Activation a);
/// Inverse of activation_name; throws ParameterError naming the accepted values.
Activation parse_activation(std::string_view name);

/// The functions themselves, with their derivatives, live next to the forward and backward
/// passes in mlp.cpp:
///   ReLU    f = max(0, z)          f' = [f > 0]
///   sigmoid f = 1 / (1 + exp(-z))  f' = f (1 - f)
///   tanh    f = tanh(z)            f' = 1 - f²

}  // namespace glassml::ml
