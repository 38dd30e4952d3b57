#pragma once
// Runs a plan: at most `cpus` cores busy (a job counts its Job::cpus), each job a child process
// of this executable (optionally under an MPI launcher) with its own log, in its own temporary
// directory CACHE/<dir>.tmp that is renamed to CACHE/<dir> only when the job succeeds. A job whose
// directory exists is done and is never run again. Children die with the runner (SIGKILL on the
// parent's death), and a lock file per job keeps a rerun from racing a survivor. A failed job is
// reported with its log path and the tail of its LAMMPS log; jobs independent of it go on.
#include <string>
#include <vector>

#include "study/plan.hpp"

namespace glassml::study {

struct RunOptions {
  std::string out;                  ///< study directory (cache/, journal.tsv, result links)
  int cpus = 1;                     ///< -j: cores kept busy at most
  std::vector<std::string> mpirun;  ///< launcher for MD jobs, e.g. {"mpirun", "-np", "2"} (empty: none)
  int only = -1;                    ///< run this job alone (its inputs must be done), e.g. a Slurm array task
  bool status_line = true;          ///< print the stage / jobs / ETA line
};

struct RunSummary {
  int cached = 0, finished = 0, failed = 0, skipped = 0;
};

/// Directory of job `j`'s finished products.
std::string job_dir(const RunOptions& o, const Job& j);

/// Runs what is not done yet. Returns the counts; throws std::runtime_error on a setup failure
/// (directory not writable, another runner working in the same directory).
RunSummary run_plan(const Plan& plan, const RunOptions& o);

/// The command line of job `j` as the runner starts it.
std::vector<std::string> job_command(const Plan& plan, std::size_t j, const RunOptions& o, const std::string& exe);

}  // namespace glassml::study
