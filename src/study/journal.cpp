#include "study/journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace glassml::study {

Journal::Journal(std::string path) : path_(std::move(path)) {}

void Journal::add(const std::string& event, const std::string& job, const std::string& hash,
                  const std::string& detail) {
  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  std::string d = detail;
  for (auto& ch : d)
    if (ch == '\n' || ch == '\t') ch = ' ';
  const std::string line = fmt::format("{:.3f}\t{}\t{}\t{}\t{}\n", now, event, job, hash.substr(0, 16), d);
  const int fd = open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error(path_ + ": cannot append to the journal");
  const bool ok = write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  close(fd);
  if (!ok) throw std::runtime_error(path_ + ": cannot append to the journal");
}

std::vector<JournalEntry> read_journal(const std::string& path) {
  std::vector<JournalEntry> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (in.eof()) break;  // no newline: torn by a kill
    std::istringstream s(line);
    JournalEntry e;
    std::string time;
    if (!std::getline(s, time, '\t') || !std::getline(s, e.event, '\t') || !std::getline(s, e.job, '\t') ||
        !std::getline(s, e.hash, '\t'))
      continue;
    std::getline(s, e.detail);
    e.time = std::stod(time);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace glassml::study
