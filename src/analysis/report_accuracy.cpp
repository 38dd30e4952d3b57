// Sections of the report about accuracy: parity plots (Fig. 3), per-species metrics, and the
// transfer to other cooling rates (Fig. 4d).
#include "analysis/report_sections.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "analysis/csv_table.hpp"
#include "analysis/gnuplot.hpp"

namespace glassml::analysis {

std::string fix3(double v) { return fmt::format("{:.3f}", v); }
std::string sig4(double v) { return fmt::format("{:.4g}", v); }

namespace detail {
const char* const kPalette =
    "set palette defined (0 '#440154', 0.25 '#3b528b', 0.5 '#21908d', 0.75 '#5dc963', 1 '#fde725')";

nlohmann::ordered_json metrics_json(const ml::Metrics& m) {
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr); };
  return {{"n", m.n},           {"mse", num(m.mse)},         {"rmse", num(m.rmse)},           {"mae", num(m.mae)},
          {"r2", num(m.r2)},    {"pearson", num(m.pearson)}, {"spearman", num(m.spearman)},   {"mean_true", num(m.mean_true)},
          {"mean_pred", num(m.mean_pred)}, {"bias", num(bias(m))}};
}

nlohmann::ordered_json evaluation_json(const ml::Evaluation& e) {
  nlohmann::ordered_json j{{"group_size", e.group_size}};
  for (const auto& part : e.parts) {
    nlohmann::ordered_json p{{"single_atom", metrics_json(part.single)},
                             {"grouped", part.has_grouped ? metrics_json(part.grouped) : nlohmann::ordered_json(nullptr)}};
    if (part.species.empty()) j["all"] = p;
    else j["species"][part.species] = p;
  }
  return j;
}
void write_density_csv(const std::string& dir, const std::string& name, const DensityGrid& d, const std::string& xname,
                       const std::string& yname) {
  CsvTable t({xname, yname, "atoms"});
  for (std::size_t b = 0; b < d.bins; ++b)
    for (std::size_t a = 0; a < d.bins; ++a)
      t.add_row({exact_number(d.x_centre(a)), exact_number(d.y_centre(b)), std::to_string(d.counts[b * d.bins + a])});
  t.write(dir, name);
}
}  // namespace detail

namespace {
constexpr const char* kUnitCsv = "eV/A^2";
constexpr const char* kKAxis = "(eV/Å^2)";

void write_atoms_csv(const ReportContext& ctx, const std::string& name, const Pool& a) {
  CsvTable t({"sample", "id", "species", fmt::format("K_real[{}]", kUnitCsv), fmt::format("K_pre[{}]", kUnitCsv)});
  for (std::size_t i = 0; i < a.k_real.size(); ++i)
    t.add_row({a.sample[i], std::to_string(a.id[i]), a.species[i], exact_number(a.k_real[i]), exact_number(a.k_pre[i])});
  t.write(ctx.dir, name);
}

void write_groups_csv(const ReportContext& ctx, const std::string& name, const ParityData& p) {
  CsvTable t({fmt::format("K_real_group_mean[{}]", kUnitCsv), fmt::format("K_pre_group_mean[{}]", kUnitCsv)});
  for (std::size_t g = 0; g < p.group_real.size(); ++g) t.add_row({exact_number(p.group_real[g]), exact_number(p.group_pre[g])});
  t.write(ctx.dir, name);
}

/// The text in the corner of a parity plot (the same numbers as the metrics table).
std::string corner_label(const ml::Evaluation& e) {
  const auto& all = e.parts.front();
  std::string s = fmt::format("single atoms (n = {}):\\nR^2 = {}, MSE = {} (eV/Å^2)^2\\nPearson {}, Spearman {}", all.single.n,
                              fix3(all.single.r2), sig4(all.single.mse), fix3(all.single.pearson), fix3(all.single.spearman));
  if (all.has_grouped)
    s += fmt::format("\\n{}-atom groups: R^2 = {}, Pearson {}", e.group_size, fix3(all.grouped.r2), fix3(all.grouped.pearson));
  return s;
}
}  // namespace

