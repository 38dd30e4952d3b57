#include "md/harmonic_modes.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"
#include "md/harmonic_blas.hpp"

namespace glassml::md {

std::vector<double> default_mode_bin_edges() { return {0, 0.1, 0.2, 0.5, 1, 2, 5}; }

std::vector<std::vector<double>> mode_resolved_fluctuation(const BlockSparseMatrix& h, const std::vector<double>& edges) {
  const Eigen::Index n = static_cast<Eigen::Index>(3 * h.natoms);
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(n, n);
  for (std::size_t i = 0; i < h.natoms; ++i)
    for (std::size_t q = h.row_start[i]; q < h.row_start[i + 1]; ++q)
      for (int x = 0; x < 3; ++x)
        for (int y = 0; y < 3; ++y) a(3 * i + x, 3 * h.col[q] + y) = h.block[q][3 * x + y];
  Eigen::VectorXd w;
  if (!blas::symmetric_eigen(a, w)) throw std::runtime_error("dsyevd: the eigendecomposition of the Hessian did not converge");
  std::vector<std::vector<double>> g(edges.size(), std::vector<double>(h.natoms, 0.0));
  for (Eigen::Index k = 3; k < n; ++k) {  // the three lowest: the translations
    if (!(w(k) > 0))
      throw ParameterError(fmt::format("the Hessian has a negative mode ({:.3g} eV/A^2): not a minimized structure", w(k)));
    std::size_t b = 0;
    while (b + 1 < edges.size() && w(k) >= edges[b + 1]) ++b;
    for (std::size_t i = 0; i < h.natoms; ++i) {
      const auto v = a.col(k).segment(3 * static_cast<Eigen::Index>(i), 3);
      g[b][i] += v.squaredNorm() / w(k);
    }
  }
  return g;
}

}  // namespace glassml::md
