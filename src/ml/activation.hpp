#pragma once
// Hidden-layer activation functions of the perceptron (SPEC §5: ReLU by default; sigmoid and
// tanh available). The output layer is always linear.
#include <string>
#include <string_view>

#include <Eigen/Core>

namespace glassml::ml {

enum class Activation { ReLU, Sigmoid, Tanh };

/// "relu", "sigmoid", "tanh".
const char* activation_name(Activation a);
/// Inverse of activation_name; throws ParameterError naming the accepted values.
Activation parse_activation(std::string_view name);

/// In place: z -> f(z).
///   ReLU    f = max(0, z)
///   sigmoid f = 1 / (1 + exp(-z))
///   tanh    f = tanh(z)
void apply_activation(Activation a, Eigen::Ref<Eigen::MatrixXd> z);

/// In place: delta -> delta * f'(z), with f' written in terms of the activation value a = f(z)
/// (so that the forward pass need not keep z):
///   ReLU    f' = [a > 0]
///   sigmoid f' = a (1 - a)
///   tanh    f' = 1 - a²
void multiply_by_derivative(Activation a, const Eigen::Ref<const Eigen::MatrixXd>& value,
                            Eigen::Ref<Eigen::MatrixXd> delta);

}  // namespace glassml::ml
