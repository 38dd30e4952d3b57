#pragma once
// Diagonal blocks of the pseudo-inverse of a large sparse Hessian, without the dense 3N x 3N
// matrix: block-sparse ("tiled") Cholesky in a nested-dissection order, then selected
// inversion, which computes the entries of the inverse on the factor's pattern only.
//
// Why this and not iterative solves: the diagonal of an inverse needs one solve per degree of
// freedom (3N = 59,000 for the paper's 19,652 atoms) or a stochastic estimate whose error decays
// slowly (the lattice Green's function falls off only as 1/r, so probing vectors interfere).
// A direct factorization gives the exact answer at the cost of the fill, which a geometric
// nested dissection keeps to the separators (George, SIAM J. Numer. Anal. 10, 345 (1973)).
//
// 1. Grounding: the Hessian is singular (translations). Remove the 3 degrees of freedom of one
//    atom g: the rest, A, is positive definite for a minimum, and G = [A⁻¹ 0; 0 0] is a
//    generalized inverse (H G H = H). With Q = I − P (P the projector on translations,
//    P_{ia,jb} = δ_ab/N), H⁺ = (H⁺H) G (H H⁺) = Q G Q, so per atom
//      [H⁺]_ii = G_ii − (g_i + g_iᵀ)/N + s/N²,  g_i = Σ_j G_ij,  s = Σ_jk G_jk,
//    with the row sums from three solves G·(1⊗e_a).
// 2. Factorization A = L Lᵀ on T x T tiles (T = 3·64), right-looking, zero tiles skipped and
//    created only where fill appears.
// 3. Selected inversion, Z = A⁻¹ on the tiles of L (Takahashi, Fagan & Chin 1973; Erisman &
//    Tinney, Comm. ACM 18, 177 (1975)), from the last tile column back to the first:
//      U_JK = L_JK L_KK⁻¹,  Z_IK = −Σ_{J∈C(K)} Z_IJ U_JK,  Z_KK = L_KK⁻ᵀ L_KK⁻¹ − Σ_J U_JKᵀ Z_JK,
//    C(K) the tile rows below K in column K; every Z_IJ needed lies in the pattern (the rows
//    of a column form a clique after fill). Z overwrites L in place.
#include <cstddef>
#include <vector>

#include "core/box.hpp"
#include "core/vec3.hpp"
#include "md/hessian.hpp"

namespace glassml {
class Progress;
}

namespace glassml::md {

/// Atom elimination order by geometric nested dissection of the periodic box: a set is split
/// along its widest direction by separator slabs `range` thick (two slabs where the set still
/// wraps around the box, one otherwise), the two halves ordered first, the separator last.
/// Sets of <= 512 atoms, or whose separator would hold most of them, are ordered by position.
std::vector<std::size_t> nested_dissection_order(const std::vector<Vec3>& positions, const Box& box, double range);

struct SparseInverseStats {
  std::size_t tile_size = 0;       ///< degrees of freedom per tile
  std::size_t stored_tiles = 0;    ///< nonzero tiles of L (after fill)
  std::size_t total_tiles = 0;     ///< tiles of a dense lower triangle
  std::size_t stored_bytes = 0;
};

/// Diagonal 3x3 blocks of H⁺ (atom order of h). `order` is an elimination order of the atoms
/// (a permutation); the last atom in it is the ground. Throws ParameterError if the grounded
/// Hessian is not positive definite (negative modes: not a minimized structure).
std::vector<Block3> pseudo_inverse_blocks_sparse(const BlockSparseMatrix& h, const std::vector<std::size_t>& order,
                                                 Progress* progress = nullptr, SparseInverseStats* stats = nullptr);

}  // namespace glassml::md
