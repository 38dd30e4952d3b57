#include "md/quench_checkpoint.hpp"

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "core/error.hpp"
#include "io/atomic_file.hpp"

namespace glassml::md {

nlohmann::json quench_params_json(const QuenchParams& p) {
  return {{"composition", p.composition},
          {"atoms", p.atoms},
          {"potential", p.potential.path},
          {"pair_style", p.potential.pair_style},
          {"optimized_pair", p.potential.optimized},
          {"seed", p.seed},
          {"lattice_constant", p.lattice_constant},
          {"premelt_temperature", p.premelt_temperature},
          {"premelt_time", p.premelt_time},
          {"melt_temperature", p.melt_temperature},
          {"melt_time", p.melt_time},
          {"cooling_rate", p.cooling_rate},
          {"final_temperature", p.final_temperature},
          {"pressure", p.pressure},
          {"timestep", p.timestep},
          {"tdamp", p.tdamp},
          {"pdamp", p.pdamp},
          {"min_melt_msd", p.min_melt_msd},
          {"ftol", p.ftol}};
}

std::string first_difference(const nlohmann::json& a, const nlohmann::json& b) {
  for (auto it = a.begin(); it != a.end(); ++it)
    if (!b.contains(it.key()) || b.at(it.key()) != it.value())
      return it.key() + " (" + it.value().dump() + " vs " + (b.contains(it.key()) ? b.at(it.key()).dump() : "none") + ")";
  for (auto it = b.begin(); it != b.end(); ++it)
    if (!a.contains(it.key())) return it.key();
  return "";
}

void write_checkpoint(const std::string& path, const QuenchCheckpoint& c) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& r : c.rows)
    rows.push_back({r.step, r.time_ps, r.temperature, r.pressure, r.density, r.pe_per_atom, r.etotal_per_atom,
                    r.volume, r.stage});
  nlohmann::json j{{"format", "glassml quench checkpoint"}, {"version", 1}, {"params", c.params},
                   {"step", c.step}, {"melt_msd", c.melt_msd}, {"rows", rows}};
  io::write_file_atomic(path, j.dump(1) + "\n");
}

std::optional<QuenchCheckpoint> read_checkpoint(const std::string& path) {
  if (!std::filesystem::exists(path)) return std::nullopt;
  std::ifstream in(path);
  QuenchCheckpoint c;
  try {
    auto j = nlohmann::json::parse(in);
    if (j.at("format") != "glassml quench checkpoint" || j.at("version") != 1)
      throw InputError(path, 0, "not a glassml quench checkpoint (version 1)");
    c.params = j.at("params");
    c.step = j.at("step").get<std::int64_t>();
    c.melt_msd = j.at("melt_msd").get<double>();
    for (const auto& r : j.at("rows"))
      c.rows.push_back({r.at(0).get<std::int64_t>(), r.at(1).get<double>(), r.at(2).get<double>(),
                        r.at(3).get<double>(), r.at(4).get<double>(), r.at(5).get<double>(), r.at(6).get<double>(),
                        r.at(7).get<double>(), r.at(8).get<std::string>()});
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path, 0, std::string("malformed checkpoint: ") + e.what());
  }
  return c;
}

std::string format_table(const std::vector<ThermoRow>& rows) {
  std::string out =
      "# glassml quench: NPT melt-quench then minimization\n"
      "# step time_ps T_K P_bar density_g/cm3 pe_eV/atom etotal_eV/atom volume_A3 stage\n";
  for (const auto& r : rows)
    out += fmt::format("{} {:.4f} {:.3f} {:.3f} {:.6f} {:.6f} {:.6f} {:.4f} {}\n", r.step, r.time_ps, r.temperature,
                       r.pressure, r.density, r.pe_per_atom, r.etotal_per_atom, r.volume, r.stage);
  return out;
}

}  // namespace glassml::md
