// glassml predict MODEL FILE... -o OUT.dump: per-atom predictions (K_pre) of a trained model,
// written as a LAMMPS dump (id type element x y z, the label when the input has it, K_pre) that
// OVITO reads as it is. The features are recomputed with the descriptor settings stored in the
// model; structures with an unknown species or a box too small for the cutoff are refused.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "io/atomic_file.hpp"
#include "io/lammps_dump.hpp"
#include "io/structure_file.hpp"
#include "ml/dataset.hpp"
#include "ml/metrics.hpp"
#include "ml/mlp_pipeline.hpp"
#include "ml/model.hpp"
#include "structure/rdf.hpp"

namespace glassml::cli {
namespace {

struct PredictOptions {
  std::string model, output, metrics;
  std::vector<std::string> files, species;
};

bool is_dump_path(const std::string& p) {
  for (const char* ext : {".dump", ".lammpstrj", ".dump.gz", ".lammpstrj.gz"})
    if (p.ends_with(ext)) return true;
  return false;
}

std::vector<int> species_index(const Configuration& c, const std::vector<std::string>& names) {
  std::vector<int> idx(c.size());
  for (std::size_t i = 0; i < c.size(); ++i)
    idx[i] = static_cast<int>(std::find(names.begin(), names.end(), c.species(i)) - names.begin());
  return idx;
}

void run_predict(const PredictOptions& o) {
  if (!is_dump_path(o.output))
    throw ParameterError("output '" + o.output + "' must be a LAMMPS dump (.dump or .lammpstrj, optionally .gz)");
  const ml::Model model = ml::Model::load(o.model);
  structure::RdfSettings rdf;
  try {
    rdf = structure::RdfSettings::from_json(model.descriptor);
  } catch (const ParameterError& e) {
    throw InputError(o.model, 0, std::string("corrupt model: descriptor: ") + e.what());
  }
  const std::string pred_name = model.label + "_pre";
  std::vector<Configuration> frames;
  nlohmann::json metrics = nlohmann::json::object();
  std::vector<double> all_true, all_pred;
  std::vector<int> all_species;
  std::size_t atoms = 0;
  double seconds = 0;
  Progress bar("predict", o.files.size());
  for (const auto& path : o.files) {
    bar.update(frames.size());
    Configuration c = io::read_structure(path, io::ReadOptions{o.species});
    ml::check_species(c, path, model.species);
    const auto t0 = std::chrono::steady_clock::now();
    const auto pred = ml::predict_configuration(model, c, path);  // descriptor + extra columns -> network
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    atoms += c.size();
    std::vector<Column> keep;
    if (const Column* truth = c.find_column(model.label)) {
      keep.push_back(*truth);
      const auto sp = species_index(c, model.species);
      const ml::Evaluation ev = ml::evaluate(truth->values, pred, sp, model.species);
      fmt::print("{}", ev.to_text(path));
      metrics[path] = ev.to_json();
      all_true.insert(all_true.end(), truth->values.begin(), truth->values.end());
      all_pred.insert(all_pred.end(), pred.begin(), pred.end());
      all_species.insert(all_species.end(), sp.begin(), sp.end());
    }
    keep.push_back({pred_name, pred});
    c.columns = std::move(keep);
    frames.push_back(std::move(c));
  }
  if (o.files.size() > 1 && !all_true.empty()) {
    const ml::Evaluation ev = ml::evaluate(all_true, all_pred, all_species, model.species);
    fmt::print("{}", ev.to_text("all inputs with a label"));
    metrics["all"] = ev.to_json();
  }
  bar.finish();
  io::write_lammps_dump(o.output, frames);
  fmt::print("{} atoms in {:.3f} s ({:.3g} atoms/s, features + network); wrote {} (column {} in {})\n", atoms, seconds,
             seconds > 0 ? static_cast<double>(atoms) / seconds : 0.0, o.output, pred_name, model.label_unit);
  if (!o.metrics.empty()) {
    if (all_true.empty()) throw ParameterError("--metrics: no input has the label column '" + model.label + "'");
    metrics["label"] = {{"name", model.label}, {"unit", model.label_unit}};
    io::write_file_atomic(o.metrics, metrics.dump(1) + "\n");
  }
}

void add_predict_command(CLI::App& app) {
  auto opt = std::make_shared<PredictOptions>();
  auto* cmd = app.add_subcommand(
      "predict",
      "Per-atom predictions of a model from `glassml train`: features are recomputed with the model's descriptor\n"
      "settings. Writes a LAMMPS dump (one frame per input) with id type element x y z, the label when the input\n"
      "has it, and LABEL_pre (K_pre, eV/A^2); the first frame of each input. Inputs with the label also get the\n"
      "metrics printed (SPEC 6). A model trained with --extra-features (e.g. K_h) reads those per-atom columns from\n"
      "each input (run `glassml harmonic` first) and refuses inputs without them.");
  cmd->add_option("model", opt->model, "Model file (JSON) written by glassml train")->required()->check(CLI::ExistingFile);
  cmd->add_option("files", opt->files, "Structures: LAMMPS dump / data / extended XYZ")->required()->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", opt->output, "Output LAMMPS dump (.dump, .lammpstrj, optionally .gz)")->required();
  cmd->add_option("--metrics", opt->metrics, "Also write the metrics (inputs with the label) as JSON");
  cmd->add_option("--species", opt->species, "Element of each atom type, in type order (e.g. Cu,Zr); default: from the file")
      ->delimiter(',');
  cmd->callback([opt] { run_predict(*opt); });
}

Registrar reg{"predict", 60, add_predict_command};

}  // namespace
}  // namespace glassml::cli
