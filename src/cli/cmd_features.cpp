// glassml features FILE... -o OUT.npy: the per-atom RDF descriptor (SPEC §4) of structure files,
// as an N x F float64 NumPy array plus a JSON sidecar (settings, feature names, inputs), and
// optionally as per-atom columns of a dump.
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "io/atomic_file.hpp"
#include "io/npy.hpp"
#include "io/structure_file.hpp"
#include "structure/rdf.hpp"

namespace glassml::cli {
namespace {

struct FeaturesOptions {
  std::vector<std::string> files;
  std::string output, dump, normalization = "bin-centre";
  std::vector<std::string> species, block_order;
  structure::RdfSettings rdf;
};

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

/// Partial-block species: --block-order if given, else every species of the inputs in order of
/// first appearance (type order within a file).
std::vector<std::string> block_species(const FeaturesOptions& opt, const std::vector<Configuration>& configs) {
  if (!opt.block_order.empty()) return opt.block_order;
  std::vector<std::string> out;
  for (const auto& c : configs)
    for (const auto& s : structure::default_species(c))
      if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  return out;
}

void run_features(const FeaturesOptions& opt) {
  structure::RdfSettings settings = opt.rdf;
  settings.normalization = structure::parse_normalization(opt.normalization);
  settings.validate();
  if (!ends_with(opt.output, ".npy")) throw ParameterError("output '" + opt.output + "' must end in .npy");
  if (!opt.dump.empty() && opt.files.size() != 1)
    throw ParameterError(fmt::format("--dump writes one structure: give exactly one input (got {})", opt.files.size()));
  const std::string sidecar = opt.output.substr(0, opt.output.size() - 4) + ".json";

  // Read everything and compute everything before writing anything.
  const io::ReadOptions ro{opt.species};
  std::vector<Configuration> configs;
  for (const auto& f : opt.files) configs.push_back(io::read_structure(f, ro));
  const auto species = block_species(opt, configs);
  const std::size_t cols = settings.num_features(species.size());
  std::vector<double> data;
  nlohmann::json inputs = nlohmann::json::array();
  std::vector<std::string> names = settings.feature_names(species);
  std::vector<structure::FeatureMatrix> last;  // kept for --dump (one input)
  Progress progress("features", configs.size(), 2.0);
  std::size_t rows = 0;
  for (std::size_t k = 0; k < configs.size(); ++k) {
    structure::FeatureMatrix m;
    try {
      m = structure::compute_rdf_features(configs[k], settings, species);
    } catch (const ParameterError& e) {
      throw ParameterError(opt.files[k] + ": " + e.what());
    }
    inputs.push_back({{"file", opt.files[k]}, {"atoms", m.rows}, {"first_row", rows}});
    rows += m.rows;
    data.insert(data.end(), m.data.begin(), m.data.end());
    if (!opt.dump.empty()) last.push_back(std::move(m));
    progress.update(k + 1);
  }
  progress.finish();

  nlohmann::json side{{"format", "glassml features"},
                      {"format_version", 1},
                      {"descriptor", settings.to_json()},
                      {"species", species},
                      {"rows", rows},
                      {"cols", cols},
                      {"feature_names", names},
                      {"row_order", "inputs concatenated in the order given; atoms by increasing id within each input"},
                      {"units", "features are dimensionless g(r) values; the r in each feature name is the bin centre in A"},
                      {"inputs", inputs}};
  io::write_npy(opt.output, data.data(), rows, cols);
  io::write_file_atomic(sidecar, side.dump(2) + "\n");
  if (!opt.dump.empty()) {
    Configuration out = configs.front();
    const auto& m = last.front();
    for (std::size_t f = 0; f < cols; ++f) {
      std::vector<double> column(m.rows);
      for (std::size_t i = 0; i < m.rows; ++i) column[i] = m.at(i, f);
      out.set_column(names[f], std::move(column));
    }
    io::write_structure(opt.dump, out);
  }
  if (Progress::enabled())
    fmt::print(stderr, "features: {} atoms x {} features from {} file{} -> {} (+ {}{}{})\n", rows, cols, configs.size(),
               configs.size() == 1 ? "" : "s", opt.output, sidecar, opt.dump.empty() ? "" : ", ", opt.dump);
}

void add_features_command(CLI::App& app) {
  auto opt = std::make_shared<FeaturesOptions>();
  auto* cmd = app.add_subcommand(
      "features",
      "Per-atom RDF descriptor (SPEC 4): g_i(r) = sum_j delta(r - r_ij) / (4 pi r^2 rho dr), rho = N/V,\n"
      "minimum-image distances. Writes OUT.npy (N x F float64) and OUT.json (settings, feature names,\n"
      "species, inputs with atom counts and first rows). With several inputs the rows are concatenated\n"
      "in the order the files are given, atoms in increasing id order within each file.");
  cmd->add_option("files", opt->files, "Structure files: LAMMPS data (.data), dump (.dump/.lammpstrj, .gz), extended XYZ (.xyz)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", opt->output, "Output NumPy array OUT.npy; the sidecar OUT.json is written beside it")
      ->required();
  cmd->add_option("--r-min", opt->rdf.r_min, "Inner edge of the first bin, in A")->capture_default_str();
  cmd->add_option("--r-max", opt->rdf.r_max, "Outer edge of the last bin, in A (the box must be wider than 2 x r-max)")
      ->capture_default_str();
  cmd->add_option("--dr", opt->rdf.dr, "Bin width, in A ((r-max - r-min)/dr must be a whole number)")->capture_default_str();
  cmd->add_option("--normalization", opt->normalization,
                  "bin-centre: divide by 4 pi r_c^2 rho dr (paper); shell-volume: by rho 4/3 pi (r_out^3 - r_in^3) (LAMMPS)")
      ->check(CLI::IsMember({"bin-centre", "shell-volume"}))
      ->capture_default_str();
  cmd->add_flag("--partial", opt->rdf.partial,
                "Species-resolved RDFs: one block of bins per neighbour species, each normalized by that species' density");
  cmd->add_option("--smoothing", opt->rdf.smoothing,
                  "Gaussian width sigma in A (0 = plain histogram); features are bin averages of the smoothed g(r), and the box "
                  "must be wider than 2 x (r-max + 6 sigma)")
      ->capture_default_str();
  cmd->add_option("--species", opt->species, "Element of each atom type, in type order (e.g. Cu,Zr); default: from the file")
      ->delimiter(',');
  cmd->add_option("--block-order", opt->block_order,
                  "Species order of the --partial blocks (e.g. Cu,Zr); default: order of first appearance in the inputs")
      ->delimiter(',');
  cmd->add_option("--dump", opt->dump, "Also write the structure with the features as per-atom columns (one input only)");
  cmd->callback([opt] { run_features(*opt); });
}

Registrar reg{"features", 40, add_features_command};

}  // namespace
}  // namespace glassml::cli
