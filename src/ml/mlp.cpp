#include "ml/mlp.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "ml/random.hpp"

namespace glassml::ml {

using ConstMap = Eigen::Map<const Eigen::MatrixXd>;
using MutMap = Eigen::Map<Eigen::MatrixXd>;

namespace {
// Blocks in parallel only when there is enough work (rows x parameters, about a quarter of the
// flops): waking a thread team costs more than a small batch, and much more when the cores are
// busy with other work. Either way each block is computed the same, so results do not change.
constexpr std::size_t kMinParallelWork = std::size_t{1} << 19;
template <class Body>
void for_blocks(std::size_t blocks, std::size_t work, Body&& body) {
  if (blocks == 1 || work < kMinParallelWork) {
    for (std::size_t k = 0; k < blocks; ++k) body(k);
  } else {
    parallel_for(blocks, body);
  }
}
}  // namespace

std::size_t Architecture::num_params() const {
  std::size_t n = 0;
  for (std::size_t l = 0; l < num_layers(); ++l) n += (fan_in(l) + 1) * fan_out(l);
  return n;
}

std::string Architecture::describe() const {
  std::string s = std::to_string(inputs);
  for (auto h : hidden) {
    s.push_back('-');
    s.append(std::to_string(h));
  }
  s.append("-1 ");
  s.append(activation_name(activation));
  return s;
}

void Architecture::validate() const {
  if (inputs == 0) throw ParameterError("network: zero inputs");
  for (auto h : hidden)
    if (h == 0) throw ParameterError("network: a hidden layer has zero units");
}

Mlp::Mlp(Architecture arch) : arch_(std::move(arch)) {
  arch_.validate();
  std::size_t off = 0;
  for (std::size_t l = 0; l < arch_.num_layers(); ++l) {
    offset_.push_back(off);
    off += (arch_.fan_in(l) + 1) * arch_.fan_out(l);
  }
  params_.assign(off, 0.0);
}

std::size_t Mlp::bias_offset(std::size_t layer) const {
  return offset_[layer] + arch_.fan_in(layer) * arch_.fan_out(layer);
}

std::vector<bool> Mlp::weight_mask() const {
  std::vector<bool> mask(params_.size(), false);
  for (std::size_t l = 0; l < arch_.num_layers(); ++l)
    std::fill(mask.begin() + static_cast<long>(offset_[l]), mask.begin() + static_cast<long>(bias_offset(l)), true);
  return mask;
}

void Mlp::init_glorot(std::uint64_t seed) {
  Random rng(seed);
  for (std::size_t l = 0; l < arch_.num_layers(); ++l) {
    const double a = std::sqrt(6.0 / static_cast<double>(arch_.fan_in(l) + arch_.fan_out(l)));
    for (std::size_t k = offset_[l]; k < bias_offset(l); ++k) params_[k] = rng.uniform(-a, a);
    for (std::size_t k = bias_offset(l); k < bias_offset(l) + arch_.fan_out(l); ++k) params_[k] = 0.0;
  }
}

// value[l] = f_l(W_l value[l-1] + b_l), value[-1] = x (inputs x rows, column per sample).
void Mlp::forward(const double* x, std::size_t rows, std::vector<Eigen::MatrixXd>& value) const {
  const auto L = arch_.num_layers();
  value.resize(L);
  const auto n = static_cast<Eigen::Index>(rows);
  for (std::size_t l = 0; l < L; ++l) {
    const auto out = static_cast<Eigen::Index>(arch_.fan_out(l)), in = static_cast<Eigen::Index>(arch_.fan_in(l));
    ConstMap W(params_.data() + offset_[l], out, in);
    Eigen::Map<const Eigen::VectorXd> b(params_.data() + bias_offset(l), out);
    value[l].resize(out, n);
    if (l == 0) value[l].noalias() = W * ConstMap(x, in, n);
    else value[l].noalias() = W * value[l - 1];
    value[l].colwise() += b;
    if (l + 1 < L) apply_activation(arch_.activation, value[l]);
  }
}

void Mlp::predict(const double* x, std::size_t rows, double* out) const {
  constexpr std::size_t kPredictRows = 256;
  const std::size_t blocks = (rows + kPredictRows - 1) / kPredictRows;
  for_blocks(blocks, rows * params_.size(), [&](std::size_t k) {
    thread_local std::vector<Eigen::MatrixXd> value;
    const std::size_t r0 = k * kPredictRows, n = std::min(kPredictRows, rows - r0);
    forward(x + r0 * arch_.inputs, n, value);
    std::copy(value.back().data(), value.back().data() + n, out + r0);
  });
}

std::vector<double> Mlp::predict(const std::vector<double>& x) const {
  if (x.size() % arch_.inputs) throw ParameterError("network: input size is not a multiple of the input width");
  std::vector<double> out(x.size() / arch_.inputs);
  predict(x.data(), out.size(), out.data());
  return out;
}

// Back-propagation of the sum of squared errors over one block:
//   delta_L = 2 (f - y);  dW_l = delta_l value[l-1]^T;  db_l = sum over samples of delta_l;
//   delta_{l-1} = (W_l^T delta_l) * f'(z_{l-1}).
void Mlp::backward(const double* x, const double* y, std::size_t rows, GradientWorkspace::Block& b) const {
  forward(x, rows, b.value);
  const auto L = arch_.num_layers();
  const auto n = static_cast<Eigen::Index>(rows);
  b.grad.resize(params_.size());
  Eigen::Map<const Eigen::RowVectorXd> target(y, n);
  b.delta = b.value.back() - target;
  b.sse = b.delta.squaredNorm();
  b.delta *= 2.0;
  for (std::size_t l = L; l-- > 0;) {
    const auto out = static_cast<Eigen::Index>(arch_.fan_out(l)), in = static_cast<Eigen::Index>(arch_.fan_in(l));
    MutMap gW(b.grad.data() + offset_[l], out, in);
    Eigen::Map<Eigen::VectorXd> gb(b.grad.data() + bias_offset(l), out);
    if (l == 0) gW.noalias() = b.delta * ConstMap(x, in, n).transpose();
    else gW.noalias() = b.delta * b.value[l - 1].transpose();
    gb = b.delta.rowwise().sum();
    if (l == 0) break;
    ConstMap W(params_.data() + offset_[l], out, in);
    b.next_delta.noalias() = W.transpose() * b.delta;
    multiply_by_derivative(arch_.activation, b.value[l - 1], b.next_delta);
    std::swap(b.delta, b.next_delta);
  }
}

double Mlp::loss_and_gradient(const double* x, const double* y, std::size_t rows, std::vector<double>& grad,
                              GradientWorkspace& ws) const {
  if (rows == 0) throw ParameterError("network: empty batch");
  const std::size_t blocks = (rows + kChunkRows - 1) / kChunkRows;
  if (ws.blocks.size() < blocks) ws.blocks.resize(blocks);
  for_blocks(blocks, rows * params_.size(), [&](std::size_t k) {
    const std::size_t r0 = k * kChunkRows, n = std::min(kChunkRows, rows - r0);
    backward(x + r0 * arch_.inputs, y + r0, n, ws.blocks[k]);
  });
  // Fixed-order reduction: the same sum whichever thread computed which block.
  grad.assign(params_.size(), 0.0);
  double sse = 0.0;
  Eigen::Map<Eigen::VectorXd> g(grad.data(), static_cast<Eigen::Index>(grad.size()));
  for (std::size_t k = 0; k < blocks; ++k) {
    g += Eigen::Map<const Eigen::VectorXd>(ws.blocks[k].grad.data(), g.size());
    sse += ws.blocks[k].sse;
  }
  const double inv_n = 1.0 / static_cast<double>(rows);
  g *= inv_n;
  return sse * inv_n;
}

double Mlp::loss_and_gradient(const double* x, const double* y, std::size_t rows, std::vector<double>& grad) const {
  GradientWorkspace ws;
  return loss_and_gradient(x, y, rows, grad, ws);
}

}  // namespace glassml::ml
