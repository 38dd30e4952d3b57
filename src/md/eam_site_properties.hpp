#pragma once
// Per-atom energy and virial of an EAM potential (the partition LAMMPS uses in compute pe/atom
// and compute stress/atom), from the same interpolated tables as LAMMPS (eam_tables.hpp):
//
//   E_i = F_i(ρ_i) + ½ Σ_j φ_ij(r_ij)                                   (eV)
//   W_i = −½ Σ_j ψ'_ij(r_ij) r_ij u_ij ⊗ u_ij,   ψ'_ij = φ'_ij + F'_i f'_{j→i} + F'_j f'_{i→j}   (eV)
//
// u_ij = (r_i − r_j)/r_ij. W_i is half of each pair's virial r_ij ⊗ f_ij given to each atom
// (f_ij = −ψ'_ij u_ij the force of j on i); Σ_i W_i is the box's virial and LAMMPS's
// stress/atom is −W_i in pressure·volume units. Two invariants per atom (Egami's atomic-level
// stresses; T. Egami, Prog. Mater. Sci. 56, 637 (2011)):
//   pV_i   = Tr W_i / 3                       atomic pressure × atomic volume (eV; > 0 compressed)
//   tauV_i = √(3/2 · dev W_i : dev W_i)       von Mises shear of the atomic virial (eV)
// These are the inputs beside K_h that carry part of the anharmonic softening (docs/BENCHMARKS.md,
// "Learning the anharmonic part"): compressed and sheared sites soften most between 0 and 300 K.
#include <array>
#include <vector>

#include "core/configuration.hpp"
#include "md/eam_tables.hpp"

namespace glassml::md {

struct EamSiteProperties {
  std::vector<double> energy;                 ///< E_i, eV
  std::vector<std::array<double, 6>> virial;  ///< W_i: xx yy zz xy xz yz, eV
  std::vector<double> pressure_volume;        ///< Tr W_i / 3, eV
  std::vector<double> shear_volume;           ///< von Mises of W_i, eV
};

/// Per-atom energy and virial. The box must be wider than twice the cutoff. Throws
/// ParameterError if a species is not in the tables or the box is too small.
EamSiteProperties eam_site_properties(const EamTables& tables, const Configuration& config);

}  // namespace glassml::md
