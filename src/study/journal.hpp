#pragma once
// The runner's job log, OUT/journal.tsv: one line per event, appended and never rewritten,
//   <unix time s>\t<event>\t<job id>\t<hash (16 hex)>\t<detail>
// events: run (a runner starts: detail = plan summary), started, finished (detail = wall and CPU seconds),
// failed (detail = exit code and log), skipped (detail = why). Short appends with O_APPEND are
// whole lines even when the runner is killed (a line is written with one write()).
#include <string>
#include <vector>

namespace glassml::study {

struct JournalEntry {
  double time = 0;
  std::string event, job, hash, detail;
};

class Journal {
 public:
  explicit Journal(std::string path);
  void add(const std::string& event, const std::string& job, const std::string& hash, const std::string& detail);
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// Reads a journal (missing file: empty); ignores a torn last line.
std::vector<JournalEntry> read_journal(const std::string& path);

}  // namespace glassml::study
