#pragma once
// A minimized structure expanded (or compressed) affinely and minimized again at that fixed box:
// the quasi-harmonic reference structure of a thermally expanded glass.
//
// The MD stiffness label (SPEC §3) is measured at each T in NVT after NPT at 0 bar, i.e. at the
// thermally expanded volume V(T), while K_h (harmonic_stiffness.hpp) is taken at the minimized
// 0 K box. The quasi-harmonic approximation (e.g. Ashcroft & Mermin, Solid State Physics,
// ch. 25) keeps the harmonic form but evaluates the Hessian at the mean structure of the
// expanded box: here the box and every position are scaled by 1 + ε (ε the linear strain,
// ε = (V(T)/V0)^(1/3) − 1), x' = lo + (1 + ε)(x − lo), and LAMMPS's conjugate gradients
// (`minimize 0 ftol maxiter maxeval`, https://docs.lammps.org/minimize.html) relax the
// positions at that fixed box (no box relaxation), so the result is an energy minimum in which
// K_h is defined again.
#include "core/configuration.hpp"
#include "md/eam_potential.hpp"
#include "md/lammps_minimum.hpp"

namespace glassml::md {

struct StrainedMinimum : LammpsMinimum {
  double strain = 0;  ///< the linear strain ε applied (the structure: scaled box, minimized positions)
};

/// `config` with its box and positions scaled by 1 + strain in x, y and z (tilts too), about
/// the box origin lo. Throws ParameterError unless 1 + strain > 0.
Configuration scaled_affinely(const Configuration& config, double strain);

/// scaled_affinely(config, strain), minimized by LAMMPS at that fixed box with `potential`
/// (collective over MPI_COMM_WORLD; the structure is gathered on rank 0).
StrainedMinimum minimize_at_strained_box(const Configuration& config, const EamPotential& potential, double strain,
                                         const MinimizationOptions& options = {});

}  // namespace glassml::md
