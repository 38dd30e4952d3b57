#include "md/harmonic_stiffness.hpp"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "md/harmonic_blas.hpp"
#include "md/harmonic_sparse_inverse.hpp"

namespace glassml::md {
using Eigen::MatrixXd;

InverseMethod parse_inverse_method(const std::string& name) {
  if (name == "dense") return InverseMethod::Dense;
  if (name == "sparse") return InverseMethod::Sparse;
  if (name == "auto") return InverseMethod::Auto;
  throw ParameterError(fmt::format("--method '{}': expected dense, sparse or auto", name));
}

const char* inverse_method_name(InverseMethod m) {
  switch (m) {
    case InverseMethod::Dense: return "dense";
    case InverseMethod::Sparse: return "sparse";
    default: return "auto";
  }
}

std::vector<Block3> pseudo_inverse_blocks_dense(const BlockSparseMatrix& h) {
  const std::size_t natoms = h.natoms;
  const Eigen::Index n = static_cast<Eigen::Index>(3 * natoms);
  MatrixXd m = MatrixXd::Zero(n, n);
  double trace = 0;
  for (std::size_t i = 0; i < natoms; ++i)
    for (std::size_t q = h.row_start[i]; q < h.row_start[i + 1]; ++q)
      for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) m(3 * i + a, 3 * h.col[q] + b) = h.block[q][3 * a + b];
  for (Eigen::Index p = 0; p < n; ++p) trace += m(p, p);
  const double c = trace / static_cast<double>(n);
  if (!(c > 0)) throw ParameterError("Hessian has a non-positive mean diagonal: not a minimized structure");
  // + c P, P_{ia,jb} = δ_ab / N (lower triangle is all the Cholesky reads).
  const double cp = c / static_cast<double>(natoms);
  for (Eigen::Index col = 0; col < n; ++col)
    for (Eigen::Index row = col; row < n; row += 3) m(row, col) += cp;
  // L, then L⁻¹ in place (LAPACK dpotrf, dtrtri: n³/3 flops each, threaded in OpenBLAS).
  blas::ThreadScope threads(num_threads());
  if (!blas::cholesky_lower(m))
    throw ParameterError("the Hessian has negative modes: the structure is not at an energy minimum (minimize it first)");
  blas::invert_lower(m);
  std::vector<Block3> out(natoms);
  parallel_for(natoms, [&](std::size_t i) {
    for (int a = 0; a < 3; ++a)
      for (int b = a; b < 3; ++b) {
        const Eigen::Index p = static_cast<Eigen::Index>(3 * i) + a, q = static_cast<Eigen::Index>(3 * i) + b;
        const Eigen::Index from = std::max(p, q);
        double v = m.col(p).tail(n - from).dot(m.col(q).tail(n - from));
        if (a == b) v -= 1.0 / (c * static_cast<double>(natoms));  // − P/c
        out[i][3 * a + b] = out[i][3 * b + a] = v;
      }
  });
  return out;
}

std::vector<Block3> pseudo_inverse_blocks(const BlockSparseMatrix& h, InverseMethod method,
                                          const std::vector<Vec3>& positions, const Box& box, double range,
                                          Progress* progress) {
  if (method == InverseMethod::Auto) method = h.natoms <= kDenseMaxAtoms ? InverseMethod::Dense : InverseMethod::Sparse;
  if (method == InverseMethod::Dense) return pseudo_inverse_blocks_dense(h);
  const auto order = nested_dissection_order(positions, box, range);
  return pseudo_inverse_blocks_sparse(h, order, progress);
}

std::vector<double> harmonic_stiffness(const std::vector<Block3>& inverse_blocks) {
  std::vector<double> k(inverse_blocks.size());
  for (std::size_t i = 0; i < k.size(); ++i) {
    const Block3& b = inverse_blocks[i];
    k[i] = 1.0 / (b[0] + b[4] + b[8]);
  }
  return k;
}

std::vector<std::array<double, 3>> local_curvatures(const BlockSparseMatrix& h) {
  std::vector<std::array<double, 3>> out(h.natoms);
  for (std::size_t i = 0; i < h.natoms; ++i) {
    const Block3& b = h.diagonal(i);
    Eigen::Matrix3d m;
    for (int a = 0; a < 3; ++a)
      for (int c = 0; c < 3; ++c) m(a, c) = 0.5 * (b[3 * a + c] + b[3 * c + a]);
    Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> es(m, Eigen::EigenvaluesOnly);
    for (int a = 0; a < 3; ++a) out[i][a] = es.eigenvalues()(a);
  }
  return out;
}

double max_translation_residual(const BlockSparseMatrix& h) {
  double worst = 0;
  for (std::size_t i = 0; i < h.natoms; ++i) {
    Block3 s{};
    for (std::size_t q = h.row_start[i]; q < h.row_start[i + 1]; ++q)
      for (int e = 0; e < 9; ++e) s[e] += h.block[q][e];
    for (double v : s) worst = std::max(worst, std::abs(v));
  }
  return worst;
}

}  // namespace glassml::md
