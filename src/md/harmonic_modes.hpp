#pragma once
// Mode-resolved harmonic fluctuation: how an atom's harmonic mean-square displacement splits over
// the normal modes of the Hessian, by mode stiffness (eigenvalue):
//   g_b,i = Σ_{k: λ_k ∈ [e_b, e_{b+1})} |v_k,i|² / λ_k   (Å²/eV),   Σ_b g_b,i = Tr[H⁺]_ii = 1/K_h,i,
// v_k the unit eigenvector (|v_k,i|² its weight on atom i's three components), λ_k > 0 (eV/Å²);
// the three translations (the three lowest eigenvalues, zero) are left out, as in H⁺.
// The soft bins say how much of an atom's vibration sits in low-frequency, often quasi-localized
// modes, which soften most with temperature: inputs beside K_h for learning the anharmonic part
// (docs/BENCHMARKS.md, "Learning the anharmonic part"). Dense eigendecomposition (LAPACK dsyevd):
// 8 (3N)² bytes, O((3N)³) time — for samples of a few thousand atoms.
#include <Eigen/Dense>
#include <vector>

#include "md/hessian.hpp"

namespace glassml::md {

/// The normal modes of a Hessian: eigenvalues ascending (eV/Å²), unit eigenvectors as columns
/// (component 3 i + a is atom i's axis a). The first three are the translations.
struct HessianModes {
  Eigen::VectorXd eigenvalues;
  Eigen::MatrixXd vectors;
  std::size_t natoms() const { return static_cast<std::size_t>(vectors.rows() / 3); }
};

/// Dense eigendecomposition (dsyevd). Throws ParameterError if H has a negative mode beyond the
/// translations (not a minimum), std::runtime_error if dsyevd does not converge.
HessianModes hessian_modes(const BlockSparseMatrix& h);

/// Default bin edges (eV/Å²): [0, 0.1, 0.2, 0.5, 1, 2, 5, ∞).
std::vector<double> default_mode_bin_edges();

/// g_b,i for the bins between consecutive `edges` (ascending; the last bin is open above):
/// result[b][i].
std::vector<std::vector<double>> mode_resolved_fluctuation(const HessianModes& modes, const std::vector<double>& edges);
/// The same from the Hessian (one eigendecomposition).
std::vector<std::vector<double>> mode_resolved_fluctuation(const BlockSparseMatrix& h, const std::vector<double>& edges);

}  // namespace glassml::md
