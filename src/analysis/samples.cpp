#include "analysis/samples.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include <fmt/format.h>

#include "core/error.hpp"
#include "io/structure_file.hpp"

namespace glassml::analysis {
namespace {

const std::vector<double>& column(const Configuration& c, const std::string& path, const std::string& name,
                                  const std::string& what) {
  const Column* col = c.find_column(name);
  if (!col) throw InputError(path, 0, fmt::format("no column '{}' ({})", name, what));
  for (std::size_t i = 0; i < col->values.size(); ++i)
    if (!std::isfinite(col->values[i]) && name != "eta_Pa_s" && name.rfind("dQ_", 0) != 0)
      throw InputError(path, 0, fmt::format("column '{}': atom id {} has the non-finite value {}", name, c.id[i], col->values[i]));
  return col->values;
}

std::vector<std::string> species_names(const Configuration& c) {
  std::vector<std::string> s(c.size());
  for (std::size_t i = 0; i < c.size(); ++i) s[i] = c.species(i).empty() ? fmt::format("type{}", c.type[i]) : c.species(i);
  return s;
}

void require_file(const std::string& path) {
  if (!std::filesystem::is_regular_file(path)) throw InputError(path, 0, "file not found");
}

}  // namespace

std::vector<PredictedSample> load_predictions(const std::string& path, const std::string& label, bool require_label) {
  require_file(path);
  std::vector<Configuration> frames = io::read_frames(path);
  std::vector<PredictedSample> out;
  const std::string base = std::filesystem::path(path).filename().string();
  for (std::size_t f = 0; f < frames.size(); ++f) {
    PredictedSample s;
    s.name = frames.size() > 1 ? fmt::format("{}#{}", base, f + 1) : base;
    if (require_label || frames[f].find_column(label))
      s.k_real = column(frames[f], path, label, "the label: predict a structure that has it");
    else
      s.k_real.assign(frames[f].size(), std::numeric_limits<double>::quiet_NaN());
    s.k_pre = column(frames[f], path, label + "_pre", "a prediction dump written by glassml predict");
    s.species = species_names(frames[f]);
    s.config = std::move(frames[f]);
    out.push_back(std::move(s));
  }
  return out;
}

ActivatedSample load_activation(const std::string& spec, const std::string& label) {
  const auto eq = spec.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
    throw ParameterError("--activation: '" + spec + "' is not PRED.dump=ACT.dump");
  const std::string pred_path = spec.substr(0, eq), act_path = spec.substr(eq + 1);
  ActivatedSample a;
  a.prediction = std::move(load_predictions(pred_path, label, false).front());
  require_file(act_path);
  io::ReadOptions read_options;
  read_options.allow_nan_columns = true;  // atoms activate did not search carry nan
  const Configuration act = io::read_structure(act_path, read_options);
  const Configuration& p = a.prediction.config;
  if (act.id != p.id) {
    std::size_t k = 0;
    while (k < act.id.size() && k < p.id.size() && act.id[k] == p.id[k]) ++k;
    const std::string where = k < p.id.size() ? fmt::format("atom id {} of the prediction", p.id[k])
                                              : fmt::format("atom id {} of the activation", act.id[k]);
    throw ParameterError(fmt::format("--activation: {} and {} hold different atoms ({} vs {} atoms; {} has no partner)",
                                     pred_path, act_path, p.size(), act.size(), where));
  }
  const std::string what = "an activation dump written by glassml activate";
  a.dq_mean_ev = column(act, act_path, "dQ_mean_eV", what);
  a.dq_std_ev = column(act, act_path, "dQ_std_eV", what);
  a.eta_pa_s = column(act, act_path, "eta_Pa_s", what);
  const auto& n = column(act, act_path, "n_events", what);
  a.n_events.resize(n.size());
  for (std::size_t i = 0; i < n.size(); ++i) a.n_events[i] = static_cast<int>(n[i]);
  return a;
}

Pool pool(const std::vector<PredictedSample>& samples) {
  Pool p;
  for (const auto& s : samples) {
    p.k_real.insert(p.k_real.end(), s.k_real.begin(), s.k_real.end());
    p.k_pre.insert(p.k_pre.end(), s.k_pre.begin(), s.k_pre.end());
    p.species.insert(p.species.end(), s.species.begin(), s.species.end());
    p.sample.insert(p.sample.end(), s.k_real.size(), s.name);
    p.id.insert(p.id.end(), s.config.id.begin(), s.config.id.end());
  }
  return p;
}

std::vector<std::string> species_order(const std::vector<std::string>& species) {
  std::vector<std::string> names;
  for (const auto& s : species)
    if (std::find(names.begin(), names.end(), s) == names.end()) names.push_back(s);
  return names;
}

std::vector<int> species_index(const std::vector<std::string>& species, const std::vector<std::string>& names) {
  std::vector<int> idx(species.size());
  for (std::size_t i = 0; i < species.size(); ++i)
    idx[i] = static_cast<int>(std::find(names.begin(), names.end(), species[i]) - names.begin());
  return idx;
}

}  // namespace glassml::analysis
