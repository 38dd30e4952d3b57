#pragma once
// MPI for the MD commands: the same binary runs alone or under `mpirun -np N`. MPI must be
// initialized before LAMMPS is opened on MPI_COMM_WORLD and finalized after the last LAMMPS
// instance is closed; MpiEnvironment does both (RAII). Only rank 0 writes files and prints.
namespace glassml::md {

class MpiEnvironment {
 public:
  /// Initializes MPI unless it already is.
  MpiEnvironment();
  /// Finalizes MPI if this object initialized it and nobody finalized it yet (LAMMPS does on
  /// its fatal-error path).
  ~MpiEnvironment();
  MpiEnvironment(const MpiEnvironment&) = delete;
  MpiEnvironment& operator=(const MpiEnvironment&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool root() const { return rank_ == 0; }
  /// Finalizes now (if this object initialized MPI); later calls do nothing.
  void finalize();
  /// Blocks until every rank arrives.
  void barrier() const;

  /// True when this process was started by an MPI launcher (mpirun/mpiexec/srun), judged from
  /// the environment before MPI is initialized.
  static bool launched_by_mpirun();
  /// Rank of this process in MPI_COMM_WORLD (0 if MPI is not initialized).
  static int world_rank();

 private:
  bool owner_ = false;
  int rank_ = 0, size_ = 1;
};

}  // namespace glassml::md
