// RdfSettings: bins, names, validation and the JSON form stored with features and models.
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "core/error.hpp"
#include "structure/rdf.hpp"

namespace glassml::structure {

std::size_t RdfSettings::num_bins() const {
  const double n = (r_max - r_min) / dr;
  return std::isfinite(n) && n > 0.0 ? static_cast<std::size_t>(std::llround(n)) : 0;
}

std::size_t RdfSettings::num_features(std::size_t num_species) const {
  return num_bins() * (partial ? num_species : 1);
}

double RdfSettings::cutoff() const { return r_max + 6.0 * smoothing; }

std::vector<std::string> RdfSettings::feature_names(const std::vector<std::string>& species) const {
  const std::size_t nb = num_bins();
  // Fewest decimals (at least 2) that print every bin centre exactly enough to tell them apart.
  int decimals = 2;
  for (; decimals < 8; ++decimals) {
    const double scale = std::pow(10.0, decimals);
    bool exact = true;
    for (std::size_t k = 0; k < nb && exact; ++k) {
      const double c = r_min + (k + 0.5) * dr;
      exact = std::abs(std::round(c * scale) / scale - c) < 1e-9;
    }
    if (exact) break;
  }
  std::vector<std::string> names;
  const std::vector<std::string> blocks = partial ? species : std::vector<std::string>{""};
  for (const auto& s : blocks)
    for (std::size_t k = 0; k < nb; ++k)
      names.push_back(fmt::format("g_{}{:.{}f}", s.empty() ? "" : s + "_", r_min + (k + 0.5) * dr, decimals));
  return names;
}

void RdfSettings::validate() const {
  for (auto [name, v] : {std::pair{"r_min", r_min}, {"r_max", r_max}, {"dr", dr}, {"smoothing", smoothing}})
    if (!std::isfinite(v)) throw ParameterError(fmt::format("RDF setting {} must be finite (got {})", name, v));
  if (r_min < 0.0) throw ParameterError(fmt::format("RDF r_min must be >= 0 A (got {:g})", r_min));
  if (!(dr > 0.0)) throw ParameterError(fmt::format("RDF bin width dr must be > 0 A (got {:g})", dr));
  if (!(r_max > r_min))
    throw ParameterError(fmt::format("RDF r_max ({:g} A) must be larger than r_min ({:g} A)", r_max, r_min));
  const double n = (r_max - r_min) / dr;
  if (std::abs(n - std::round(n)) > 1e-6 || std::round(n) < 1.0)
    throw ParameterError(fmt::format(
        "RDF range r_max - r_min = {:g} A is not a whole number of bins of dr = {:g} A", r_max - r_min, dr));
  if (n > 100000.0) throw ParameterError(fmt::format("RDF would have {:g} bins per species (at most 100000)", n));
  if (smoothing < 0.0) throw ParameterError(fmt::format("RDF smoothing sigma must be >= 0 A (got {:g})", smoothing));
}

const char* normalization_name(RdfSettings::Normalization n) {
  return n == RdfSettings::Normalization::BinCentre ? "bin_centre" : "shell_volume";
}

RdfSettings::Normalization parse_normalization(const std::string& name) {
  if (name == "bin_centre" || name == "bin-centre") return RdfSettings::Normalization::BinCentre;
  if (name == "shell_volume" || name == "shell-volume") return RdfSettings::Normalization::ShellVolume;
  throw ParameterError("unknown RDF normalization '" + name + "' (expected bin_centre or shell_volume)");
}

nlohmann::json RdfSettings::to_json() const {
  return {{"descriptor", "rdf"},
          {"r_min_A", r_min},
          {"r_max_A", r_max},
          {"dr_A", dr},
          {"normalization", normalization_name(normalization)},
          {"partial", partial},
          {"smoothing_sigma_A", smoothing},
          {"num_bins", num_bins()}};
}

RdfSettings RdfSettings::from_json(const nlohmann::json& j) {
  if (!j.is_object()) throw ParameterError("RDF settings must be a JSON object");
  if (j.contains("descriptor") && j["descriptor"] != "rdf")
    throw ParameterError("descriptor settings are for '" + j["descriptor"].dump() + "', not 'rdf'");
  RdfSettings s;
  auto number = [&](const char* key, double& out) {
    if (!j.contains(key)) return;
    if (!j[key].is_number()) throw ParameterError(fmt::format("RDF setting {} must be a number", key));
    out = j[key].get<double>();
  };
  number("r_min_A", s.r_min);
  number("r_max_A", s.r_max);
  number("dr_A", s.dr);
  number("smoothing_sigma_A", s.smoothing);
  if (j.contains("normalization")) {
    if (!j["normalization"].is_string()) throw ParameterError("RDF setting normalization must be a string");
    s.normalization = parse_normalization(j["normalization"].get<std::string>());
  }
  if (j.contains("partial")) {
    if (!j["partial"].is_boolean()) throw ParameterError("RDF setting partial must be true or false");
    s.partial = j["partial"].get<bool>();
  }
  s.validate();
  if (j.contains("num_bins") && j["num_bins"] != s.num_bins())
    throw ParameterError(fmt::format("RDF settings say num_bins = {} but the range holds {}", j["num_bins"].dump(),
                                     s.num_bins()));
  return s;
}

}  // namespace glassml::structure
