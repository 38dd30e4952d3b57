// Sections of the report about training: the cross-validation grid of `glassml train --cv`
// (architectures and activation functions, SPEC §5) and the metrics `glassml train` wrote.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>

#include <fmt/format.h>

#include "analysis/csv_table.hpp"
#include "analysis/gnuplot.hpp"
#include "analysis/report_sections.hpp"
#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/csv.hpp"

namespace glassml::analysis {
namespace {

struct CvTable {
  std::string text;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

CvTable read_cv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path, 0, "file not found");
  CvTable t;
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    t.text += line + "\n";
    if (line.empty()) continue;
    std::vector<std::string> cells;
    for (auto cell : io::split_csv(line)) cells.emplace_back(cell);
    if (n == 1) {
      if (cells.size() < 5 || cells[0] != "layers" || cells[1] != "units" || cells[2] != "activation" ||
          cells[3].rfind("mean_val_mse", 0) != 0 || cells[4].rfind("std_val_mse", 0) != 0)
        throw InputError(path, 1, "not a cross-validation table of glassml train --cv (header layers,units,activation,mean_val_mse,...)");
      t.header = cells;
      continue;
    }
    if (cells.size() != t.header.size()) throw InputError(path, n, fmt::format("{} cells, the header has {}", cells.size(), t.header.size()));
    for (std::size_t k : {0, 1, 3, 4}) io::csv_double(cells[k], t.header[k], path, n, /*allow_nan=*/true);
    t.rows.push_back(cells);
  }
  if (t.rows.empty()) throw InputError(path, n, "no rows in the cross-validation table");
  return t;
}

}  // namespace

void cv_section(ReportContext& ctx, const std::string& cv_csv) {
  const CvTable t = read_cv(cv_csv);
  ctx.doc.heading(2, "Cross-validation of architectures and activation functions");
  io::write_file_atomic(ctx.dir + "/cv.csv", t.text);
  std::vector<std::vector<std::string>> rows;
  std::size_t best = 0;
  std::map<std::string, std::size_t> best_of_activation;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto& r = t.rows[i];
    const double mean = std::stod(r[3]), sd = std::stod(r[4]);
    if (mean < std::stod(t.rows[best][3])) best = i;
    auto it = best_of_activation.find(r[2]);
    if (it == best_of_activation.end() || mean < std::stod(t.rows[it->second][3])) best_of_activation[r[2]] = i;
    rows.push_back({r[0], r[1], r[2], sig4(mean), sig4(sd)});
  }
  rows[best][3] += " (best)";
  GnuplotFigure fig("cv", 1000, 650);
  fig << "set title 'Cross-validation: validation MSE of each architecture (mean ± std over folds)'"
      << "set ylabel 'validation MSE ((eV/Å^2)^2)'" << "set xlabel 'hidden layers × units, activation'" << "set xtics rotate by -30"
      << "set offsets 0.5, 0.5, 0, 0" << "set yrange [0:*]" << "set grid ytics lc 'gray90'"
      << "plot 'cv.csv' skip 1 using 0:4:5:xtic(sprintf('%s×%s %s', strcol(1), strcol(2), strcol(3))) with yerrorbars "
         "pt 7 ps 1.5 lw 2 lc rgb '#2c7bb6' notitle";
  fig.render(ctx.dir);
  nlohmann::ordered_json j{{"source", cv_csv},
                           {"best", {{"layers", std::stod(t.rows[best][0])}, {"units", std::stod(t.rows[best][1])}, {"activation", t.rows[best][2]},
                                     {"mean_val_mse", std::stod(t.rows[best][3])}, {"std_val_mse", std::stod(t.rows[best][4])}}}};
  std::vector<std::vector<std::string>> act_rows;
  for (const auto& [act, i] : best_of_activation) {
    const auto& r = t.rows[i];
    j["best_per_activation"][act] = {{"layers", std::stod(r[0])}, {"units", std::stod(r[1])}, {"mean_val_mse", std::stod(r[3])},
                                     {"std_val_mse", std::stod(r[4])}};
    act_rows.push_back({act, r[0] + " × " + r[1], sig4(std::stod(r[3])), sig4(std::stod(r[4]))});
  }
  ctx.metrics["cross_validation"] = j;
  ctx.doc.figure(fig.png(), "Validation MSE of K (mean ± standard deviation over the folds) of each architecture of the grid. Data: cv.csv "
                            "(copied from " + cv_csv + ").");
  ctx.doc.table({"hidden layers", "units", "activation", "validation MSE (eV/Å²)²", "std (eV/Å²)²"}, rows,
                "Cross-validation grid (from cv.csv).");
  if (best_of_activation.size() > 1)
    ctx.doc.table({"activation", "best architecture", "validation MSE (eV/Å²)²", "std (eV/Å²)²"}, act_rows,
                  "Comparison of activation functions: the best architecture of each (the paper finds the accuracy almost "
                  "insensitive to the choice).");
}

namespace {
void flatten(const nlohmann::json& j, const std::string& prefix, CsvTable& t) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) flatten(it.value(), prefix.empty() ? it.key() : prefix + "." + it.key(), t);
  } else if (j.is_number()) {
    t.add_row({prefix, exact_number(j.get<double>())});
  }
}
}  // namespace

void training_metrics_section(ReportContext& ctx, const std::string& metrics_json) {
  std::ifstream in(metrics_json);
  if (!in) throw InputError(metrics_json, 0, "file not found");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(metrics_json, 0, std::string("not JSON: ") + e.what());
  }
  if (!j.is_object() || !j.contains("train")) throw InputError(metrics_json, 0, "not a metrics file of glassml train (no 'train' entry)");
  CsvTable flat({"key", "value"});
  flatten(j, "", flat);
  flat.write(ctx.dir, "training_metrics.csv");
  std::vector<std::vector<std::string>> rows;
  auto value = [](const nlohmann::json& m, const char* k) {
    return m.contains(k) && m[k].is_number() ? m[k].get<double>() : std::nan("");
  };
  auto add = [&](const std::string& set, const std::string& species, const nlohmann::json& part) {
    if (!part.is_object() || !part.contains("single_atom")) return;
    const auto& s = part["single_atom"];
    const nlohmann::json g = part.contains("grouped") && part["grouped"].is_object() ? part["grouped"] : nlohmann::json::object();
    rows.push_back({set, species, fmt::format("{:.0f}", value(s, "n")), sig4(value(s, "mse")), fix3(value(s, "r2")),
                    fix3(value(s, "pearson")), fix3(value(s, "spearman")), fix3(value(g, "r2")), fix3(value(g, "pearson"))});
  };
  for (const char* set : {"train", "validation", "test"}) {
    if (!j.contains(set) || !j[set].is_object()) continue;
    if (j[set].contains("all")) add(set, "all", j[set]["all"]);
    if (j[set].contains("species") && j[set]["species"].is_object())
      for (auto it = j[set]["species"].begin(); it != j[set]["species"].end(); ++it) add(set, it.key(), it.value());
  }
  ctx.metrics["training_metrics"] = {{"source", metrics_json}, {"values", j}};
  ctx.doc.heading(2, "Metrics written by glassml train");
  ctx.doc.table({"set", "species", "n", "MSE (eV/Å²)²", "R²", "Pearson", "Spearman", "grouped R²", "grouped Pearson"}, rows,
                "As written by glassml train in " + metrics_json + " (all numbers: training_metrics.csv).");
}

}  // namespace glassml::analysis
