#include "analysis/gnuplot.hpp"

#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>

#include <fmt/format.h>

#include "core/child_process.hpp"
#include "io/atomic_file.hpp"

namespace glassml::analysis {
namespace {

/// The line of a gnuplot log that says what went wrong (the last non-blank one, gnuplot's
/// "line N: message"), or a note that it said nothing.
std::string first_error(const std::string& log_path) {
  std::ifstream in(log_path);
  std::string line, last;
  while (std::getline(in, line))
    if (line.find_first_not_of(" \t^") != std::string::npos) last = line;
  return last.empty() ? "no message" : last;
}

int run_gnuplot(const std::string& dir, const std::string& script, const std::string& log) {
  std::filesystem::remove(dir + "/" + log);
  return run_program({"gnuplot", script}, dir, log);
}

}  // namespace

std::string gnuplot_quote(const std::string& text) {
  std::string s;
  for (char c : text) s += c == '\'' ? std::string("''") : std::string(1, c);
  return s;
}

const std::string& png_terminal(const std::string& scratch_dir) {
  static std::once_flag once;
  static std::string terminal;
  std::call_once(once, [&] {
    io::write_file_atomic(scratch_dir + "/terminal_check.gp", "set terminal pngcairo\n");
    const int rc = run_gnuplot(scratch_dir, "terminal_check.gp", "terminal_check.log");
    if (rc == 127) {
      terminal = "";
    } else {
      terminal = rc == 0 ? "pngcairo" : "png";
    }
    std::filesystem::remove(scratch_dir + "/terminal_check.gp");
    std::filesystem::remove(scratch_dir + "/terminal_check.log");
  });
  if (terminal.empty()) throw std::runtime_error("gnuplot could not be run: install gnuplot-nox (scripts/setup.sh does)");
  return terminal;
}

GnuplotFigure::GnuplotFigure(std::string name, int width, int height) : name_(std::move(name)), width_(width), height_(height) {}

GnuplotFigure& GnuplotFigure::operator<<(const std::string& line) {
  body_ += line;
  body_ += '\n';
  return *this;
}

std::string GnuplotFigure::script() const {
  return fmt::format(
             "# glassml report: {0}.png from the CSV files beside this script. Redraw: gnuplot {0}.gp\n"
             "set terminal @TERMINAL@ size {1},{2} enhanced font 'DejaVu Sans,12'\n"
             "set output '{0}.png'\n"
             "set datafile separator ','\n"
             "set encoding utf8\n",
             name_, width_, height_) +
         body_;
}

void GnuplotFigure::render(const std::string& dir) const {
  const std::string& terminal = png_terminal(dir);
  std::string text = script();
  text.replace(text.find("@TERMINAL@"), 10, terminal);
  io::write_file_atomic(dir + "/" + name_ + ".gp", text);
  const std::string log = name_ + ".gnuplot.log";
  const int rc = run_gnuplot(dir, name_ + ".gp", log);
  const std::string png = dir + "/" + name_ + ".png";
  if (rc != 0 || !std::filesystem::exists(png) || std::filesystem::file_size(png) == 0)
    throw std::runtime_error(fmt::format("gnuplot failed on {}.gp (exit code {}): {}", name_, rc, first_error(dir + "/" + log)));
  // gnuplot writes warnings to the log even on success; keep it only when it says something.
  if (std::filesystem::exists(dir + "/" + log) && std::filesystem::file_size(dir + "/" + log) == 0)
    std::filesystem::remove(dir + "/" + log);
}

}  // namespace glassml::analysis
