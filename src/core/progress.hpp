#pragma once
// Progress with ETA for long jobs, printed to stderr: "label: 42% (420/1000) 1m03s elapsed,
// ETA 1m27s". On a terminal it redraws one line; otherwise it prints at most every `interval`
// seconds so that logs stay short. Silent when disabled (--quiet).
#include <chrono>
#include <cstdint>
#include <string>

namespace glassml {

class Progress {
 public:
  Progress(std::string label, std::uint64_t total, double interval_s = 5.0);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// Sets the number of finished units (monotone) and prints if it is time to.
  void update(std::uint64_t done);
  /// Prints the final line.
  void finish();

  /// Global switch (the CLI's --quiet).
  static void set_enabled(bool on);
  static bool enabled();

  /// "1h02m03s" style duration.
  static std::string format_duration(double seconds);

 private:
  void print(bool final_line);

  std::string label_;
  std::uint64_t total_, done_ = 0;
  double interval_;
  std::chrono::steady_clock::time_point start_, last_print_;
  bool tty_, finished_ = false;
};

}  // namespace glassml
