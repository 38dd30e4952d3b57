#pragma once
// Resumable stiffness jobs (SPEC §3): a job killed at any moment and rerun with the same command
// keeps its finished (T, replica) runs and continues a run in progress from its last LAMMPS
// restart file and the window moments accumulated so far. State directory beside the output,
// OUT.partial/ (removed when the output is written):
//
//   settings.json            what every run's trajectory depends on (sample fingerprint, protocol,
//                            potential and kernel); a rerun with other settings starts over
//   T<T>_r<k>.msd.npy        a finished run: per-atom MSD (Å²) in id order
//   T<T>_r<k>.json           a run in progress: phase, steps done in it, window samples so far,
//                            and which of two slots holds its files:
//   T<T>_r<k>.<s>.restart    LAMMPS restart (positions, velocities, image flags, box, thermostat
//   T<T>_r<k>.<s>.sums.npy   and barostat state) + per-atom Σx Σy Σz Σx² Σy² Σz² of the window
//
// Every file is written by temp + rename; the JSON names the slot last, so a kill between two
// writes leaves the previous consistent state. Collective under MPI (rank 0 reads and writes the
// files and broadcasts what it read); works without MPI initialized (--jobs parent).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/configuration.hpp"
#include "md/stiffness.hpp"

namespace glassml::md {

/// Where a run in progress stands. Phases: 0 NPT equilibration, 1 NVT settling, 2 window.
struct StiffnessRunState {
  int phase = 0;
  std::int64_t steps_done = 0;  ///< in this phase
  std::int64_t samples = 0;     ///< window samples in the sums
  int slot = 0;                 ///< files T<T>_r<k>.<slot>.restart / .sums.npy
};

/// The settings that define every run (not the temperature list or the replica count: a run's
/// own T and velocity seed follow from its name and these).
nlohmann::json stiffness_settings_json(const StiffnessParams& p, const Configuration& sample);

class StiffnessState {
 public:
  enum class Open {
    Resume,     ///< keep what matches; start over (with a note on stderr) if the settings differ
    Fresh,      ///< discard whatever is there
    MustMatch,  ///< a child of --jobs: the parent prepared the directory; differing settings are an error
  };
  /// Creates the directory if needed. Collective (barrier) when MPI is initialized.
  StiffnessState(std::string dir, const nlohmann::json& settings, Open mode);

  const std::string& dir() const { return dir_; }
  /// True if an earlier attempt's files were discarded because its settings differed.
  bool discarded() const { return discarded_; }

  bool finished(const StiffnessTask& t) const;
  /// The finished run's MSD (rank 0; empty elsewhere). Throws InputError if it has not `natoms` values.
  std::vector<double> read_finished(const StiffnessTask& t, std::size_t natoms) const;
  /// Rank 0 writes the MSD and drops the run's in-progress files.
  void write_finished(const StiffnessTask& t, const std::vector<double>& msd) const;

  /// The state of a run in progress, the same on every rank.
  std::optional<StiffnessRunState> in_progress(const StiffnessTask& t) const;
  std::string restart_path(const StiffnessTask& t, int slot) const;
  /// The window sums of a run in progress (rank 0; natoms x 6 row-major).
  std::vector<double> read_sums(const StiffnessTask& t, const StiffnessRunState& s, std::size_t natoms) const;
  /// After `write_restart` of restart_path(t, s.slot) + ".tmp" (collective), rank 0 renames it,
  /// writes the sums (rank 0's vector), then the JSON naming the slot.
  void save(const StiffnessTask& t, const StiffnessRunState& s, const std::vector<double>& sums) const;

  /// Removes the directory (rank 0), after the output is written.
  void remove() const;

 private:
  std::string stem(const StiffnessTask& t) const;
  std::string dir_;
  int rank_ = 0;
  bool discarded_ = false;
};

}  // namespace glassml::md
