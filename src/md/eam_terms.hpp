#pragma once
// Per-pair and per-atom terms of the tabulated EAM energy (eam_tables.hpp), shared by the forces,
// the analytic Hessian and the finite-difference Hessian of md/eam_hessian.hpp. Internal to md.
//   E = Σ_i F_i(ρ_i) + ½ Σ_{i≠j} φ_ij(r_ij),   ρ_i = Σ_{j≠i} f_{j→i}(r_ij),
// and a pair (i, j) interacts when r_ij² < r_c² (LAMMPS: rsq < cutforcesq).
#include <cstddef>
#include <vector>

#include "core/configuration.hpp"
#include "md/eam_tables.hpp"

namespace glassml::md::eam {

/// Full neighbour lists (CSR, increasing j) of the pairs closer than `range` >= r_c, with
/// d = r_i − r_j (minimum image), r = |d| and whether the pair is inside the cutoff.
struct Neighbours {
  std::vector<std::size_t> start, j;
  std::vector<Vec3> d;
  std::vector<double> r;
  std::vector<char> inside;  ///< r² < r_c²
};

/// Per atom: element index in the tables, density ρ and embedding F, F', F''.
struct AtomTerms {
  std::vector<int> element;
  std::vector<double> rho, f, df, d2f;
};

/// Element index of each atom; throws ParameterError if a species is not in the tables.
std::vector<int> elements_of(const EamTables& t, const Configuration& c);

/// Neighbour lists within `range` (>= the cutoff). Throws ParameterError if the box is not wider
/// than twice `range` (one image per pair).
Neighbours neighbours(const EamTables& t, const Configuration& c, double range);

/// ρ_i over the pairs inside the cutoff, and the embedding terms.
AtomTerms atom_terms(const EamTables& t, const Configuration& c, const Neighbours& nb);

/// φ_ij(r) and the derivatives ψ'(r), ψ''(r) of the pair-like part of the pair (i, j),
/// ψ(r) = φ_ij(r) + F'_i f_{j→i}(r) + F'_j f_{i→j}(r) with F' held fixed.
struct PairTerms {
  double phi, d1, d2;
};
PairTerms pair_terms(const EamTables& t, const AtomTerms& a, std::size_t i, std::size_t j, double r);
/// The same with explicit elements and embedding derivatives F'_i, F'_j (displaced states).
PairTerms pair_terms(const EamTables& t, int ei, int ej, double dfi, double dfj, double r);

}  // namespace glassml::md::eam
