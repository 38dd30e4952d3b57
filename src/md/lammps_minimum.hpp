#pragma once
// The energy minimum at a fixed box that LAMMPS's conjugate gradients reach from a structure in
// a session (`minimize 0 ftol maxiter maxeval`, https://docs.lammps.org/minimize.html; no box
// relaxation), gathered on rank 0: the building block of the harmonic reference structures of
// an expanded box (strained_minimum.hpp) and of inherent structures (inherent_structures.hpp).
#include <string>

#include "core/configuration.hpp"
#include "md/eam_potential.hpp"
#include "md/lammps_session.hpp"

namespace glassml::md {

struct MinimizationOptions {
  double force_tolerance = 1e-6;  ///< eV/Å: LAMMPS ftol (2-norm of the global force vector)
  int max_iterations = 10000;
  int max_evaluations = 100000;
  bool optimized_pair = false;    ///< OPT variant of the pair style (same forces)
  std::string log_path = "/dev/null";
  bool append_log = false;

  /// Throws ParameterError unless the tolerance, iterations and evaluations are positive.
  void validate() const;
};

struct LammpsMinimum {
  Configuration structure;  ///< the minimized positions and the box (rank 0; empty on other ranks)
  double energy = 0;        ///< eV, at the minimum
  double pressure = 0;      ///< bar, LAMMPS virial pressure at the minimum (no kinetic part)
  double max_force = 0;     ///< eV/Å, largest force component at the minimum
  int iterations = 0;       ///< CG iterations LAMMPS took
};

/// Creates the atoms of `config` in `lmp` with `potential` (its OPT kernel if asked and built),
/// neighbour lists checked every step. Throws ParameterError, before LAMMPS sees anything, if
/// an element is not in the potential or the box is not wider than twice its cutoff.
void load_with_potential(LammpsSession& lmp, const Configuration& config, const EamPotential& potential,
                         bool optimized_pair);

/// Minimizes the atoms of `lmp` (loaded by load_with_potential) at its fixed box and gathers
/// the result on rank 0 (species and masses from `like`); collective over the session's ranks.
LammpsMinimum minimize_in_session(LammpsSession& lmp, const Configuration& like, const MinimizationOptions& options);

}  // namespace glassml::md
