#include "md/harmonic_modes.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"
#include "md/harmonic_blas.hpp"

namespace glassml::md {

HessianModes hessian_modes(const BlockSparseMatrix& h) {
  const Eigen::Index n = static_cast<Eigen::Index>(3 * h.natoms);
  HessianModes m;
  m.vectors = Eigen::MatrixXd::Zero(n, n);
  for (std::size_t i = 0; i < h.natoms; ++i)
    for (std::size_t q = h.row_start[i]; q < h.row_start[i + 1]; ++q)
      for (int x = 0; x < 3; ++x)
        for (int y = 0; y < 3; ++y) m.vectors(3 * i + x, 3 * h.col[q] + y) = h.block[q][3 * x + y];
  if (!blas::symmetric_eigen(m.vectors, m.eigenvalues))
    throw std::runtime_error("dsyevd: the eigendecomposition of the Hessian did not converge");
  for (Eigen::Index k = 3; k < n; ++k)  // the three lowest: the translations
    if (!(m.eigenvalues(k) > 0))
      throw ParameterError(fmt::format("the Hessian has a negative mode ({:.3g} eV/A^2): not a minimized structure",
                                       m.eigenvalues(k)));
  return m;
}

std::vector<double> default_mode_bin_edges() { return {0, 0.1, 0.2, 0.5, 1, 2, 5}; }

std::vector<std::vector<double>> mode_resolved_fluctuation(const HessianModes& m, const std::vector<double>& edges) {
  const std::size_t natoms = m.natoms();
  std::vector<std::vector<double>> g(edges.size(), std::vector<double>(natoms, 0.0));
  for (Eigen::Index k = 3; k < m.eigenvalues.size(); ++k) {
    const double w = m.eigenvalues(k);
    std::size_t b = 0;
    while (b + 1 < edges.size() && w >= edges[b + 1]) ++b;
    for (std::size_t i = 0; i < natoms; ++i) g[b][i] += m.vectors.col(k).segment(3 * static_cast<Eigen::Index>(i), 3).squaredNorm() / w;
  }
  return g;
}

std::vector<std::vector<double>> mode_resolved_fluctuation(const BlockSparseMatrix& h, const std::vector<double>& edges) {
  return mode_resolved_fluctuation(hessian_modes(h), edges);
}

}  // namespace glassml::md
