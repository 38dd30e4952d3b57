#pragma once
// The analytic Hessian of an EAM potential, from the same interpolated tables as LAMMPS
// (eam_tables.hpp): exact second derivatives of the energy LAMMPS computes, in one pass over
// neighbours instead of 6N force calls. With u = (r_i − r_j)/r, r = |r_i − r_j|:
//
//   pair-like part, for each pair (i, j) within the cutoff, with
//     ψ(r) = φ_ij(r) + F'_i f_{j→i}(r) + F'_j f_{i→j}(r),
//     B = ψ''(r) u uᵀ + ψ'(r)/r (I − u uᵀ):   H_ii += B, H_jj += B, H_ij −= B, H_ji −= B;
//   embedding part, for each atom m, with g_m the gradient of ρ_m,
//     g_m,m = Σ_j f'_{j→m}(r_mj) u_mj,  g_m,j = −f'_{j→m}(r_mj) u_mj:
//     H_ab += F''_m g_m,a g_m,bᵀ for a, b in {m} ∪ neighbours(m)  (range 2 r_c).
//
// (Second derivatives of E = Σ F(ρ_i) + ½ Σ φ; e.g. Daw, Foiles & Baskes, Mater. Sci. Rep. 9,
// 251 (1993).) Rows are assembled one atom at a time in parallel: no two threads write the
// same block, and the result does not depend on the thread count.
#include <vector>

#include "core/configuration.hpp"
#include "md/eam_tables.hpp"
#include "md/hessian.hpp"

namespace glassml {
class Progress;
}

namespace glassml::md {

struct EamEvaluation {
  double energy = 0;           ///< eV
  std::vector<Vec3> forces;    ///< eV/Å, in configuration order
};

/// Energy and forces with the tables (the check that they are LAMMPS's). The box must be wider
/// than twice the cutoff (one image per pair).
EamEvaluation eam_energy_forces(const EamTables& tables, const Configuration& config);

/// The Hessian on the pattern of pairs closer than 2 r_c + margin (eV/Å²), in configuration
/// order. Throws ParameterError if a species is not in the tables or the box is too small.
BlockSparseMatrix eam_hessian(const EamTables& tables, const Configuration& config, double margin = 0.5);

/// The Hessian by central differences of the tables' forces (LAMMPS's forces, to rounding):
///   H_{kb,ia} = −[F_kb(r + h e_ia) − F_kb(r − h e_ia)] / 2h, then symmetrized and made exactly
/// translation-invariant (hessian.hpp),
/// the same matrix as finite_difference_hessian() through LAMMPS with the same step h, but each
/// displacement updates only the force terms it changes (within 2 r_c of the atom): seconds
/// instead of 6N force calls (eam_hessian_fd.cpp). Why not the analytic Hessian: LAMMPS's cubic
/// pieces have second derivatives that jump at every knot (grid 7.6e-4 Å for CuZr), and a
/// difference over ±h averages those jumps: K_h from the two differs by up to ~1 %, so the
/// Hessian a finite-difference computation with step h reproduces is this one.
/// `progress` (may be null) counts atoms.
BlockSparseMatrix eam_fd_hessian(const EamTables& tables, const Configuration& config, double step,
                                 double margin = 0.5, Progress* progress = nullptr);

}  // namespace glassml::md
