#pragma once
// Oracle for the harmonic tests: the pseudo-inverse by full eigendecomposition,
// H⁺ = Σ_{λ_k ≠ 0} v_k v_kᵀ / λ_k, dropping the three translational modes (the three eigenvalues
// of smallest magnitude). O(n³) with a large constant: small systems only.
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "md/hessian.hpp"

namespace harmonic_test {

inline Eigen::MatrixXd dense_matrix(const glassml::md::BlockSparseMatrix& h) {
  const Eigen::Index n = static_cast<Eigen::Index>(3 * h.natoms);
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(n, n);
  for (std::size_t i = 0; i < h.natoms; ++i)
    for (std::size_t q = h.row_start[i]; q < h.row_start[i + 1]; ++q)
      for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) m(3 * i + a, 3 * h.col[q] + b) = h.block[q][3 * a + b];
  return m;
}

struct OracleResult {
  std::vector<glassml::md::Block3> blocks;
  Eigen::VectorXd eigenvalues;  ///< ascending
};

inline OracleResult oracle_pseudo_inverse(const glassml::md::BlockSparseMatrix& h) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(dense_matrix(h));
  const Eigen::VectorXd& lam = es.eigenvalues();
  std::vector<Eigen::Index> idx(lam.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::sort(idx.begin(), idx.end(), [&](auto a, auto b) { return std::abs(lam(a)) < std::abs(lam(b)); });
  Eigen::VectorXd inv = Eigen::VectorXd::Zero(lam.size());
  for (std::size_t k = 3; k < idx.size(); ++k) inv(idx[k]) = 1.0 / lam(idx[k]);
  const Eigen::MatrixXd& v = es.eigenvectors();
  OracleResult r;
  r.eigenvalues = lam;
  r.blocks.resize(h.natoms);
  for (std::size_t i = 0; i < h.natoms; ++i) {
    const auto rows = v.middleRows(static_cast<Eigen::Index>(3 * i), 3);
    const Eigen::Matrix3d b = rows * inv.asDiagonal() * rows.transpose();
    for (int a = 0; a < 3; ++a)
      for (int c = 0; c < 3; ++c) r.blocks[i][3 * a + c] = b(a, c);
  }
  return r;
}

inline double max_block_difference(const std::vector<glassml::md::Block3>& a, const std::vector<glassml::md::Block3>& b) {
  double worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    for (int e = 0; e < 9; ++e) worst = std::max(worst, std::abs(a[i][e] - b[i][e]));
  return worst;
}

}  // namespace harmonic_test
