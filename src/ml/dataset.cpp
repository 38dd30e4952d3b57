#include "ml/dataset.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/progress.hpp"
#include "io/structure_file.hpp"

namespace glassml::ml {

Dataset Dataset::subset(const std::vector<std::size_t>& rows) const {
  Dataset d;
  d.sample_names = sample_names;
  d.species_names = species_names;
  d.feature_names = feature_names;
  d.extra_features = extra_features;
  d.baseline_name = baseline_name;
  d.data.cols = data.cols;
  d.data.x.reserve(rows.size() * data.cols);
  for (std::size_t r : rows) {
    d.data.x.insert(d.data.x.end(), data.x.begin() + static_cast<long>(r * data.cols),
                    data.x.begin() + static_cast<long>((r + 1) * data.cols));
    d.data.y.push_back(data.y[r]);
    d.species.push_back(species[r]);
    d.sample.push_back(sample[r]);
    if (!baseline.empty()) d.baseline.push_back(baseline[r]);
  }
  return d;
}

Dataset Dataset::without_extra_features() const {
  Dataset d = *this;
  const std::size_t keep = data.cols - extra_features.size();
  d.extra_features.clear();
  d.feature_names.resize(keep);
  d.data.cols = keep;
  d.data.x.clear();
  d.data.x.reserve(rows() * keep);
  for (std::size_t r = 0; r < rows(); ++r)
    d.data.x.insert(d.data.x.end(), data.x.begin() + static_cast<long>(r * data.cols),
                    data.x.begin() + static_cast<long>(r * data.cols + keep));
  return d;
}

std::vector<std::size_t> Dataset::present_samples() const {
  std::vector<std::size_t> out;
  std::vector<bool> seen(sample_names.size(), false);
  for (std::size_t s : sample)
    if (!seen[s]) {
      seen[s] = true;
      out.push_back(s);
    }
  return out;
}

std::vector<std::size_t> Dataset::rows_of_samples(const std::vector<std::size_t>& samples) const {
  std::vector<std::size_t> out;
  for (std::size_t r = 0; r < rows(); ++r)
    if (std::find(samples.begin(), samples.end(), sample[r]) != samples.end()) out.push_back(r);
  return out;
}

std::vector<std::string> check_species(const Configuration& config, const std::string& path,
                                       const std::vector<std::string>& known) {
  const auto counts = config.count_by_type();
  std::vector<std::string> present;
  for (int t = 1; t <= config.num_types(); ++t) {
    if (counts[static_cast<std::size_t>(t - 1)] == 0) continue;
    const std::string& s = config.species_of_type[static_cast<std::size_t>(t - 1)];
    if (s.empty())
      throw ParameterError(fmt::format("{}: atom type {} has no species name (give --species)", path, t));
    if (!known.empty() && std::find(known.begin(), known.end(), s) == known.end())
      throw ParameterError(fmt::format("{}: species '{}' (type {}) is not known to the model, which was trained on {}",
                                       path, s, t, fmt::join(known, ", ")));
    if (std::find(present.begin(), present.end(), s) == present.end()) present.push_back(s);
  }
  return present;
}

namespace {
std::string column_list(const Configuration& c) {
  std::vector<std::string> names;
  for (const auto& k : c.columns) names.push_back(k.name);
  return names.empty() ? "none" : fmt::format("{}", fmt::join(names, " "));
}

std::vector<double> read_label(const Configuration& c, const std::string& path, const std::string& label) {
  const Column* col = c.find_column(label);
  if (!col)
    throw InputError(path, 0, fmt::format("no per-atom column '{}' (the label); columns are: {}", label, column_list(c)));
  for (std::size_t i = 0; i < col->values.size(); ++i)
    if (!std::isfinite(col->values[i]))
      throw InputError(path, 0, fmt::format("label {} of atom id {} is not finite", label, c.id[i]));
  return col->values;
}
}  // namespace

std::vector<double> append_columns(std::vector<double> features, std::size_t cols, const Configuration& config,
                                   const std::string& path, const std::vector<std::string>& names) {
  if (names.empty()) return features;
  std::vector<const Column*> extra;
  for (const auto& name : names) {
    const Column* col = config.find_column(name);
    if (!col)
      throw InputError(path, 0, fmt::format("no per-atom column '{}', an extra input feature of the model (for K_h run "
                                            "`glassml harmonic` on the structure); columns are: {}", name, column_list(config)));
    for (std::size_t i = 0; i < col->values.size(); ++i)
      if (!std::isfinite(col->values[i]))
        throw InputError(path, 0, fmt::format("extra feature {} of atom id {} is not finite", name, config.id[i]));
    extra.push_back(col);
  }
  const std::size_t n = config.size(), out_cols = cols + names.size();
  std::vector<double> out(n * out_cols);
  for (std::size_t i = 0; i < n; ++i) {
    std::copy_n(features.begin() + static_cast<long>(i * cols), cols, out.begin() + static_cast<long>(i * out_cols));
    for (std::size_t k = 0; k < extra.size(); ++k) out[i * out_cols + cols + k] = extra[k]->values[i];
  }
  return out;
}

std::vector<double> configuration_features(const Configuration& config, const std::string& path,
                                           const structure::RdfSettings& descriptor,
                                           const std::vector<std::string>& species) {
  try {
    return structure::compute_rdf_features(config, descriptor, species).data;
  } catch (const ParameterError& e) {
    throw ParameterError(path + ": " + e.what());
  }
}

Dataset load_dataset(const std::vector<std::string>& paths, const DatasetOptions& options) {
  options.descriptor.validate();
  Dataset d;
  d.species_names = options.species;
  io::ReadOptions ro;
  ro.species = options.type_species;
  // Species first (partial RDF blocks need the final list), then features.
  std::vector<Configuration> configs;
  for (const auto& path : paths) {
    configs.push_back(io::read_structure(path, ro));
    const auto present = check_species(configs.back(), path, options.fixed_species ? d.species_names : std::vector<std::string>{});
    for (const auto& s : present)
      if (std::find(d.species_names.begin(), d.species_names.end(), s) == d.species_names.end()) d.species_names.push_back(s);
  }
  d.feature_names = options.descriptor.feature_names(d.species_names);
  const std::size_t descriptor_cols = d.feature_names.size();
  for (const auto& name : options.extra_features) {
    if (name == options.label)
      throw ParameterError(fmt::format("--extra-features {}: the label cannot also be an input", name));
    if (std::count(options.extra_features.begin(), options.extra_features.end(), name) > 1)
      throw ParameterError(fmt::format("--extra-features {}: given twice", name));
    d.feature_names.push_back(name);
  }
  d.extra_features = options.extra_features;
  d.data.cols = d.feature_names.size();
  const bool baseline = !options.baseline.empty() && options.baseline != options.label &&
                        std::all_of(configs.begin(), configs.end(), [&](const Configuration& c) { return c.find_column(options.baseline) != nullptr; });
  if (baseline) d.baseline_name = options.baseline;
  Progress bar("features of " + std::to_string(paths.size()) + " files", paths.size());
  for (std::size_t k = 0; k < paths.size(); ++k) {
    if (options.progress) bar.update(k);
    const Configuration& c = configs[k];
    std::vector<double> y = options.require_label || c.find_column(options.label)
                                ? read_label(c, paths[k], options.label)
                                : std::vector<double>(c.size(), NAN);
    const auto f = append_columns(configuration_features(c, paths[k], options.descriptor, d.species_names), descriptor_cols,
                                  c, paths[k], options.extra_features);
    if (baseline) {
      const auto& b = c.find_column(options.baseline)->values;
      d.baseline.insert(d.baseline.end(), b.begin(), b.end());
    }
    if (f.size() != c.size() * d.data.cols) throw ParameterError(paths[k] + ": descriptor gave an unexpected number of features");
    d.sample_names.push_back(paths[k]);
    d.data.x.insert(d.data.x.end(), f.begin(), f.end());
    d.data.y.insert(d.data.y.end(), y.begin(), y.end());
    for (std::size_t i = 0; i < c.size(); ++i) {
      const auto it = std::find(d.species_names.begin(), d.species_names.end(), c.species(i));
      d.species.push_back(static_cast<int>(it - d.species_names.begin()));
      d.sample.push_back(k);
    }
  }
  return d;
}

}  // namespace glassml::ml