void parity_section(ReportContext& ctx, const std::string& key, const std::string& title, const ParityData& p,
                    const std::vector<std::string>& sample_names, const Pool& atoms) {
  const std::string base = "parity_" + key;
  write_atoms_csv(ctx, base + "_atoms.csv", atoms);
  write_groups_csv(ctx, base + "_groups.csv", p);
  detail::write_density_csv(ctx.dir, base + "_density.csv", p.density, fmt::format("K_real_bin_centre[{}]", kUnitCsv),
                    fmt::format("K_pre_bin_centre[{}]", kUnitCsv));
  const auto& d = p.density;
  GnuplotFigure fig(base, 900, 820);
  fig << fmt::format("set title '{}: predicted vs real stiffness'", gnuplot_quote(title))
      << fmt::format("set xlabel 'K_{{real}} {}'", kKAxis) << fmt::format("set ylabel 'K_{{pre}} {}'", kKAxis)
      << fmt::format("set xrange [{}:{}]", d.xlo, d.xhi) << fmt::format("set yrange [{}:{}]", d.ylo, d.yhi)
      << "set size ratio -1" << "set logscale cb" << "set cblabel 'atoms per bin'" << detail::kPalette
      << "set style textbox opaque fc 'white' border lc 'gray'"
      << fmt::format("set label 1 \"{}\" at graph 0.04, graph 0.95 left front boxed font ',11'", corner_label(p.evaluation))
      << "set key outside bottom center horizontal spacing 1.3"
      << fmt::format("plot '{0}_density.csv' skip 1 using 1:2:($3 > 0 ? $3 : NaN) with image notitle, \\", base)
      << "     x with lines lw 2 dt 2 lc 'black' title 'y = x', \\"
      << fmt::format("     '{0}_groups.csv' skip 1 using 1:2 with points pt 7 ps 1.3 lc rgb '#e41a1c' title '{1}-atom averages (sorted by K_{{real}})'",
                     base, p.evaluation.group_size);
  fig.render(ctx.dir);
  ctx.metrics[key] = detail::evaluation_json(p.evaluation);
  ctx.metrics[key]["samples"] = sample_names;
  ctx.doc.figure(fig.png(), fmt::format("{}: K_pre against K_real for {} atoms of {} sample(s) ({}). Colour: number of atoms per bin "
                                        "(log scale); red: averages over consecutive groups of {} atoms sorted by K_real; dashed: y = x. "
                                        "Data: {}_atoms.csv, {}_groups.csv, {}_density.csv.",
                                        title, p.k_real.size(), sample_names.size(), fmt::join(sample_names, ", "),
                                        p.evaluation.group_size, base, base, base));
  metrics_table(ctx, key, title, p);
}

void metrics_table(ReportContext& ctx, const std::string& key, const std::string& title, const ParityData& p) {
  const std::vector<std::string> header{"species", "points", "n", "MSE (eV/Å²)²", "RMSE (eV/Å²)", "MAE (eV/Å²)", "R²", "Pearson",
                                        "Spearman", "mean K_real (eV/Å²)", "mean K_pre (eV/Å²)", "bias (eV/Å²)"};
  CsvTable csv({"species", "points", "n", "mse[(eV/A^2)^2]", "rmse[eV/A^2]", "mae[eV/A^2]", "r2", "pearson", "spearman",
                "mean_K_real[eV/A^2]", "mean_K_pre[eV/A^2]", "bias[eV/A^2]"});
  std::vector<std::vector<std::string>> rows;
  auto add = [&](const std::string& species, const std::string& points, const ml::Metrics& m) {
    rows.push_back({species, points, std::to_string(m.n), sig4(m.mse), sig4(m.rmse), sig4(m.mae), fix3(m.r2), fix3(m.pearson),
                    fix3(m.spearman), sig4(m.mean_true), sig4(m.mean_pred), sig4(bias(m))});
    csv.add_row({species, points, std::to_string(m.n), exact_number(m.mse), exact_number(m.rmse), exact_number(m.mae),
                 exact_number(m.r2), exact_number(m.pearson), exact_number(m.spearman), exact_number(m.mean_true),
                 exact_number(m.mean_pred), exact_number(bias(m))});
  };
  for (const auto& part : p.evaluation.parts) add(part.species.empty() ? "all" : part.species, "single atoms", part.single);
  for (const auto& part : p.evaluation.parts)
    if (part.has_grouped)
      add(part.species.empty() ? "all" : part.species, fmt::format("{}-atom groups", p.evaluation.group_size), part.grouped);
  csv.write(ctx.dir, "metrics_" + key + ".csv");
  ctx.doc.table(header, rows,
                fmt::format("{}: accuracy, single atoms first, then {}-atom groups (within a species, the groups are formed within "
                            "that species); bias = mean K_pre − mean K_real. Data: metrics_{}.csv.",
                            title, p.evaluation.group_size, key));
}

