#pragma once
// Potential energy and forces of a whole configuration, evaluated by LAMMPS (C library API):
// the engine under the harmonic analysis (Hessian by finite differences of forces) and, later,
// under saddle searches. One LAMMPS instance is set up once for a configuration (box, ids,
// types, species) and an EAM potential; each call then only moves the atoms.
//
// Each call is one `run 0` with no time integration. Neighbour lists are rebuilt only when an
// atom has moved more than half the skin since the last build (the rule LAMMPS itself uses,
// https://docs.lammps.org/neigh_modify.html). Between builds the positions of owned AND ghost
// atoms are written directly (ghost = owner + its fixed periodic shift) and the forces come from
// `run 0 pre no`, which skips LAMMPS's own communication of ghost positions: without writing the
// ghosts, forces across periodic boundaries would be those of the old positions.
//
// MPI: collective over MPI_COMM_WORLD; every rank passes the same positions and receives all
// energies and forces (positions scattered to their owners by id, forces gathered by id).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/configuration.hpp"
#include "core/vec3.hpp"
#include "md/eam_potential.hpp"

namespace glassml::md {

struct LammpsPotentialOptions {
  std::string log_path = "/dev/null";  ///< LAMMPS log file
  double skin = 1.0;                   ///< Å, neighbour-list skin
  bool optimized_pair = true;          ///< use the OPT variant of the pair style when available
};

class LammpsPotential {
 public:
  /// Sets LAMMPS up for `config` (ids, types, box, species_of_type, mass_of_type) and the potential.
  /// Validates before LAMMPS sees anything (LAMMPS would end the process): species listed in the
  /// potential, box wider than twice the cutoff plus skin, ids positive and unique. Throws
  /// ParameterError. MPI must be initialized (see MpiEnvironment).
  LammpsPotential(const Configuration& config, const EamPotential& potential, const LammpsPotentialOptions& options = {});
  ~LammpsPotential();
  LammpsPotential(const LammpsPotential&) = delete;
  LammpsPotential& operator=(const LammpsPotential&) = delete;

  /// Potential energy (eV) at `positions` (Å, one per atom in increasing-id order, any periodic
  /// image); fills `forces` (eV/Å, same order). Counts one force call.
  double energy_forces(const std::vector<Vec3>& positions, std::vector<Vec3>& forces);

  std::size_t size() const { return ids_.size(); }
  /// Atom ids in the order of positions and forces (increasing).
  const std::vector<std::int64_t>& ids() const { return ids_; }
  /// Cutoff of the potential (Å): forces on an atom depend on atoms within 2 * cutoff (EAM).
  double cutoff() const { return cutoff_; }
  /// Force evaluations so far, and how many of them rebuilt the neighbour lists.
  std::size_t force_calls() const { return calls_; }
  std::size_t neighbor_builds() const { return builds_; }

 private:
  void command(const std::string& line);
  void full_setup(const std::vector<Vec3>& positions);
  void record_shifts(const std::vector<Vec3>& positions);
  std::size_t index_of(std::int64_t id) const;

  void* lmp_ = nullptr;
  int rank_ = 0, nprocs_ = 1;
  Box box_;
  std::vector<std::int64_t> ids_;
  std::vector<Vec3> build_positions_;      ///< positions at the last neighbour-list build
  std::vector<std::size_t> atom_index_;    ///< per local+ghost LAMMPS atom: index in our order
  std::vector<Vec3> atom_shift_;           ///< per local+ghost LAMMPS atom: periodic shift
  double cutoff_ = 0, skin_ = 1.0;
  std::size_t calls_ = 0, builds_ = 0;
  std::string log_path_;
};

}  // namespace glassml::md
