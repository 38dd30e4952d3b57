// glassml info FILE...: what a structure file holds -- atoms per species, box, volume,
// number and mass density; for dumps, frames and columns.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "core/constants.hpp"
#include "io/structure_file.hpp"

namespace glassml::cli {
namespace {

struct InfoOptions {
  std::vector<std::string> files;
  std::vector<std::string> species;
  bool json = false;
};

nlohmann::json describe(const std::string& path, const io::ReadOptions& ro) {
  const auto format = io::detect_format(path);
  auto frames = io::read_frames(path, ro);
  const Configuration& c = frames.front();
  nlohmann::json j;
  j["file"] = path;
  j["format"] = io::format_name(format);
  j["frames"] = frames.size();
  j["timestep"] = c.timestep;
  j["atoms"] = c.size();
  auto counts = c.count_by_type();
  nlohmann::json per = nlohmann::json::array();
  for (int t = 0; t < c.num_types(); ++t)
    per.push_back({{"type", t + 1}, {"species", c.species_of_type[t]}, {"mass_g_per_mol", c.mass_of_type[t]},
                   {"atoms", counts[t]}});
  j["types"] = per;
  const Box& b = c.box;
  j["box"] = {{"lo_A", {b.lo.x, b.lo.y, b.lo.z}},
              {"lengths_A", b.edge_lengths()},
              {"angles_deg", b.angles_deg()},
              {"tilts_A", {b.xy, b.xz, b.yz}},
              {"periodic", b.periodic},
              {"perpendicular_widths_A", b.perpendicular_widths()}};
  j["volume_A3"] = b.volume();
  j["number_density_per_A3"] = static_cast<double>(c.size()) / b.volume();
  if (auto m = c.total_mass())
    j["mass_density_g_per_cm3"] = *m / constants::kAvogadro / (b.volume() * constants::kAngstrom3ToCm3);
  else
    j["mass_density_g_per_cm3"] = nullptr;
  std::vector<std::string> columns;
  for (const auto& col : c.columns) columns.push_back(col.name);
  j["columns"] = columns;
  return j;
}

void print_text(const nlohmann::json& j) {
  fmt::print("{}: {}, {} frame{}\n", j["file"].get<std::string>(), j["format"].get<std::string>(),
             j["frames"].get<std::size_t>(), j["frames"].get<std::size_t>() == 1 ? "" : "s");
  if (j["frames"].get<std::size_t>() > 1) fmt::print("  (numbers below are for the first frame, timestep {})\n", j["timestep"].get<long long>());
  std::string per;
  for (const auto& t : j["types"]) {
    std::string name = t["species"].get<std::string>();
    per += fmt::format("{}{} {}", per.empty() ? "" : ", ", name.empty() ? "type " + std::to_string(t["type"].get<int>()) : name,
                       t["atoms"].get<std::size_t>());
  }
  fmt::print("  atoms:          {} ({})\n", j["atoms"].get<std::size_t>(), per);
  const auto& b = j["box"];
  auto v3 = [](const nlohmann::json& a, const char* f) {
    return fmt::format(fmt::runtime(std::string(f) + " " + f + " " + f), a[0].get<double>(), a[1].get<double>(), a[2].get<double>());
  };
  fmt::print("  box lengths:    {} A (a b c)\n", v3(b["lengths_A"], "{:.4f}"));
  fmt::print("  box angles:     {} deg (alpha beta gamma)\n", v3(b["angles_deg"], "{:.3f}"));
  fmt::print("  box tilts:      {} A (xy xz yz)\n", v3(b["tilts_A"], "{:.4f}"));
  fmt::print("  box origin:     {} A\n", v3(b["lo_A"], "{:.4f}"));
  fmt::print("  periodic:       {} {} {}\n", b["periodic"][0].get<bool>() ? "p" : "f", b["periodic"][1].get<bool>() ? "p" : "f",
             b["periodic"][2].get<bool>() ? "p" : "f");
  fmt::print("  volume:         {:.4f} A^3\n", j["volume_A3"].get<double>());
  fmt::print("  number density: {:.6f} atoms/A^3\n", j["number_density_per_A3"].get<double>());
  if (j["mass_density_g_per_cm3"].is_null())
    fmt::print("  mass density:   unknown (no masses or species; pass --species)\n");
  else
    fmt::print("  mass density:   {:.4f} g/cm^3\n", j["mass_density_g_per_cm3"].get<double>());
  std::string cols;
  for (const auto& c : j["columns"]) cols += (cols.empty() ? "" : " ") + c.get<std::string>();
  if (!cols.empty()) fmt::print("  columns:        {}\n", cols);
}

void add_info_command(CLI::App& app) {
  auto opt = std::make_shared<InfoOptions>();
  auto* cmd = app.add_subcommand("info", "Describe structure files: atoms per species, box, volume, densities, frames, columns");
  cmd->add_option("files", opt->files, "LAMMPS data (.data), dump (.dump/.lammpstrj, .gz) or extended XYZ (.xyz) files")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--species", opt->species, "Element of each atom type, in type order (e.g. Cu,Zr); default: element column, else masses")
      ->delimiter(',');
  cmd->add_flag("--json", opt->json, "Print one JSON object per file instead of text");
  cmd->callback([opt] {
    io::ReadOptions ro{opt->species};
    for (const auto& f : opt->files) {
      auto j = describe(f, ro);
      if (opt->json) fmt::print("{}\n", j.dump());
      else print_text(j);
    }
  });
}

Registrar reg{"info", 10, add_info_command};

}  // namespace
}  // namespace glassml::cli
