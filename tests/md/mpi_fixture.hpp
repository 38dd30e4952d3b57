#pragma once
// MPI for in-process LAMMPS tests: initialized on first use, finalized at exit (after every
// LammpsSession of the test has been closed).
#include "md/mpi_environment.hpp"

inline glassml::md::MpiEnvironment& test_mpi() {
  static glassml::md::MpiEnvironment env;
  return env;
}
