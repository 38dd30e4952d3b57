#pragma once
// Inherent structures of a minimized glass: the minima it visits at temperature.
//
// The MD stiffness label (SPEC §3) is a vibration at 50–300 K, during which a glass does not stay
// in the one minimum of its file: it crosses low barriers to nearby minima, its inherent
// structures (Stillinger & Weber, Phys. Rev. A 25, 978 (1982): the minimum that steepest
// descent reaches from an instantaneous configuration). K_h (harmonic_stiffness.hpp) is the
// curvature of one of them. Here structure k is made as Stillinger and Weber sample them:
// velocities at 2T (half the kinetic energy goes into the potential within a few vibrations,
// equipartition), `fix nvt` (Nosé–Hoover, https://docs.lammps.org/fix_nh.html) at T for a short
// run from the minimized sample, then LAMMPS's conjugate gradients at the fixed box
// (lammps_minimum.hpp). Averaging K_h over several such minima (K_IS) measures the stiffness of
// the set of basins the label's vibration samples; docs/BENCHMARKS.md ("Inherent structures")
// has what it gains against the label.
#include <cstddef>
#include <cstdint>
#include <functional>

#include "core/configuration.hpp"
#include "md/eam_potential.hpp"
#include "md/lammps_minimum.hpp"

namespace glassml::md {

struct InherentStructureOptions {
  int count = 6;                  ///< structures, each from its own run from the sample
  double temperature = 300;       ///< K, of the NVT run (velocities drawn at 2T)
  double duration = 2.0;          ///< ps, of each run (0: the sample is minimized again only)
  double timestep = 0.002;        ///< ps (as the reference data's msd.lmp)
  double damping = 0.1;           ///< ps, Nosé–Hoover thermostat damping time
  std::uint64_t seed = 1;         ///< structure k's velocities: LAMMPS seed derived from (seed, k) by mix64
  double moved_distance = 0.5;    ///< Å, an atom "moved" when it is this far from its start at the minimum
  MinimizationOptions minimization;

  /// Throws ParameterError (naming the option) on an impossible value.
  void validate() const;
  /// NVT steps of each run: round(duration / timestep).
  long steps() const;
  /// The positive LAMMPS velocity seed of structure k (0-based).
  int lammps_seed(int k) const;
};

struct InherentStructure : LammpsMinimum {
  int lammps_seed = 0;                 ///< of `velocity all create`
  double final_temperature = 0;        ///< K, LAMMPS's temp at the end of the run (before minimizing)
  double largest_displacement = 0;     ///< Å, largest atomic distance from the sample (mean drift removed)
  std::size_t atoms_moved = 0;         ///< atoms farther than moved_distance from their start
};

/// Structure k (0-based) of `sample` (a minimized configuration): one LAMMPS session, collective
/// over MPI_COMM_WORLD; the structure is gathered on rank 0.
InherentStructure inherent_structure(const Configuration& sample, const EamPotential& potential,
                                     const InherentStructureOptions& options, int k);

/// Structures 0 … count − 1, `done(k)` called after each (progress).
std::vector<InherentStructure> inherent_structures(const Configuration& sample, const EamPotential& potential,
                                                   const InherentStructureOptions& options,
                                                   const std::function<void(int)>& done = {});

}  // namespace glassml::md
