#pragma once
// What a quench needs besides LAMMPS' own restart file to resume: the parameters it was started
// with (a resume with different ones is refused), the restart's step, the melt check's result
// and the table rows so far. Stored as JSON next to the restart file, written atomically.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "md/quench.hpp"

namespace glassml::md {

struct QuenchCheckpoint {
  nlohmann::json params;  ///< quench_params_json(p)
  std::int64_t step = 0;
  double melt_msd = 0;
  std::vector<ThermoRow> rows;
};

/// The parameters that define the trajectory (not restart/table intervals or --fresh).
nlohmann::json quench_params_json(const QuenchParams& p);
/// Names the first parameter that differs, or "" if none.
std::string first_difference(const nlohmann::json& a, const nlohmann::json& b);

void write_checkpoint(const std::string& path, const QuenchCheckpoint& c);
/// nullopt if the file does not exist; throws InputError if it is malformed.
std::optional<QuenchCheckpoint> read_checkpoint(const std::string& path);

/// The table as text: a header with units, one row per line.
std::string format_table(const std::vector<ThermoRow>& rows);

}  // namespace glassml::md
