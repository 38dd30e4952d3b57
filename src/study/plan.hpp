#pragma once
// The study as a dependency graph of jobs. A job is one glassml command; its products live in
// one cache directory named after the SHA-256 of everything that decides them: the glassml
// version, the command and its options, the hashes of its input jobs (a Merkle chain, so a
// changed setting re-plans exactly the jobs downstream of it) and the potential file's contents.
// Options that only decide how a job runs (--jobs, --threads, mpirun) are not hashed.
#include <string>
#include <vector>

#include "study/study_config.hpp"

namespace glassml::study {

struct Job {
  std::string stage, name;              ///< id() = stage/name, e.g. quench/s01
  /// After the executable: command, options, inputs, outputs. "{job:N}" stands for the cache
  /// directory of job N (an input); outputs are relative to the job's own directory (its cwd).
  std::vector<std::string> args;
  std::vector<std::string> exec_args;   ///< appended, not hashed (--jobs k)
  std::vector<std::string> global_args; ///< before the command, not hashed (--threads k)
  std::vector<int> deps;                ///< input jobs (indices into Plan::jobs, all earlier)
  std::string product;                  ///< main product, relative to the job directory
  int cpus = 1;                         ///< CPU cores it keeps busy
  bool mpi = false;                     ///< may run under --mpirun
  double cost_s = 0;                    ///< estimated CPU seconds (cost_model.hpp)
  std::string hash;                     ///< 64 hex digits
  std::string hash_input;               ///< the text hashed
  std::string missing;                  ///< non-empty: this build lacks the command; the job is skipped

  std::string id() const { return stage + "/" + name; }
  /// Cache directory relative to the study's cache root: stage/name-<first 16 hex digits>.
  std::string dir() const { return stage + "/" + name + "-" + hash.substr(0, 16); }
};

struct Plan {
  std::vector<Job> jobs;  ///< in a topological order
  std::vector<std::string> stages;  ///< stage names in pipeline order
  int find(const std::string& id) const;
};

/// Which glassml commands this build has (the report and activate stages need theirs).
using HasCommand = bool (*)(const std::string& name);

/// Builds the plan of a study. `version` enters every hash.
Plan make_plan(const StudyConfig& c, const std::string& version, HasCommand has_command);

/// `text` with every "{job:N}" replaced by dir(N).
template <class DirOf>
std::string resolve(const std::string& text, DirOf dir) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 5, "{job:") == 0) {
      const std::size_t end = text.find('}', i);
      out += dir(std::stoi(text.substr(i + 5, end - i - 5)));
      i = end + 1;
    } else {
      out += text[i++];
    }
  }
  return out;
}

}  // namespace glassml::study
