#pragma once
// `glassml report`: everything the paper shows (SPEC §6-7) from prediction dumps, activation
// results and training outputs, as a folder: report.md and report.html (the figures in order,
// with captions), metrics.json (every number of the report), PNG figures drawn by gnuplot with
// their .gp scripts, and the data of every figure as CSV. Numbers are computed once; the text,
// the figure labels, the CSV and the JSON all come from the same values.
#include <string>
#include <vector>

namespace glassml::analysis {

struct ReportOptions {
  std::string output;                       ///< DIR
  std::vector<std::string> train, test;     ///< prediction dumps
  std::vector<std::string> rate;            ///< LABEL=PRED.dump
  std::vector<std::string> activation;      ///< PRED.dump=ACT.dump
  std::string cv, metrics, model, title = "glassml report";
  std::string label = "K";                  ///< truth column; the prediction is label + "_pre"
  double coarse_grain_radius = 6.0;         ///< Å (SPEC §6: the second minimum of g(r))
  double slab_thickness = 4.0;              ///< Å
  double class_fraction = 0.1;              ///< stiffest / softest fraction
  std::size_t group_size = 100;             ///< atoms per coarse-grained parity point
};

/// Reads every input first (errors name the file or the option and leave no DIR), then writes
/// DIR.tmp and renames it onto DIR. Prints one line per figure.
void write_report(const ReportOptions& options);

}  // namespace glassml::analysis
