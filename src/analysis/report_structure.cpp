// Sections of the report about structure: the RDF of the stiffest and softest atoms (Fig. 4c)
// and the spatial pattern of coarse-grained stiffness (Fig. 5).
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "analysis/csv_table.hpp"
#include "analysis/gnuplot.hpp"
#include "analysis/report_sections.hpp"
#include "analysis/spatial.hpp"
#include "ml/metrics.hpp"

namespace glassml::analysis {

void rdf_section(ReportContext& ctx, const RdfClasses& c, const std::string& set_title) {
  ctx.doc.heading(2, "Structure of stiff and soft atoms (paper Fig. 4c)");
  std::vector<std::string> header{"r[A]"};
  for (const auto& curve : c.curves) header.push_back(curve.column);
  CsvTable t(header);
  for (std::size_t k = 0; k < c.r.size(); ++k) {
    std::vector<std::string> row{exact_number(c.r[k])};
    for (const auto& curve : c.curves) row.push_back(exact_number(curve.g[k]));
    t.add_row(row);
  }
  t.write(ctx.dir, "rdf_classes.csv");
  // Columns: 2 all atoms, 3/4 stiff/soft by K_pre, 5/6 stiff/soft by K_real.
  GnuplotFigure fig("rdf_classes", 1000, 700);
  fig << fmt::format("set title 'Mean per-atom RDF of the stiffest and softest {} atoms ({})'", c.per_class, gnuplot_quote(set_title))
      << "set xlabel 'r (Å)'" << "set ylabel 'g(r)'" << "set key top right opaque box" << "set grid lc 'gray90'"
      << "plot 'rdf_classes.csv' skip 1 using 1:2 with lines lw 2 lc 'gray50' title 'all atoms', \\"
      << "     '' skip 1 using 1:3 with lines lw 2.5 lc rgb '#d7191c' title 'stiffest 10% by K_{pre}', \\"
      << "     '' skip 1 using 1:4 with lines lw 2.5 lc rgb '#2c7bb6' title 'softest 10% by K_{pre}', \\"
      << "     '' skip 1 using 1:5 with lines lw 2 dt 2 lc rgb '#fdae61' title 'stiffest 10% by K_{real}', \\"
      << "     '' skip 1 using 1:6 with lines lw 2 dt 2 lc rgb '#74add1' title 'softest 10% by K_{real}'";
  fig.render(ctx.dir);
  nlohmann::ordered_json j{{"set", set_title}, {"atoms", c.atoms}, {"atoms_per_class", c.per_class}};
  std::vector<std::vector<std::string>> rows;
  for (const auto& curve : c.curves) {
    j["first_peak"][curve.column] = {{"r_A", curve.peak_r}, {"g", curve.peak_g}};
    rows.push_back({curve.name, sig4(curve.peak_r), sig4(curve.peak_g)});
  }
  ctx.metrics["rdf_classes"] = j;
  ctx.doc.figure(fig.png(), fmt::format("Mean per-atom RDF g_i(r) of the {} atoms ({} of {} pooled atoms of the {}) with the highest and "
                                        "the lowest K_pre (solid) and K_real (dashed), and of all atoms (grey). Data: rdf_classes.csv.",
                                        c.per_class, c.per_class, c.atoms, set_title));
  ctx.doc.table({"atoms", "first peak r (Å)", "first peak g"}, rows,
                "Highest peak of each curve (bin centre and height; the paper: stiff atoms have a higher first peak, soft atoms a "
                "first peak at shorter r).");
}

namespace {
/// Marker size so that a point is about `diameter_a` Å wide in a panel of `panel_px` pixels
/// showing `width_a` Å (pngcairo: point size 1 is about 8 pixels across for pt 7).
double point_size(double diameter_a, double width_a, double panel_px) { return diameter_a / width_a * panel_px / 8.0; }
}  // namespace

namespace {
void write_spatial_csv(const ReportContext& ctx, const PredictedSample& s, const std::vector<double>& pre_cg,
                       const std::vector<double>& real_cg, const std::vector<char>& in_slab) {
  const Configuration& c = s.config;
  CsvTable t({"id", "species", "x[A]", "y[A]", "z[A]", "K_real[eV/A^2]", "K_pre[eV/A^2]", "K_real_cg[eV/A^2]", "K_pre_cg[eV/A^2]",
              "in_slab"});
  for (std::size_t i = 0; i < c.size(); ++i) {
    const Vec3 r = c.box.wrap(c.position[i]);
    t.add_row({std::to_string(c.id[i]), s.species[i], exact_number(r.x), exact_number(r.y), exact_number(r.z),
               exact_number(s.k_real[i]), exact_number(s.k_pre[i]), exact_number(real_cg[i]), exact_number(pre_cg[i]),
               in_slab[i] ? "1" : "0"});
  }
  t.write(ctx.dir, "spatial_map.csv");
}

/// Two panels (predicted, real) of the slab's atoms in x-y, coloured on the range [lo, hi].
void draw_spatial_map(const ReportContext& ctx, const Box& b, double lo, double hi, const std::string& title) {
  // x-y extent of the (possibly tilted) box.
  const double xlo = b.lo.x + std::min({0.0, b.xy, b.xz, b.xy + b.xz}), xhi = b.lo.x + b.lx + std::max({0.0, b.xy, b.xz, b.xy + b.xz});
  const double ylo = b.lo.y + std::min(0.0, b.yz), yhi = b.lo.y + b.ly + std::max(0.0, b.yz);
  const double ps = point_size(2.2, std::max(xhi - xlo, yhi - ylo), 560);
  GnuplotFigure fig("spatial_map", 1400, 720);
  fig << fmt::format("set multiplot layout 1,2 title '{}' font ',14'", gnuplot_quote(title)) << "set size ratio -1"
      << fmt::format("set xrange [{}:{}]", xlo, xhi) << fmt::format("set yrange [{}:{}]", ylo, yhi) << "set xlabel 'x (Å)'"
      << "set ylabel 'y (Å)'" << fmt::format("set cbrange [{}:{}]", lo, hi) << "set cblabel 'coarse-grained K (eV/Å^2)'"
      << detail::kPalette << "set title 'predicted: K_{pre}, coarse-grained'"
      << fmt::format("plot 'spatial_map.csv' skip 1 using 3:($10 > 0 ? $4 : NaN):9 with points pt 7 ps {:.2f} lc palette notitle", ps)
      << "set title 'real: K_{real}, coarse-grained'"
      << fmt::format("plot 'spatial_map.csv' skip 1 using 3:($10 > 0 ? $4 : NaN):8 with points pt 7 ps {:.2f} lc palette notitle", ps)
      << "unset multiplot";
  fig.render(ctx.dir);
}
}  // namespace

void spatial_section(ReportContext& ctx, const PredictedSample& s, double radius, double thickness) {
  ctx.doc.heading(2, "Spatial pattern of stiffness (paper Fig. 5)");
  const Configuration& c = s.config;
  const std::vector<double> pre_cg = coarse_grain(c, s.k_pre, radius), real_cg = coarse_grain(c, s.k_real, radius);
  const std::vector<std::size_t> in = slab(c, thickness);
  std::vector<char> in_slab(c.size(), 0);
  for (std::size_t i : in) in_slab[i] = 1;
  write_spatial_csv(ctx, s, pre_cg, real_cg, in_slab);
  std::vector<double> slab_pre, slab_real;
  for (std::size_t i : in) slab_pre.push_back(pre_cg[i]), slab_real.push_back(real_cg[i]);
  const double r_cg = ml::pearson(real_cg, pre_cg), rho_cg = ml::spearman(real_cg, pre_cg);
  const double r_raw = ml::pearson(s.k_real, s.k_pre);
  const double r_slab = slab_pre.size() > 1 ? ml::pearson(slab_real, slab_pre) : std::nan("");
  double lo = 1e300, hi = -1e300;
  for (std::size_t i : in) lo = std::min({lo, pre_cg[i], real_cg[i]}), hi = std::max({hi, pre_cg[i], real_cg[i]});
  if (in.empty() || hi <= lo) lo = std::min(lo, 0.0), hi = lo + 1;
  draw_spatial_map(ctx, c.box, lo, hi,
                   fmt::format("K coarse-grained over {} Å spheres, {} Å slab at the middle of z ({} atoms): Pearson {} (all atoms)",
                               sig4(radius), sig4(thickness), in.size(), fix3(r_cg)));
  ctx.metrics["spatial"] = {{"sample", s.name},          {"radius_A", radius},         {"slab_thickness_A", thickness},
                            {"atoms", c.size()},         {"slab_atoms", in.size()},    {"pearson_cg", r_cg},
                            {"spearman_cg", rho_cg},     {"pearson_cg_slab", std::isfinite(r_slab) ? nlohmann::ordered_json(r_slab) : nlohmann::ordered_json(nullptr)},
                            {"pearson_single_atom", r_raw}};
  ctx.doc.figure("spatial_map.png", fmt::format("Sample {}: each atom's K_pre (left) and K_real (right) averaged over the atoms within {} Å "
                                        "(itself included), shown for the {} atoms of a {} Å thick slab through the middle of the box, "
                                        "on one colour scale. Data: spatial_map.csv.",
                                        s.name, sig4(radius), in.size(), sig4(thickness)));
  ctx.doc.paragraph(fmt::format("Correlation of the coarse-grained fields over all {} atoms of {}: Pearson {}, Spearman {} "
                                "(within the slab: Pearson {}); single atoms, before coarse-graining: Pearson {}.",
                                c.size(), s.name, fix3(r_cg), fix3(rho_cg), fix3(r_slab), fix3(r_raw)));
  // Per species of the central atom.
  std::vector<std::vector<std::string>> rows;
  for (const auto& sp : species_order(s.species)) {
    std::vector<double> p, r, p1, r1;
    for (std::size_t i = 0; i < c.size(); ++i)
      if (s.species[i] == sp) p.push_back(pre_cg[i]), r.push_back(real_cg[i]), p1.push_back(s.k_pre[i]), r1.push_back(s.k_real[i]);
    const double a = ml::pearson(r, p), b = ml::spearman(r, p), d = ml::pearson(r1, p1);
    ctx.metrics["spatial"]["species"][sp] = {{"atoms", p.size()}, {"pearson_cg", a}, {"spearman_cg", b}, {"pearson_single_atom", d}};
    rows.push_back({sp, std::to_string(p.size()), fix3(a), fix3(b), fix3(d)});
  }
  ctx.doc.table({"central atom", "atoms", "Pearson (coarse-grained)", "Spearman (coarse-grained)", "Pearson (single atoms)"}, rows,
                "The same correlations per species of the central atom. Data: spatial_map.csv.");
}

}  // namespace glassml::analysis
