#pragma once
#include <cstdint>
// Per-atom vibrational MSD at temperature T (SPEC §3), one LAMMPS run per (T, replica):
//   velocities at 2T (seeded) -> NPT at T, P for `equilibration` -> NVT at T for `settle` with
//   the centre-of-mass momentum zeroed every `momentum_every` steps -> NVT for τ, accumulating
//   in-run (fix ave/atom every `sample_every` steps; no trajectory on disk) the per-atom means
//   of x and x² where x is the unwrapped position (the centre-of-mass momentum stays zeroed, so
//   the centre of mass does not drift). MSD_i = Σ_xyz (⟨x²⟩ − ⟨x⟩²) = ⟨|r_i − r̄_i|²⟩ in Å².
//   Resumable from a state directory (stiffness_checkpoint.hpp).
// The reference protocol is ../shared/data/cuzr2000-q1e13/msd.lmp (same stages and defaults,
// except τ: 20 ps there, 100 ps here as in the paper).
#include <string>
#include <vector>

#include "core/configuration.hpp"
#include "md/eam_potential.hpp"

namespace glassml {
class Progress;
}

namespace glassml::md {

struct StiffnessParams {
  std::vector<double> temperatures{50, 100, 150, 200, 250, 300};  ///< K
  double tau = 100;            ///< ps, measurement window
  double equilibration = 4;    ///< ps, NPT
  double settle = 1;           ///< ps, NVT before the window
  double timestep = 0.002;     ///< ps
  double tdamp = 0.1, pdamp = 1.0;  ///< ps
  double pressure = 0;         ///< bar
  int sample_every = 10;       ///< steps between samples of the window
  int momentum_every = 100;    ///< steps between centre-of-mass momentum resets
  int replicas = 1;            ///< velocity seeds per temperature
  std::uint32_t seed = 1;
  PotentialSettings potential; ///< file, pair style, kernel
  double chunk = 2.0;          ///< ps per LAMMPS run segment (progress, restart files, sub-windows)
};

/// One independent MD run.
struct StiffnessTask {
  double temperature;
  int replica;
  std::uint32_t velocity_seed;
};

/// Tasks in temperature-major order: index = t * replicas + r.
std::vector<StiffnessTask> stiffness_tasks(const StiffnessParams& p);
/// Steps of one task (equilibration + settle + window).
std::int64_t steps_per_task(const StiffnessParams& p);

/// Throws ParameterError/InputError naming the first bad parameter, for this sample: species
/// in the potential, box at least twice the cutoff wide, positive times and temperatures, ...
void validate(const StiffnessParams& p, const Configuration& sample);

class StiffnessState;

struct StiffnessRunOptions {
  std::string log_path = "/dev/null";    ///< LAMMPS log (appended after the first run)
  Progress* progress = nullptr;          ///< advanced by steps (may be null)
  const StiffnessState* state = nullptr; ///< resumable runs (stiffness_checkpoint.hpp); null: none
};

/// Runs the tasks one after the other in this process (collective over MPI_COMM_WORLD). Returns
/// per task the per-atom MSD in atom-id order on rank 0 (empty vectors elsewhere). With a state,
/// finished runs are read back instead of run, a run in progress continues from its last
/// restart, and each run saves its state every `chunk` ps and its MSD when done.
std::vector<std::vector<double>> run_stiffness_tasks(const Configuration& sample, const StiffnessParams& p,
                                                     const std::vector<StiffnessTask>& tasks,
                                                     const StiffnessRunOptions& options);

/// Steps a task still has to run: all of them without a state, none if finished, the rest of a
/// run in progress. (Collective under MPI when `state` is given.)
std::int64_t steps_remaining(const StiffnessParams& p, const StiffnessTask& task, const StiffnessState* state);

}  // namespace glassml::md
