// glassml report -o DIR [--train P...] [--test P...] [--rate LABEL=P...] [--activation P=A...]
//                [--cv CV.csv] [--metrics M.json] [--model MODEL.json] [--title T]
// Everything the paper shows (SPEC §6), as a folder of figures (gnuplot PNG), their data (CSV),
// metrics.json and report.md/.html. See analysis/report.hpp.
#include <memory>

#include "analysis/report.hpp"
#include "cli/commands.hpp"

namespace glassml::cli {
namespace {

void add_report_command(CLI::App& app) {
  auto o = std::make_shared<analysis::ReportOptions>();
  auto* cmd = app.add_subcommand(
      "report",
      "Figures, data and metrics of a study (SPEC 6): parity plots of training and test sets (density map, 100-atom\n"
      "averages, y = x, metrics), mean RDF of the 10% stiffest/softest atoms, spatial maps of K coarse-grained over\n"
      "6 A, transfer to other cooling rates, viscosity against K_pre, the cross-validation table, per-species metrics.\n"
      "Writes DIR/report.md, report.html, metrics.json, *.png (gnuplot, with their .gp scripts) and *.csv, atomically.\n"
      "Any input may be absent: the figures that need it are omitted and the report says so.");
  cmd->add_option("-o,--output", o->output, "Output folder DIR (written as DIR.tmp, then renamed; an existing DIR is replaced)")
      ->required();
  cmd->add_option("--train", o->train, "Prediction dumps of training samples (glassml predict: columns K and K_pre)");
  cmd->add_option("--test", o->test, "Prediction dumps of held-out samples of the training cooling rate");
  cmd->add_option("--rate", o->rate, "LABEL=PRED.dump: predictions on samples of another cooling rate (LABEL in K/s, e.g. 1e12)");
  cmd->add_option("--activation", o->activation, "PRED.dump=ACT.dump: predictions and glassml activate output of one sample");
  cmd->add_option("--cv", o->cv, "Cross-validation table (CSV) written by glassml train --cv");
  cmd->add_option("--metrics", o->metrics, "Training metrics (MODEL.metrics.json) written by glassml train");
  cmd->add_option("--model", o->model, "Model (JSON): descriptor settings for the RDF figure (default: SPEC 4 defaults)");
  cmd->add_option("--title", o->title, "Title of the report")->capture_default_str();
  cmd->add_option("--label", o->label, "Name of the truth column; the prediction is LABEL_pre")->capture_default_str();
  cmd->add_option("--radius", o->coarse_grain_radius, "Coarse-graining radius of the spatial maps, A")
      ->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--slab", o->slab_thickness, "Thickness of the slab shown in the spatial maps, A")
      ->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--group-size", o->group_size, "Atoms per coarse-grained point of the parity plots")
      ->capture_default_str()->check(CLI::PositiveNumber);
  cmd->callback([o] { analysis::write_report(*o); });
}

Registrar reg{"report", 90, add_report_command};

}  // namespace
}  // namespace glassml::cli
