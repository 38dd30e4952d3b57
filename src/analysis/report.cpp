#include "analysis/report.hpp"

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "analysis/output_dir.hpp"
#include "analysis/report_sections.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "io/atomic_file.hpp"
#include "structure/rdf.hpp"

namespace glassml::analysis {
namespace {

struct Inputs {
  std::vector<PredictedSample> train, test;
  std::vector<std::pair<std::string, std::vector<PredictedSample>>> rates;
  std::vector<ActivatedSample> activation;
  structure::RdfSettings rdf;
  std::string rdf_source = "SPEC §4 defaults";
};

std::vector<PredictedSample> load_all(const std::vector<std::string>& paths, const std::string& label) {
  std::vector<PredictedSample> out;
  for (const auto& p : paths) {
    auto s = load_predictions(p, label);
    out.insert(out.end(), std::make_move_iterator(s.begin()), std::make_move_iterator(s.end()));
  }
  return out;
}

structure::RdfSettings model_descriptor(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path, 0, "file not found");
  try {
    const nlohmann::json j = nlohmann::json::parse(in);
    return structure::RdfSettings::from_json(j.at("descriptor"));
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path, 0, std::string("not a model of glassml train: ") + e.what());
  } catch (const ParameterError& e) {
    throw InputError(path, 0, std::string("descriptor: ") + e.what());
  }
}

Inputs load_inputs(const ReportOptions& o) {
  Inputs in;
  in.train = load_all(o.train, o.label);
  in.test = load_all(o.test, o.label);
  for (const auto& spec : o.rate) {
    const auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
      throw ParameterError("--rate: '" + spec + "' is not LABEL=PRED.dump (LABEL: the cooling rate in K/s, e.g. 1e12)");
    in.rates.emplace_back(spec.substr(0, eq), load_predictions(spec.substr(eq + 1), o.label));
  }
  for (const auto& spec : o.activation) in.activation.push_back(load_activation(spec, o.label));
  if (!o.model.empty()) {
    in.rdf = model_descriptor(o.model);
    in.rdf_source = o.model;
  }
  for (const auto& [path, what] : {std::pair{o.cv, "--cv"}, std::pair{o.metrics, "--metrics"}})
    if (!path.empty() && !std::filesystem::is_regular_file(path)) throw InputError(path, 0, "file not found");
  if (in.train.empty() && in.test.empty() && in.rates.empty() && in.activation.empty() && o.cv.empty() && o.metrics.empty())
    throw ParameterError("nothing to report: give at least one of --train, --test, --rate, --activation, --cv, --metrics");
  return in;
}

std::vector<std::string> names(const std::vector<PredictedSample>& s) {
  std::vector<std::string> n;
  for (const auto& x : s) n.push_back(x.name);
  return n;
}

void parity_of(ReportContext& ctx, const std::string& key, const std::string& title, const std::vector<PredictedSample>& s,
               std::size_t group_size) {
  Pool p = pool(s);
  const ParityData d = compute_parity(p.k_real, p.k_pre, p.species, group_size);
  parity_section(ctx, key, title, d, names(s), p);
}

}  // namespace

void write_report(const ReportOptions& o) {
  const Inputs in = load_inputs(o);
  OutputDir out(o.output);
  ReportContext ctx;
  ctx.dir = out.dir();
  std::vector<std::string> omitted;
  ctx.doc.heading(1, o.title);
  ctx.doc.paragraph("Written by glassml report. Every number below is in metrics.json and can be recomputed from the CSV files "
                    "beside this page; every figure is redrawn by `gnuplot NAME.gp` in this folder. K in eV/Å² (1 eV/Å² = "
                    "16.02 N/m), η in Pa·s, r in Å.");
  ctx.metrics["title"] = o.title;
  Progress bar("report: sections", 7);
  if (!in.train.empty() || !in.test.empty()) ctx.doc.heading(2, "Accuracy: predicted against real stiffness (paper Fig. 3)");
  if (!in.train.empty()) parity_of(ctx, "train", "Training set", in.train, o.group_size);
  else omitted.push_back("parity plot and metrics of the training set (no --train)");
  bar.update(1);
  if (!in.test.empty()) parity_of(ctx, "test", "Test set", in.test, o.group_size);
  else omitted.push_back("parity plot and metrics of the test set (no --test)");
  bar.update(2);
  // Structure figures use the held-out samples when there are any (as the paper), else training.
  const auto& structure_set = in.test.empty() ? in.train : in.test;
  const std::string set_title = in.test.empty() ? "training set" : "test set";
  if (!structure_set.empty()) {
    // A box too small for the RDF cutoff or the coarse-graining sphere omits that figure only.
    try {
      rdf_section(ctx, rdf_classes(structure_set, in.rdf, o.class_fraction), set_title);
      ctx.metrics["rdf_classes"]["descriptor"] = in.rdf_source;
    } catch (const ParameterError& e) {
      omitted.push_back(std::string("RDF of stiff and soft atoms: ") + e.what());
    }
    try {
      spatial_section(ctx, structure_set.front(), o.coarse_grain_radius, o.slab_thickness);
    } catch (const ParameterError& e) {
      omitted.push_back(std::string("spatial maps: ") + e.what());
    }
  } else {
    omitted.push_back("RDF of stiff and soft atoms, spatial maps (no --train or --test)");
  }
  bar.update(4);
  if (!in.rates.empty()) {
    // The held-out samples of the training rate are the reference the other rates are read against.
    auto rates = in.rates;
    if (!in.test.empty()) rates.emplace_back("test", in.test);
    rate_section(ctx, rate_transfer(rates, o.group_size));
  }
  else omitted.push_back("transfer to other cooling rates (no --rate)");
  bar.update(5);
  if (!in.activation.empty()) {
    // Too few successful ARTn events (a small subset) omits the viscosity figures only.
    try {
      viscosity_section(ctx, compute_viscosity(in.activation, o.class_fraction), o.activation);
    } catch (const ParameterError& e) {
      omitted.push_back(std::string("viscosity against stiffness: ") + e.what());
    }
  } else omitted.push_back("viscosity against stiffness, η of stiff and soft atoms (no --activation)");
  bar.update(6);
  if (!o.cv.empty()) cv_section(ctx, o.cv);
  else omitted.push_back("cross-validation table and activation functions (no --cv)");
  if (!o.metrics.empty()) training_metrics_section(ctx, o.metrics);
  bar.update(7);
  if (!omitted.empty()) {
    ctx.doc.heading(2, "Not shown");
    ctx.doc.bullets(omitted);
  }
  ctx.metrics["omitted"] = omitted;
  io::write_file_atomic(out.dir() + "/metrics.json", ctx.metrics.dump(1) + "\n");
  io::write_file_atomic(out.dir() + "/report.md", ctx.doc.markdown());
  io::write_file_atomic(out.dir() + "/report.html", ctx.doc.html(o.title));
  bar.finish();
  out.commit();
  fmt::print("wrote {}/report.md, report.html, metrics.json and the figures with their data\n", o.output);
}

}  // namespace glassml::analysis
