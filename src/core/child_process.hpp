#pragma once
// Independent MD jobs in separate processes: a LAMMPS input error ends the process it happens
// in (no exceptions in Debian's build), so running jobs as children of a parent that never
// starts LAMMPS or MPI keeps the parent alive to report which job failed. Children are this
// executable again (/proc/self/exe), started with fork + exec.
//
// run_children() runs a batch to completion; start_child()/wait_child() are the pieces for a
// scheduler that starts children as their inputs become ready (the study runner).
#include <sys/types.h>

#include <optional>
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
/// it and returns its exit code (127 when it could not be started). Built on start_child(): stdin
/// is /dev/null and the program dies with this process. Throws std::runtime_error if fork fails.
int run_program(const std::vector<std::string>& argv, const std::string& cwd, const std::string& log);

/// Path of this executable.
std::string self_executable();

/// This process's own command line (Linux, /proc/self/cmdline), argv[0] included: to start
/// children with the same options.
std::vector<std::string> own_command_line();

struct ChildSpec {
  std::vector<std::string> argv;  ///< argv[0] is searched in PATH unless it contains a '/'
  std::string cwd;                ///< working directory ("" = the parent's)
  std::string log;                ///< stdout and stderr are appended to this file ("" = inherited)
  int inherit_fd = -1;            ///< a descriptor the child keeps open across exec (e.g. a held lock)
  bool die_with_parent = true;    ///< SIGKILL when the parent dies (prctl PR_SET_PDEATHSIG)
};

/// Starts a child; stdin is /dev/null. Throws std::runtime_error if fork fails. A failed exec
/// (program not found, bad cwd, log not writable) shows as exit code 127 with the reason in the log.
pid_t start_child(const ChildSpec& spec);

struct ChildExit {
  pid_t pid;
  int exit_code;       ///< 128 + signal number if killed by a signal
  double cpu_s = 0;    ///< user + system CPU time of the child and its waited-for descendants
};

/// Waits up to `timeout_ms` (negative: forever) for any child to end; nullopt on timeout or
/// when there is no child.
std::optional<ChildExit> wait_child(int timeout_ms);

}  // namespace glassml
