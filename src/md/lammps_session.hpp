#pragma once
// One LAMMPS instance (C library API, https://docs.lammps.org/Library.html), RAII.
//
// Debian's LAMMPS is built without C++ exceptions: an input error prints "ERROR: ..." to the
// log and calls exit(). So callers validate every parameter before a command is sent, and this
// class (a) checks lammps_has_error() after every call (meaningful in builds with exceptions),
// (b) registers an exit handler that, if LAMMPS ends the process while a session is open,
// prints the ERROR line and the path of the LAMMPS log on stderr and deletes the temporary
// files registered with remove_on_abnormal_exit(). Outputs are written only after LAMMPS is
// done (or by temp file + rename), so a job that dies leaves no partial output.
//
// Atom data go in and come out ordered by atom id, whatever the MPI decomposition.
#include <cstdint>
#include <string>
#include <vector>

#include "core/configuration.hpp"

namespace glassml::md {

/// Whether this LAMMPS build has a package (e.g. "OPT"); needs no session.
bool lammps_has_package(const std::string& name);

class LammpsSession {
 public:
  /// Opens LAMMPS on MPI_COMM_WORLD (MPI must be initialized: see MpiEnvironment), with its
  /// log in `log_path` (appended when `append_log`), nothing on screen, and units metal,
  /// atom_style atomic, periodic boundaries.
  explicit LammpsSession(const std::string& log_path, bool append_log = false);
  ~LammpsSession();
  LammpsSession(const LammpsSession&) = delete;
  LammpsSession& operator=(const LammpsSession&) = delete;

  /// Sends one input line; throws std::runtime_error (with the log path) if LAMMPS reports an error.
  void command(const std::string& line);

  /// Current value of a thermo keyword (valid right after a run or `run 0`).
  double thermo(const std::string& keyword);
  /// Element `index` (0-based) of a global compute vector, computed now if it is not current.
  double compute_vector(const std::string& compute_id, int index);
  std::int64_t timestep();
  std::int64_t natoms();
  Box box();
  bool has_style(const std::string& category, const std::string& name);

  int rank() const { return rank_; }
  int nprocs() const { return nprocs_; }
  const std::string& log_path() const { return log_path_; }
  /// The LAMMPS instance, for direct access to its atom arrays (md/lammps_potential.cpp).
  void* handle() const { return lmp_; }

  /// Defines the box (types, masses) and creates the atoms of `config`: ids, types, positions
  /// (wrapped into the box, image flags kept consistent). Needs masses for every type.
  void create_atoms(const Configuration& config);
  /// Ids, types, positions, image flags and the box, gathered on rank 0 and sorted by id
  /// (species and masses copied from `like`). Other ranks get an empty configuration.
  Configuration gather_configuration(const Configuration& like);
  /// A per-atom array of a fix (ncols columns; ncols = 0 for a per-atom vector), gathered on
  /// rank 0 in id order, row-major natoms x max(ncols,1). Empty on other ranks.
  std::vector<double> gather_fix_peratom(const std::string& fix_id, int ncols);

  /// Files to delete if LAMMPS ends the process (temporaries it may be writing).
  static void remove_on_abnormal_exit(const std::string& path);
  static void forget_on_abnormal_exit(const std::string& path);

 private:
  void check(const std::string& what);
  std::vector<std::int64_t> gather_ids_and(const std::vector<double>& local_values, int width,
                                           std::vector<double>& values);

  void* lmp_ = nullptr;
  std::string log_path_;
  int rank_ = 0, nprocs_ = 1;
};

}  // namespace glassml::md
