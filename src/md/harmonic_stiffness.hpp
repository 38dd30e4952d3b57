#pragma once
// Harmonic stiffness of each atom from the Hessian of the minimized structure (SPEC §9):
//   K_h,i = 1 / Tr[H⁺]_ii   (eV/Å²),
// H the 3N x 3N Hessian, H⁺ its Moore-Penrose pseudo-inverse (the three uniform translations,
// H's null space, removed) and [·]_ii the 3x3 block of atom i. For a classical harmonic solid
// ⟨u_i u_iᵀ⟩ = k_B T [H⁺]_ii (equipartition over the normal modes), so k_B T / ⟨|u_i|²⟩ = K_h,i:
// the harmonic, T-independent limit of the MD label K (SPEC §3).
//
// Two ways to the diagonal blocks of H⁺:
// - dense (n = 3N up to ~15,000, memory 8 n² bytes): with P the projector on translations,
//   P_{ia,jb} = δ_ab / N, H + cP is positive definite and commutes with P, so
//   H⁺ = (H + cP)⁻¹ − P/c (any c > 0; c = mean diagonal of H). Cholesky H + cP = L Lᵀ, then
//   L⁻¹ in place, and [(H+cP)⁻¹]_pq = Σ_k (L⁻¹)_kp (L⁻¹)_kq.
// - sparse (harmonic_sparse_inverse.hpp): block-sparse Cholesky in a nested-dissection order and
//   selected inversion (Takahashi), grounded at one atom, projected: scales to ~20,000 atoms.
#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "core/box.hpp"
#include "core/vec3.hpp"
#include "md/hessian.hpp"

namespace glassml {
class Progress;
}

namespace glassml::md {

enum class InverseMethod { Dense, Sparse, Auto };

/// "dense", "sparse", "auto" -> method; throws ParameterError on anything else.
InverseMethod parse_inverse_method(const std::string& name);
const char* inverse_method_name(InverseMethod m);
/// Auto: dense up to this many atoms (8 (3N)² bytes = 1.8 GB at 5,000 atoms).
constexpr std::size_t kDenseMaxAtoms = 5000;

/// Diagonal 3x3 blocks of H⁺ by the dense method. Throws ParameterError if H + cP is not
/// positive definite (negative modes: the structure is not at a minimum).
std::vector<Block3> pseudo_inverse_blocks_dense(const BlockSparseMatrix& h);

/// Diagonal 3x3 blocks of H⁺ by `method` (positions and box order the sparse elimination;
/// `range` is the pattern's interaction range in Å).
std::vector<Block3> pseudo_inverse_blocks(const BlockSparseMatrix& h, InverseMethod method,
                                          const std::vector<Vec3>& positions, const Box& box, double range,
                                          Progress* progress = nullptr);

/// K_h,i = 1 / trace of each block (eV/Å² for blocks in Å²/eV).
std::vector<double> harmonic_stiffness(const std::vector<Block3>& inverse_blocks);
/// Eigenvalues of each atom's own Hessian block H_ii, ascending (eV/Å²): the local curvature.
std::vector<std::array<double, 3>> local_curvatures(const BlockSparseMatrix& h);
/// Largest |Σ_j H_ij| entry over atoms (eV/Å²): zero for an exact Hessian (translations).
double max_translation_residual(const BlockSparseMatrix& h);

}  // namespace glassml::md
