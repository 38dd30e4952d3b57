// Section of the report about activation: atomic viscosity against predicted stiffness (paper
// Fig. 4a-b) and the distributions of η for the stiffest and softest atoms (paper Fig. 1).
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "analysis/csv_table.hpp"
#include "analysis/gnuplot.hpp"
#include "analysis/report_sections.hpp"
#include "ml/metrics.hpp"

namespace glassml::analysis {
namespace {

void write_viscosity_csvs(const ReportContext& ctx, const ViscosityData& v) {
  CsvTable atoms({"sample", "id", "species", "K_pre[eV/A^2]", "K_real[eV/A^2]", "dQ_mean[eV]", "log10_eta[Pa*s]"});
  for (std::size_t i = 0; i < v.k_pre.size(); ++i)
    atoms.add_row({v.sample[i], std::to_string(v.id[i]), v.species[i], exact_number(v.k_pre[i]), exact_number(v.k_real[i]),
                   exact_number(v.dq_ev[i]), exact_number(v.log10_eta[i])});
  atoms.write(ctx.dir, "viscosity_atoms.csv");
  CsvTable groups({"K_pre_group_mean[eV/A^2]", "log10_eta_group_mean[Pa*s]"});
  for (std::size_t g = 0; g < v.group_k_pre.size(); ++g) groups.add_row({exact_number(v.group_k_pre[g]), exact_number(v.group_log10_eta[g])});
  groups.write(ctx.dir, "viscosity_groups.csv");
  detail::write_density_csv(ctx.dir, "viscosity_density.csv", v.density, "K_pre_bin_centre[eV/A^2]", "log10_eta_bin_centre[Pa*s]");
  CsvTable hist({"log10_eta_bin_lo[Pa*s]", "log10_eta_bin_hi[Pa*s]", "stiffest_atoms", "softest_atoms"});
  const double w = (v.hist_hi - v.hist_lo) / static_cast<double>(v.hist_bins);
  for (std::size_t k = 0; k < v.hist_bins; ++k)
    hist.add_row({exact_number(v.hist_lo + k * w), exact_number(v.hist_lo + (k + 1) * w), std::to_string(v.hist_stiff[k]),
                  std::to_string(v.hist_soft[k])});
  hist.write(ctx.dir, "eta_histograms.csv");
}

void draw_viscosity(const ReportContext& ctx, const ViscosityData& v) {
  const auto& d = v.density;
  GnuplotFigure fig("viscosity_vs_kpre", 950, 780);
  fig << "set title 'Atomic viscosity against predicted stiffness'" << "set xlabel 'K_{pre} (eV/Å^2)'"
      << "set ylabel 'η (Pa·s)'" << "set format y '10^{%.0f}'" << fmt::format("set xrange [{}:{}]", d.xlo, d.xhi)
      << fmt::format("set yrange [{}:{}]", d.ylo, d.yhi) << "set logscale cb" << "set cblabel 'atoms per bin'" << detail::kPalette
      << "set style textbox opaque fc 'white' border lc 'gray'"
      << fmt::format("set label 1 \"{} activated atoms\\nPearson(K_{{pre}}, log η) = {}\\nSpearman = {}\\nfit: log_{{10}} η = {} + {} K_{{pre}}\" "
                     "at graph 0.04, graph 0.95 left front boxed font ',11'",
                     v.k_pre.size(), fix3(v.pearson_log), fix3(v.spearman), sig4(v.intercept), sig4(v.slope))
      << "set key outside bottom center horizontal spacing 1.3"
      << "plot 'viscosity_density.csv' skip 1 using 1:2:($3 > 0 ? $3 : NaN) with image notitle, \\"
      << fmt::format("     {} + {} * x with lines lw 2 dt 2 lc 'black' title 'least-squares line', \\", exact_number(v.intercept), exact_number(v.slope))
      << fmt::format("     'viscosity_groups.csv' skip 1 using 1:2 with points pt 7 ps 1.3 lc rgb '#e41a1c' "
                     "title '{}-atom groups (sorted by K_{{pre}}; geometric mean η)'", v.group_size);
  fig.render(ctx.dir);

  GnuplotFigure hist("eta_histograms", 950, 650);
  hist << fmt::format("set title 'Viscosity of the {} stiffest and {} softest activated atoms (by K_{{pre}})'", v.per_class, v.per_class)
       << "set xlabel 'η (Pa·s)'" << "set ylabel 'atoms'" << "set format x '10^{%.0f}'"
       << fmt::format("set xrange [{}:{}]", v.hist_lo, v.hist_hi) << "set yrange [0:*]" << "set style fill transparent solid 0.45 border"
       << "set key top right opaque box"
       << "plot 'eta_histograms.csv' skip 1 using (($1+$2)/2):3:($2-$1) with boxes lc rgb '#d7191c' title 'stiffest 10%', \\"
       << "     '' skip 1 using (($1+$2)/2):4:($2-$1) with boxes lc rgb '#2c7bb6' title 'softest 10%'";
  hist.render(ctx.dir);
}

}  // namespace

void viscosity_section(ReportContext& ctx, const ViscosityData& v, const std::vector<std::string>& sources) {
  ctx.doc.heading(2, "Atomic viscosity and stiffness (paper Fig. 1 and 4a-b)");
  write_viscosity_csvs(ctx, v);
  draw_viscosity(ctx, v);
  auto num = [](double x) { return std::isfinite(x) ? nlohmann::ordered_json(x) : nlohmann::ordered_json(nullptr); };
  nlohmann::ordered_json j{{"sources", sources},
                           {"atoms", v.total},
                           {"activated_atoms", v.searched},
                           {"group_size", v.group_size},
                           {"pearson_K_pre_log10_eta", num(v.pearson_log)},
                           {"spearman_K_pre_eta", num(v.spearman)},
                           {"fit_log10_eta_intercept", num(v.intercept)},
                           {"fit_log10_eta_slope_per_eV_A2", num(v.slope)},
                           {"implied_temperature_K", {{"median", num(v.temperature_median)}, {"min", num(v.temperature_min)}, {"max", num(v.temperature_max)}}},
                           {"atoms_per_class", v.per_class},
                           {"median_log10_eta_stiffest", num(v.median_log10_eta_stiff)},
                           {"median_log10_eta_softest", num(v.median_log10_eta_soft)}};
  std::vector<std::vector<std::string>> rows{{"all", std::to_string(v.k_pre.size()), fix3(v.pearson_log), fix3(v.spearman)}};
  for (const auto& sp : species_order(v.species)) {
    std::vector<double> k, e;
    for (std::size_t i = 0; i < v.k_pre.size(); ++i)
      if (v.species[i] == sp) k.push_back(v.k_pre[i]), e.push_back(v.log10_eta[i]);
    const double r = k.size() > 1 ? ml::pearson(k, e) : std::nan(""), rho = k.size() > 1 ? ml::spearman(k, e) : std::nan("");
    j["species"][sp] = {{"activated_atoms", k.size()}, {"pearson_K_pre_log10_eta", num(r)}, {"spearman_K_pre_eta", num(rho)}};
    rows.push_back({sp, std::to_string(k.size()), fix3(r), fix3(rho)});
  }
  ctx.metrics["activation"] = j;
  ctx.doc.paragraph(fmt::format("{} of {} atoms have at least one successful activation event (from {}). η = η0 exp(<ΔQ>/k_B T), "
                                "η0 = 1e-4 Pa·s; the temperature implied by the activation files is {} K (range {}-{} K).",
                                v.searched, v.total, fmt::join(sources, ", "), sig4(v.temperature_median), sig4(v.temperature_min),
                                sig4(v.temperature_max)));
  ctx.doc.figure("viscosity_vs_kpre.png",
                 fmt::format("log10 η against K_pre: colour, number of atoms per bin (log scale); red, means of log10 η over groups of "
                             "{} atoms sorted by K_pre. The least-squares line log10 η = {} + {} K_pre. Data: viscosity_atoms.csv, "
                             "viscosity_groups.csv, viscosity_density.csv.",
                             v.group_size, sig4(v.intercept), sig4(v.slope)));
  ctx.doc.table({"species", "activated atoms", "Pearson(K_pre, log10 η)", "Spearman(K_pre, η)"}, rows,
                "Viscosity against predicted stiffness, all atoms and per species. Data: viscosity_atoms.csv.");
  ctx.doc.figure("eta_histograms.png",
                 fmt::format("Distribution of η of the {} activated atoms with the highest K_pre (red) and the {} with the lowest "
                             "(blue): median log10 η {} vs {} (η in Pa·s). Data: eta_histograms.csv, viscosity_atoms.csv.",
                             v.per_class, v.per_class, sig4(v.median_log10_eta_stiff), sig4(v.median_log10_eta_soft)));
}

}  // namespace glassml::analysis
