#include "core/configuration.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <unordered_set>

#include "core/elements.hpp"
#include "core/error.hpp"

namespace glassml {

const Column* Configuration::find_column(const std::string& name) const {
  for (const auto& c : columns)
    if (c.name == name) return &c;
  return nullptr;
}

Column* Configuration::find_column(const std::string& name) {
  for (auto& c : columns)
    if (c.name == name) return &c;
  return nullptr;
}

Column& Configuration::set_column(const std::string& name, std::vector<double> values) {
  if (values.size() != size())
    throw std::invalid_argument("column '" + name + "' has " + std::to_string(values.size()) +
                                " values for " + std::to_string(size()) + " atoms");
  if (Column* c = find_column(name)) {
    c->values = std::move(values);
    return *c;
  }
  columns.push_back({name, std::move(values)});
  return columns.back();
}

namespace {
template <class T>
void permute(std::vector<T>& v, const std::vector<std::size_t>& order) {
  if (v.empty()) return;
  std::vector<T> out;
  out.reserve(v.size());
  for (std::size_t i : order) out.push_back(v[i]);
  v = std::move(out);
}
}  // namespace

void Configuration::sort_by_id() {
  if (std::is_sorted(id.begin(), id.end())) return;
  std::vector<std::size_t> order(size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return id[a] < id[b]; });
  permute(id, order);
  permute(type, order);
  permute(position, order);
  permute(image, order);
  for (auto& c : columns) permute(c.values, order);
}

void Configuration::validate() const {
  box.validate();
  const std::size_t n = size();
  if (type.size() != n || position.size() != n || (!image.empty() && image.size() != n))
    throw ParameterError("configuration arrays have different lengths");
  if (mass_of_type.size() != species_of_type.size())
    throw ParameterError("configuration has masses for a different number of types than species");
  for (const auto& c : columns)
    if (c.values.size() != n) throw ParameterError("column '" + c.name + "' has the wrong length");
  std::unordered_set<std::int64_t> seen;
  seen.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (id[i] <= 0) throw ParameterError("atom id " + std::to_string(id[i]) + " is not positive");
    if (!seen.insert(id[i]).second) throw ParameterError("duplicate atom id " + std::to_string(id[i]));
    if (type[i] < 1 || type[i] > num_types())
      throw ParameterError("atom " + std::to_string(id[i]) + " has type " + std::to_string(type[i]) +
                           " outside 1.." + std::to_string(num_types()));
    const Vec3& r = position[i];
    if (!std::isfinite(r.x) || !std::isfinite(r.y) || !std::isfinite(r.z))
      throw ParameterError("atom " + std::to_string(id[i]) + " has a non-finite position");
  }
}

std::vector<std::size_t> Configuration::count_by_type() const {
  std::vector<std::size_t> counts(species_of_type.size(), 0);
  for (int t : type)
    if (t >= 1 && t <= num_types()) ++counts[t - 1];
  return counts;
}

std::optional<double> Configuration::total_mass() const {
  auto counts = count_by_type();
  double m = 0.0;
  for (std::size_t t = 0; t < counts.size(); ++t) {
    if (counts[t] == 0) continue;
    if (!(mass_of_type[t] > 0.0)) return std::nullopt;
    m += mass_of_type[t] * static_cast<double>(counts[t]);
  }
  return m;
}

void assign_species(Configuration& config, const std::vector<std::string>& species) {
  const int nt = config.num_types();
  if (!species.empty()) {
    if (static_cast<int>(species.size()) != nt)
      throw ParameterError(std::to_string(species.size()) + " species given for " + std::to_string(nt) +
                           " atom types");
    config.species_of_type = species;
  }
  for (int t = 0; t < nt; ++t) {
    auto& name = config.species_of_type[t];
    double& mass = config.mass_of_type[t];
    if (name.empty() && mass > 0.0) {
      if (auto e = element_from_mass(mass)) name = *e;
    }
    if (!name.empty()) {
      auto m = element_mass(name);
      if (!m) throw ParameterError("'" + name + "' (type " + std::to_string(t + 1) + ") is not an element symbol");
      if (!(mass > 0.0)) mass = *m;
    }
  }
}

}  // namespace glassml
