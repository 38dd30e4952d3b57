#include "ml/mlp.hpp"

#include <algorithm>
#include <cmath>

#include <Eigen/Core>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "ml/random.hpp"

namespace glassml::ml {

using ConstMap = Eigen::Map<const Eigen::MatrixXd>;
using MutMap = Eigen::Map<Eigen::MatrixXd>;

namespace {
// In place: z -> f(z).
void apply_activation(Activation a, Eigen::MatrixXd& z) {
  auto v = z.array();
  switch (a) {
    case Activation::ReLU: v = v.max(0.0); break;
    case Activation::Sigmoid: v = 1.0 / (1.0 + (-v).exp()); break;
    case Activation::Tanh: v = v.tanh(); break;
  }
}

// In place: delta -> delta * f'(z), with f' written in terms of the value f = f(z), so that
// the forward pass need not keep z: ReLU [f > 0]; sigmoid f (1 - f); tanh 1 - f².
void multiply_by_derivative(Activation a, const Eigen::MatrixXd& value, Eigen::MatrixXd& delta) {
  auto d = delta.array();
  auto v = value.array();
  switch (a) {
    case Activation::ReLU: d = (v > 0.0).select(d, 0.0); break;
    case Activation::Sigmoid: d *= v * (1.0 - v); break;
    case Activation::Tanh: d *= 1.0 - v.square(); break;
  }
}

// Every buffer the vectorized loops touch is Eigen-owned (aligned to the vector width): where
// Eigen peels unaligned leading elements it computes them without FMA, so results would depend
// on where malloc put the data. Inputs and weights are therefore copied into aligned storage
// (a few hundred bytes per sample, negligible beside the products).
struct Block {
  Eigen::MatrixXd input;               // inputs x rows
  std::vector<Eigen::MatrixXd> value;  // activation values per layer, fan_out x rows
  Eigen::MatrixXd delta, next_delta;   // back-propagated dL/dz
  Eigen::VectorXd grad;
  double sse = 0.0;
};

// value[l] = f_l(W_l value[l-1] + b_l), value[-1] = input (column per sample).
void forward(const Architecture& arch, const std::vector<std::size_t>& offset, const Eigen::VectorXd& params,
             const Eigen::MatrixXd& input, std::vector<Eigen::MatrixXd>& value) {
  const auto L = arch.num_layers();
  value.resize(L);
  const auto n = input.cols();
  for (std::size_t l = 0; l < L; ++l) {
    const auto out = static_cast<Eigen::Index>(arch.fan_out(l)), in = static_cast<Eigen::Index>(arch.fan_in(l));
    ConstMap W(params.data() + offset[l], out, in);
    Eigen::Map<const Eigen::VectorXd> b(params.data() + offset[l] + out * in, out);
    value[l].resize(out, n);
    if (l == 0) value[l].noalias() = W * input;
    else value[l].noalias() = W * value[l - 1];
    value[l].colwise() += b;
    if (l + 1 < L) apply_activation(arch.activation, value[l]);
  }
}

// Back-propagation of the sum of squared errors over one block:
//   delta_L = 2 (f - y);  dW_l = delta_l value[l-1]^T;  db_l = sum over samples of delta_l;
//   delta_{l-1} = (W_l^T delta_l) * f'(z_{l-1}).
void backward(const Architecture& arch, const std::vector<std::size_t>& offset, const Eigen::VectorXd& params,
              const double* x, const double* y, std::size_t rows, Block& b) {
  b.input = ConstMap(x, static_cast<Eigen::Index>(arch.inputs), static_cast<Eigen::Index>(rows));
  forward(arch, offset, params, b.input, b.value);
  const auto L = arch.num_layers();
  const auto n = static_cast<Eigen::Index>(rows);
  b.grad.resize(params.size());
  Eigen::Map<const Eigen::RowVectorXd> target(y, n);
  b.delta = b.value.back() - target;
  b.sse = b.delta.squaredNorm();
  b.delta *= 2.0;
  for (std::size_t l = L; l-- > 0;) {
    const auto out = static_cast<Eigen::Index>(arch.fan_out(l)), in = static_cast<Eigen::Index>(arch.fan_in(l));
    MutMap gW(b.grad.data() + offset[l], out, in);
    Eigen::Map<Eigen::VectorXd> gb(b.grad.data() + offset[l] + out * in, out);
    if (l == 0) gW.noalias() = b.delta * b.input.transpose();
    else gW.noalias() = b.delta * b.value[l - 1].transpose();
    gb = b.delta.rowwise().sum();
    if (l == 0) break;
    ConstMap W(params.data() + offset[l], out, in);
    b.next_delta.noalias() = W.transpose() * b.delta;
    multiply_by_derivative(arch.activation, b.value[l - 1], b.next_delta);
    std::swap(b.delta, b.next_delta);
  }
}

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

void Mlp::predict(const double* x, std::size_t rows, double* out) const {
  constexpr std::size_t kPredictRows = 256;
  const std::size_t blocks = (rows + kPredictRows - 1) / kPredictRows;
  const Eigen::VectorXd p = Eigen::Map<const Eigen::VectorXd>(params_.data(), static_cast<Eigen::Index>(params_.size()));
  for_blocks(blocks, rows * params_.size(), [&](std::size_t k) {
    thread_local Eigen::MatrixXd input;
    thread_local std::vector<Eigen::MatrixXd> value;
    const std::size_t r0 = k * kPredictRows, n = std::min(kPredictRows, rows - r0);
    input = ConstMap(x + r0 * arch_.inputs, static_cast<Eigen::Index>(arch_.inputs), static_cast<Eigen::Index>(n));
    forward(arch_, offset_, p, input, value);
    std::copy(value.back().data(), value.back().data() + n, out + r0);
  });
}

std::vector<double> Mlp::predict(const std::vector<double>& x) const {
  if (x.size() % arch_.inputs) throw ParameterError("network: input size is not a multiple of the input width");
  std::vector<double> out(x.size() / arch_.inputs);
  predict(x.data(), out.size(), out.data());
  return out;
}

struct GradientWorkspace::Impl {
  std::vector<Block> blocks;
};
GradientWorkspace::GradientWorkspace() : impl(std::make_unique<Impl>()) {}
GradientWorkspace::~GradientWorkspace() = default;

double Mlp::loss_and_gradient(const double* x, const double* y, std::size_t rows, std::vector<double>& grad,
                              GradientWorkspace& ws) const {
  if (rows == 0) throw ParameterError("network: empty batch");
  const std::size_t blocks = (rows + kChunkRows - 1) / kChunkRows;
  auto& wb = ws.impl->blocks;
  if (wb.size() < blocks) wb.resize(blocks);
  const Eigen::VectorXd p = Eigen::Map<const Eigen::VectorXd>(params_.data(), static_cast<Eigen::Index>(params_.size()));
  for_blocks(blocks, rows * params_.size(), [&](std::size_t k) {
    const std::size_t r0 = k * kChunkRows, n = std::min(kChunkRows, rows - r0);
    backward(arch_, offset_, p, x + r0 * arch_.inputs, y + r0, n, wb[k]);
  });
  // Fixed-order reduction: the same sum whichever thread computed which block.
  grad.assign(params_.size(), 0.0);
  double sse = 0.0;
  Eigen::Map<Eigen::VectorXd> g(grad.data(), static_cast<Eigen::Index>(grad.size()));
  for (std::size_t k = 0; k < blocks; ++k) {
    g += wb[k].grad;
    sse += wb[k].sse;
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