void rate_section(ReportContext& ctx, const std::vector<RateSet>& rates) {
  ctx.doc.heading(2, "Transfer to other cooling rates (paper Fig. 4d)");
  GnuplotFigure fig("rate_transfer", 900, 820);
  double lo = 1e300, hi = -1e300;
  for (const auto& r : rates) lo = std::min(lo, r.parity.density.xlo), hi = std::max(hi, r.parity.density.xhi);
  fig << "set title 'Model applied to samples of other cooling rates'" << fmt::format("set xlabel 'K_{{real}} {}'", kKAxis)
      << fmt::format("set ylabel 'K_{{pre}} {}'", kKAxis) << fmt::format("set xrange [{0}:{1}]", lo, hi)
      << fmt::format("set yrange [{0}:{1}]", lo, hi) << "set size ratio -1" << "set key top left opaque box font ',11'";
  std::string plot = "plot x with lines lw 2 dt 2 lc 'black' title 'y = x'";
  std::vector<std::vector<std::string>> rows;
  CsvTable summary({"rate_label", "rate[K/s]", "species", "n", "pearson", "spearman", "bias[eV/A^2]", "mean_K_real[eV/A^2]",
                    "mean_K_pre[eV/A^2]", "mse[(eV/A^2)^2]"});
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  int colour = 1;
  for (const auto& r : rates) {
    const std::string key = "rate_" + r.label;
    write_atoms_csv(ctx, key + "_atoms.csv", r.atoms);
    write_groups_csv(ctx, key + "_groups.csv", r.parity);
    const auto& all = r.parity.evaluation.parts.front().single;
    plot += fmt::format(", \\\n     '{0}_atoms.csv' skip 1 using 4:5 with dots lc {1} notitle", key, colour);
    plot += fmt::format(", \\\n     '{0}_groups.csv' skip 1 using 1:2 with linespoints pt 7 ps 1 lw 2 lc {1} title '{2}: Pearson {3}, bias {4}'",
                        key, colour, gnuplot_quote(std::isnan(r.rate) ? r.label + " (training rate)" : r.label + " K/s"), fix3(all.pearson), sig4(bias(all)));
    ++colour;
    for (const auto& part : r.parity.evaluation.parts) {
      const auto& m = part.single;
      const std::string sp = part.species.empty() ? "all" : part.species;
      rows.push_back({r.label, sp, std::to_string(m.n), fix3(m.pearson), fix3(m.spearman), sig4(bias(m)), sig4(m.mean_true),
                      sig4(m.mean_pred), sig4(m.mse)});
      summary.add_row({r.label, exact_number(r.rate), sp, std::to_string(m.n), exact_number(m.pearson), exact_number(m.spearman),
                       exact_number(bias(m)), exact_number(m.mean_true), exact_number(m.mean_pred), exact_number(m.mse)});
    }
    j[r.label] = detail::evaluation_json(r.parity.evaluation);
    j[r.label]["rate_K_per_s"] = std::isnan(r.rate) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.rate);
  }
  fig << plot;
  fig.render(ctx.dir);
  ctx.metrics["rate_transfer"] = j;
  ctx.doc.figure(fig.png(), "K_pre against K_real for the samples of each cooling rate: dots, single atoms; lines, averages over "
                            "groups of 100 atoms sorted by K_real; dashed: y = x; 'test': the held-out samples of the training cooling rate, "
                            "when given. The ranking survives when Pearson/Spearman "
                            "stay high; the magnitude shifts by the bias. Data: rate_<label>_atoms.csv, rate_<label>_groups.csv.");
  ctx.doc.table({"rate (K/s)", "species", "n", "Pearson", "Spearman", "bias (eV/Å²)", "mean K_real (eV/Å²)", "mean K_pre (eV/Å²)",
                 "MSE (eV/Å²)²"},
                rows, "Per cooling rate, single atoms (bias = mean K_pre − mean K_real). Data: rate_transfer.csv.");
  summary.write(ctx.dir, "rate_transfer.csv");
}

}  // namespace glassml::analysis
