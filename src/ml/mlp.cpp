// GCC 12's avx512fintrin.h marks some vectors undefined by initializing them from themselves (__Y = __Y),
// which -Wmaybe-uninitialized reports wherever Eigen's AVX-512 packing code inlines it (-march=native
// builds). That is the header's idiom, not a read of uninitialized data; silence it for this file.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include "ml/mlp.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

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

// ---- Prediction: register-tiled dense layers on tiles of kTile atoms ----------------------
// Activations of a tile are stored unit-major, v[unit * kTile + atom], so that one vector holds
// one unit of 8 atoms. A dense layer keeps kUnits x kTile sums in registers (16 vectors) and
// streams the inputs once: per input k, two vector loads and kUnits broadcasts of W(h, k)
// (contiguous: W is column-major) feed 2 kUnits fused multiply-adds, so the loop is bound by the
// FMA units, not by memory. Each atom's sum runs over k in order, whatever tile it sits in.
using v8d = double __attribute__((vector_size(64)));  // GCC/Clang vector extension: one AVX-512
                                                      // register, or split on narrower CPUs
constexpr std::size_t kTile = 16;                     // atoms per tile: two vectors
constexpr std::size_t kUnits = 8;                     // output units per register block

inline v8d load8(const double* p) {
  v8d v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store8(double* p, v8d v) { std::memcpy(p, &v, sizeof v); }

// out[h * kTile + a] = b[h] + Σ_k W(h, k) in[k * kTile + a], W(h, k) = W[k * fan_out + h], then
// max(·, 0) if relu.
void dense_tile(const double* W, const double* b, std::size_t fan_in, std::size_t fan_out, const double* in, double* out,
                bool relu) {
  const v8d zero{};
  auto finish = [&](double* dst, v8d v) { store8(dst, relu ? (v > zero ? v : zero) : v); };
  std::size_t h = 0;
  for (; h + kUnits <= fan_out; h += kUnits) {
    v8d lo[kUnits], hi[kUnits];
    for (std::size_t u = 0; u < kUnits; ++u) lo[u] = hi[u] = zero + b[h + u];
    for (std::size_t k = 0; k < fan_in; ++k) {
      const v8d x0 = load8(in + k * kTile), x1 = load8(in + k * kTile + 8);
      const double* w = W + k * fan_out + h;
      for (std::size_t u = 0; u < kUnits; ++u) {
        lo[u] += w[u] * x0;
        hi[u] += w[u] * x1;
      }
    }
    for (std::size_t u = 0; u < kUnits; ++u) {
      finish(out + (h + u) * kTile, lo[u]);
      finish(out + (h + u) * kTile + 8, hi[u]);
    }
  }
  // Remaining units one by one (the output layer: one unit), the sum split over k mod 4 into
  // independent chains so that the FMAs do not wait for each other.
  for (; h < fan_out; ++h) {
    v8d lo[4] = {zero + b[h], zero, zero, zero}, hi[4] = {zero + b[h], zero, zero, zero};
    for (std::size_t k = 0; k < fan_in; ++k) {
      lo[k % 4] += W[k * fan_out + h] * load8(in + k * kTile);
      hi[k % 4] += W[k * fan_out + h] * load8(in + k * kTile + 8);
    }
    finish(out + h * kTile, (lo[0] + lo[1]) + (lo[2] + lo[3]));
    finish(out + h * kTile + 8, (hi[0] + hi[1]) + (hi[2] + hi[3]));
  }
}

// Rows [0, n) of row-major x (width `inputs`) into a tile, standardized if asked:
// (x − mean) / scale, the formula of ml::Scaler. Lanes n..kTile−1 are zero.
void load_tile(const double* x, std::size_t n, std::size_t inputs, const InputTransform& t, double* tile) {
  for (std::size_t a = n; a < kTile; ++a)
    for (std::size_t k = 0; k < inputs; ++k) tile[k * kTile + a] = 0.0;
  for (std::size_t a = 0; a < n; ++a) {
    const double* row = x + a * inputs;
    if (t.mean) {
      for (std::size_t k = 0; k < inputs; ++k) tile[k * kTile + a] = (row[k] - t.mean[k]) / t.scale[k];
    } else {
      for (std::size_t k = 0; k < inputs; ++k) tile[k * kTile + a] = row[k];
    }
  }
}

// Sigmoid or tanh in place (ReLU is fused into dense_tile).
void activate_tile(Activation act, double* v, std::size_t count) {
  Eigen::Map<Eigen::ArrayXd> a(v, static_cast<Eigen::Index>(count));
  if (act == Activation::Sigmoid) a = 1.0 / (1.0 + (-a).exp());
  else a = a.tanh();
}

// The network on one tile whose inputs are in `a`; returns the kTile outputs (in a or b).
const double* forward_tile(const Architecture& arch, const std::vector<std::size_t>& offset, const double* params, double* a,
                           double* b) {
  for (std::size_t l = 0; l < arch.num_layers(); ++l) {
    const std::size_t in = arch.fan_in(l), out = arch.fan_out(l);
    const double* W = params + offset[l];
    const bool hidden = l + 1 < arch.num_layers();
    dense_tile(W, W + out * in, in, out, a, b, hidden && arch.activation == Activation::ReLU);
    if (hidden && arch.activation != Activation::ReLU) activate_tile(arch.activation, b, out * kTile);
    std::swap(a, b);
  }
  return a;
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

void Mlp::predict(const double* x, std::size_t rows, double* out, const InputTransform& transform) const {
  // Blocks of 64 tiles (1,024 atoms) in parallel when the work is large enough; each atom's result
  // depends only on its own inputs, so neither the blocks nor the threads change it.
  constexpr std::size_t kBlockRows = 64 * kTile;
  const std::size_t blocks = (rows + kBlockRows - 1) / kBlockRows;
  std::size_t widest = arch_.inputs;
  for (auto h : arch_.hidden) widest = std::max(widest, h);
  for_blocks(blocks, rows * params_.size(), [&](std::size_t k) {
    thread_local std::vector<double> a, b;
    a.resize(widest * kTile);
    b.resize(widest * kTile);
    const std::size_t r1 = std::min(rows, (k + 1) * kBlockRows);
    for (std::size_t r0 = k * kBlockRows; r0 < r1; r0 += kTile) {
      const std::size_t n = std::min(kTile, r1 - r0);
      load_tile(x + r0 * arch_.inputs, n, arch_.inputs, transform, a.data());
      const double* value = forward_tile(arch_, offset_, params_.data(), a.data(), b.data());
      std::copy(value, value + n, out + r0);
    }
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
