#include "analysis/spatial.hpp"

#include <cmath>

#include <fmt/format.h>

#include "core/error.hpp"
#include "structure/cell_list.hpp"

namespace glassml::analysis {

std::vector<double> coarse_grain(const Configuration& config, const std::vector<double>& values, double radius) {
  if (values.size() != config.size()) throw ParameterError("coarse_grain: one value per atom needed");
  if (config.box.min_periodic_width() < 2 * radius)
    throw ParameterError(fmt::format("coarse-graining over {} A needs a box at least {} A wide (this one: {:.3g} A)", radius,
                                     2 * radius, config.box.min_periodic_width()));
  const structure::CellList cells(config.box, config.position, radius);
  std::vector<double> out(config.size());
  for (std::size_t i = 0; i < config.size(); ++i) {
    double sum = values[i];
    std::size_t n = 1;
    cells.for_each_neighbor(i, [&](std::size_t j, const Vec3&, double) {
      sum += values[j];
      ++n;
    });
    out[i] = sum / static_cast<double>(n);
  }
  return out;
}

std::vector<std::size_t> slab(const Configuration& config, double thickness) {
  const Box& box = config.box;
  const double mid = box.lo.z + 0.5 * box.lz;
  std::vector<std::size_t> idx;
  for (std::size_t i = 0; i < config.size(); ++i)
    if (std::abs(box.wrap(config.position[i]).z - mid) < 0.5 * thickness) idx.push_back(i);
  return idx;
}

}  // namespace glassml::analysis
