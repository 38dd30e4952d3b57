#pragma once
// Figures drawn by gnuplot (Debian package gnuplot-nox): each figure is a script NAME.gp written
// beside the CSV files it plots, run as `gnuplot NAME.gp` in that folder, so that a reader can
// edit and redraw it. The PNG terminal is pngcairo (antialiased) when gnuplot has it, else png.
#include <string>

namespace glassml::analysis {

/// Escapes a text for a single-quoted gnuplot string ('' for ').
std::string gnuplot_quote(const std::string& text);

class GnuplotFigure {
 public:
  /// NAME.png of width x height pixels.
  GnuplotFigure(std::string name, int width, int height);
  /// Appends script lines (a newline is added).
  GnuplotFigure& operator<<(const std::string& line);
  const std::string& name() const { return name_; }
  std::string png() const { return name_ + ".png"; }
  std::string script() const;

  /// Writes DIR/NAME.gp and runs gnuplot in DIR; throws std::runtime_error with gnuplot's error
  /// line when gnuplot is missing, fails, or leaves no PNG.
  void render(const std::string& dir) const;

 private:
  std::string name_;
  int width_, height_;
  std::string body_;
};

/// "pngcairo" or "png" (checked once per process); throws std::runtime_error when gnuplot cannot
/// be run at all.
const std::string& png_terminal(const std::string& scratch_dir);

}  // namespace glassml::analysis
