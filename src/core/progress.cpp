#include "core/progress.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace glassml {
namespace {
bool g_enabled = true;
}

void Progress::set_enabled(bool on) { g_enabled = on; }
bool Progress::enabled() { return g_enabled; }

Progress::Progress(std::string label, std::uint64_t total, double interval_s)
    : label_(std::move(label)), total_(total), interval_(interval_s),
      start_(std::chrono::steady_clock::now()), last_print_(start_), tty_(isatty(STDERR_FILENO) != 0) {}

Progress::~Progress() {
  if (!finished_ && done_ > 0) finish();
}

std::string Progress::format_duration(double s) {
  if (!std::isfinite(s) || s < 0) return "?";
  long t = std::lround(s);
  char buf[32];
  if (t >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm%02lds", t / 3600, (t / 60) % 60, t % 60);
  else if (t >= 60) std::snprintf(buf, sizeof buf, "%ldm%02lds", t / 60, t % 60);
  else std::snprintf(buf, sizeof buf, "%lds", t);
  return buf;
}

void Progress::update(std::uint64_t done) {
  done_ = done;
  if (total_ > 0 && done >= total_) return;  // finish() prints the final line, once
  auto now = std::chrono::steady_clock::now();
  double since = std::chrono::duration<double>(now - last_print_).count();
  if (since >= (tty_ ? 0.2 : interval_)) {
    last_print_ = now;
    print(false);
  }
}

void Progress::finish() {
  if (finished_) return;
  finished_ = true;
  done_ = total_;
  print(true);
}

void Progress::print(bool final_line) {
  if (!g_enabled) return;
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double frac = total_ ? static_cast<double>(done_) / static_cast<double>(total_) : 1.0;
  std::string eta = frac > 0 ? format_duration(elapsed * (1.0 - frac) / frac) : "?";
  std::fprintf(stderr, "%s%s: %3.0f%% (%llu/%llu) %s elapsed%s%s", tty_ ? "\r" : "", label_.c_str(), 100.0 * frac,
               static_cast<unsigned long long>(done_), static_cast<unsigned long long>(total_),
               format_duration(elapsed).c_str(), final_line ? "" : ", ETA ", final_line ? "" : eta.c_str());
  std::fprintf(stderr, tty_ && !final_line ? "\033[K" : "\n");
  std::fflush(stderr);
}

}  // namespace glassml
