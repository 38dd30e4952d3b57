#include "md/mpi_environment.hpp"

#include <mpi.h>

#include <cstdlib>
#include <initializer_list>

namespace glassml::md {

MpiEnvironment::MpiEnvironment() {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) {
    MPI_Init(nullptr, nullptr);
    owner_ = true;
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiEnvironment::~MpiEnvironment() { finalize(); }

void MpiEnvironment::finalize() {
  if (!owner_) return;
  owner_ = false;
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

void MpiEnvironment::barrier() const { MPI_Barrier(MPI_COMM_WORLD); }

bool MpiEnvironment::launched_by_mpirun() {
  // Open MPI, MPICH/Hydra (PMI) and Slurm set these in every launched process.
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "SLURM_STEP_NUM_TASKS"})
    if (std::getenv(var)) return true;
  return false;
}

int MpiEnvironment::world_rank() {
  int initialized = 0, finalized = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  if (!initialized || finalized) return 0;
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

}  // namespace glassml::md
