#pragma once
// Independent MD jobs in separate processes: a LAMMPS input error ends the process it happens
// in (no exceptions in Debian's build), so running jobs as children of a parent that never
// starts LAMMPS or MPI keeps the parent alive to report which job failed. Children are this
// executable again (/proc/self/exe), started with fork + exec, at most `jobs` at a time.
#include <string>
#include <vector>

namespace glassml {

struct ChildResult {
  int exit_code = 0;  ///< 128 + signal number if killed by a signal
};

/// Runs every argument vector (argv[0] included) as a child of this executable, at most `jobs`
/// at once; returns their exit codes in order. Throws std::runtime_error if fork/exec fails.
std::vector<ChildResult> run_children(const std::vector<std::vector<std::string>>& argvs, int jobs);

/// Runs another program (found on PATH, like a shell would) in the directory `cwd` with its
/// standard output and error appended to the file `log` (not redirected when empty), waits for
/// it and returns its exit code (127 when it could not be started). Throws std::runtime_error
/// if fork fails.
int run_program(const std::vector<std::string>& argv, const std::string& cwd, const std::string& log);

/// Path of this executable.
std::string self_executable();

}  // namespace glassml
