#pragma once
// The Hessian H = ∂²E/∂r∂r of the potential energy (eV/Å²), 3N x 3N, by central finite
// differences of LAMMPS forces:  H_{kb,ia} = -[F_kb(r + h e_ia) - F_kb(r - h e_ia)] / (2h),
// error O(h²) (the O(h) terms cancel), then symmetrized, H <- (H + Hᵀ)/2, and made exactly
// translation-invariant (impose_translational_invariance: changes of ~1e-6 eV/Å²).
//
// Sparsity: for EAM, the force on atom k depends on atom i only when both are within the cutoff
// r_c of a common atom, i.e. |r_ik| < 2 r_c. So H is stored as 3x3 blocks for the pairs closer
// than 2 r_c (minimum image; all images of a pair add up in one block).
//
// Several atoms are displaced at once when no atom lies within 2 r_c of two of them, i.e. when
// they are more than 4 r_c apart: each force change is then due to one displaced atom
// (Curtis, Powell & Reid, J. Inst. Math. Appl. 13, 117 (1974): column grouping for sparse
// Jacobians). A 2,000-atom CuZr box (33 Å, r_c = 7.6 Å) allows no grouping (6N force calls);
// a 19,652-atom box (70 Å) 8 atoms per group.
#include <array>
#include <cstddef>
#include <vector>

#include "core/box.hpp"
#include "core/vec3.hpp"

namespace glassml {
class Progress;
}

namespace glassml::md {

class LammpsPotential;

using Block3 = std::array<double, 9>;  ///< 3x3 block, row-major: b[3*a + c]

/// A symmetric 3N x 3N matrix as 3x3 blocks on an atom-pair pattern (CSR over atoms; each row
/// holds its own diagonal block; the pattern is symmetric).
struct BlockSparseMatrix {
  std::size_t natoms = 0;
  std::vector<std::size_t> row_start;  ///< natoms + 1 offsets into col/block
  std::vector<std::size_t> col;        ///< atom index of each block, increasing within a row
  std::vector<Block3> block;

  /// Offset of block (i, j), or SIZE_MAX if not in the pattern.
  std::size_t find(std::size_t i, std::size_t j) const;
  const Block3& diagonal(std::size_t i) const { return block[find(i, i)]; }
  std::size_t nonzero_blocks() const { return col.size(); }
  /// y = H x (x, y of length 3N).
  void multiply(const std::vector<double>& x, std::vector<double>& y) const;
};

/// Atom pairs (i, j), i != j, with a minimum-image distance below `range` (CSR, with the
/// diagonal i = i included in each row). Positions in any image; exact for triclinic boxes.
BlockSparseMatrix pair_pattern(const std::vector<Vec3>& positions, const Box& box, double range);

/// Groups of atoms whose pairwise minimum-image distances all exceed `separation` (greedy
/// first fit in index order; every atom in exactly one group).
std::vector<std::vector<std::size_t>> separated_groups(const std::vector<Vec3>& positions, const Box& box,
                                                       double separation);

/// H_ij <- (H_ij + H_jiᵀ) / 2 over the (symmetric) pattern.
void symmetrize(BlockSparseMatrix& h);

/// Makes a symmetric H exactly invariant under translations (Σ_j H_ij = 0 for every atom i, the
/// "acoustic sum rule" of finite-difference force constants) without leaving its pattern:
/// finite differences give zero column sums (forces sum to zero in each displaced state) but
/// row sums of ~1e-6 eV/Å² after symmetrization, because the differences of different atoms
/// sample the tables' knots differently. Then "the pseudo-inverse without the three
/// translations" is one matrix, whichever way it is computed (dense, sparse, eigendecomposition).
/// The row sum R_i = Σ_j H_ij is removed in two symmetric parts: (R_i + R_iᵀ)/2 from the
/// diagonal block, and its antisymmetric part, the cross-product matrix [a_i]×, by antisymmetric
/// off-diagonal blocks [w_ij]× with w_ij = φ_j − φ_i, Σ_j w_ij = −a_i, i.e. the graph Laplacian
/// of the pattern L φ = a (solved by conjugate gradients; Σ_i a_i = 0 as Σ_i R_i is symmetric).
/// Returns the largest |entry| of the row sums before (eV/Å²).
double impose_translational_invariance(BlockSparseMatrix& h);

struct HessianOptions {
  double step = 1e-3;      ///< Å, finite-difference displacement h
  double margin = 0.5;     ///< Å added to the 2 r_c interaction range (pattern and grouping)
  bool group = true;       ///< displace well-separated atoms together
  bool translation_invariant = true;  ///< impose_translational_invariance (false: the raw symmetrized differences)
};

/// The Hessian at `positions` (Å, in the potential's id order) from the potential's forces.
/// 6 * (number of groups) force calls. `progress` (may be null) counts force calls.
BlockSparseMatrix finite_difference_hessian(LammpsPotential& potential, const std::vector<Vec3>& positions,
                                            const Box& box, const HessianOptions& options = {},
                                            Progress* progress = nullptr);

}  // namespace glassml::md
