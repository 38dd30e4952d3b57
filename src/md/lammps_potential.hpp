#pragma once
// Potential energy and forces of a whole configuration, evaluated by LAMMPS (C library API):
// the engine under the harmonic analysis (Hessian by finite differences of forces) and, later,
// under saddle searches. One LAMMPS instance is set up once for a configuration (box, ids,
// types, species) and an EAM potential; each call then only moves the atoms.
//
// Each call writes the positions of the owned atoms and does one `run 1 pre no post no` with no
// integrator (no fix moves the atoms): LAMMPS then treats the call as one MD step, so it
// communicates the new positions to the ghost atoms, rebuilds the neighbour lists (and migrates
// atoms between ranks) only when an atom has moved more than half the skin since the last build
// (https://docs.lammps.org/neigh_modify.html), and tallies the energy on that step. (`run 0 pre no`
// would not do: it computes no forces at all, returning those of the previous call.)
//
// A box periodic in none of x, y, z (a cluster cut out of a sample, md/event_cluster.hpp) gets
// shrink-wrapped boundaries (`boundary s s s`): LAMMPS re-fits the box to the atoms whenever it
// rebuilds the neighbour lists, so no atom can be lost; positions must stay within a few box
// lengths of the initial box (checked, see energy_forces).
//
// MPI: collective over MPI_COMM_WORLD; every rank passes the same positions and receives all
// energies and forces (positions scattered to their owners by id, forces gathered by id).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/configuration.hpp"
#include "core/vec3.hpp"
#include "md/eam_potential.hpp"
#include "md/lammps_session.hpp"

namespace glassml::md {

struct LammpsPotentialOptions {
  std::string log_path = "/dev/null";  ///< LAMMPS log file
  double skin = 1.0;                   ///< Å, neighbour-list skin
  bool optimized_pair = false;         ///< OPT variant of the pair style (Debian's: ~20 % slower, same physics)
};

class LammpsPotential {
 public:
  /// Sets LAMMPS up for `config` (ids, types, box, species_of_type, mass_of_type) and the potential.
  /// Validates before LAMMPS sees anything (LAMMPS would end the process): species listed in the
  /// potential, box periodic in all three directions and wider than twice the cutoff, or
  /// orthogonal and periodic in none (a cluster: the box must contain every atom), ids positive
  /// and unique. Throws
  /// ParameterError. MPI must be initialized (see MpiEnvironment).
  LammpsPotential(const Configuration& config, const EamPotential& potential, const LammpsPotentialOptions& options = {});
  ~LammpsPotential();
  LammpsPotential(const LammpsPotential&) = delete;
  LammpsPotential& operator=(const LammpsPotential&) = delete;

  /// Potential energy (eV) at `positions` (Å, one per atom in increasing-id order, any periodic
  /// image); fills `forces` (eV/Å, same order). Counts one force call. Throws
  /// std::invalid_argument (before LAMMPS sees them) on a non-finite position or, in a
  /// non-periodic box, an atom more than kClusterExcursion box lengths outside the initial box.
  double energy_forces(const std::vector<Vec3>& positions, std::vector<Vec3>& forces);

  std::size_t size() const { return ids_.size(); }
  /// Atom ids in the order of positions and forces (increasing).
  const std::vector<std::int64_t>& ids() const { return ids_; }
  /// Cutoff of the potential (Å): forces on an atom depend on atoms within 2 * cutoff (EAM).
  double cutoff() const { return cutoff_; }
  /// Force evaluations so far.
  std::size_t force_calls() const { return calls_; }

 private:
  /// Box lengths an atom of a non-periodic box may stray beyond the initial box.
  static constexpr double kClusterExcursion = 2.0;
  void require_sane(const std::vector<Vec3>& positions) const;
  void record_local_atoms();
  std::size_t index_of(std::int64_t id) const;

  std::unique_ptr<LammpsSession> session_;  ///< the instance, its error checks and exit report
  void* lmp_ = nullptr;                     ///< session_->handle()
  int nprocs_ = 1;
  Box box_;
  std::vector<std::int64_t> ids_;
  std::vector<std::size_t> local_index_;  ///< per owned LAMMPS atom: index in our order
  double cutoff_ = 0, skin_ = 1.0;
  std::size_t calls_ = 0;
};

}  // namespace glassml::md
