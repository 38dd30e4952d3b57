#pragma once
// The sections of `glassml report` (SPEC §6): each computes its numbers once, writes the data of
// its figure as CSV, draws the figure with gnuplot, records the numbers in metrics.json and
// writes the report's text from those same values.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/parity.hpp"
#include "analysis/rate_transfer.hpp"
#include "analysis/rdf_classes.hpp"
#include "analysis/report_document.hpp"
#include "analysis/samples.hpp"
#include "analysis/viscosity.hpp"

namespace glassml::analysis {

struct ReportContext {
  std::string dir;  ///< folder being written (OutputDir::dir())
  ReportDocument doc;
  nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
};

/// The formats of numbers in the report text and figure labels: correlations and R² with three
/// decimals; everything else four significant digits.
std::string fix3(double v);
std::string sig4(double v);

namespace detail {
/// Sequential colour map for density maps and coarse-grained fields (viridis-like).
extern const char* const kPalette;
/// Metrics::to_json() plus "bias" = mean_pred - mean_true.
nlohmann::ordered_json metrics_json(const ml::Metrics& m);
/// Evaluation as JSON: group_size, all, species (each single_atom and grouped, with bias).
nlohmann::ordered_json evaluation_json(const ml::Evaluation& e);
/// DIR/NAME: one row per bin of a density map (x bin centre, y bin centre, atoms).
void write_density_csv(const std::string& dir, const std::string& name, const DensityGrid& d, const std::string& xname,
                       const std::string& yname);
}  // namespace detail

/// Fig. 3: parity of one set ("train", "test"): density map, 100-atom groups, y = x, metrics.
void parity_section(ReportContext& ctx, const std::string& key, const std::string& title, const ParityData& p,
                    const std::vector<std::string>& sample_names, const Pool& atoms);
/// Per-species metrics table of one set (single atoms and groups), also as metrics_<key>.csv.
void metrics_table(ReportContext& ctx, const std::string& key, const std::string& title, const ParityData& p);
/// Fig. 4c: mean per-atom RDF of the stiffest and softest atoms.
void rdf_section(ReportContext& ctx, const RdfClasses& c, const std::string& set_title);
/// Fig. 5: coarse-grained K over a sphere, a slab, predicted beside real.
void spatial_section(ReportContext& ctx, const PredictedSample& s, double radius, double thickness);
/// Fig. 4d: K_pre vs K_real per cooling rate.
void rate_section(ReportContext& ctx, const std::vector<RateSet>& rates);
/// Fig. 1, 4a-b: viscosity against K_pre, and η of the stiffest/softest atoms.
void viscosity_section(ReportContext& ctx, const ViscosityData& v, const std::vector<std::string>& sources);
/// The cross-validation table of `glassml train --cv` and the comparison of activations.
void cv_section(ReportContext& ctx, const std::string& cv_csv);
/// The metrics written by `glassml train` (copied, flattened into training_metrics.csv).
void training_metrics_section(ReportContext& ctx, const std::string& metrics_json);

}  // namespace glassml::analysis
