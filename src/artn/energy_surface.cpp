#include "artn/energy_surface.hpp"

#include <algorithm>
#include <cmath>

namespace glassml::artn {

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

double norm(const std::vector<double>& a) { return std::sqrt(dot(a, a)); }

void axpy(double s, const std::vector<double>& b, std::vector<double>& a) {
  for (std::size_t i = 0; i < a.size(); ++i) a[i] += s * b[i];
}

double max_group_norm(const std::vector<double>& v, int components) {
  double largest = 0.0;
  const auto k = static_cast<std::size_t>(std::max(components, 1));
  for (std::size_t i = 0; i < v.size(); i += k) {
    double s = 0.0;
    for (std::size_t c = i; c < std::min(i + k, v.size()); ++c) s += v[c] * v[c];
    largest = std::max(largest, s);
  }
  return std::sqrt(largest);
}

double max_group_distance(const std::vector<double>& a, const std::vector<double>& b, int components) {
  std::vector<double> d(a);
  axpy(-1.0, b, d);
  return max_group_norm(d, components);
}

}  // namespace glassml::artn
