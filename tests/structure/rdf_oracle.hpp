#pragma once
// A straightforward O(N²) implementation of SPEC §4, written independently of the library's
// cell-list code: every pair, minimum image by Box::minimum_image, r = |d|, bin by
// floor((r − r_min)/Δr), and the normalization written out as in the SPEC. The test oracle.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <string>
#include <vector>

#include "core/configuration.hpp"
#include "structure/rdf.hpp"

namespace glassml::structure::testing {

/// Rows of the first `rows` atoms (all by default), each over all N atoms.
inline std::vector<double> oracle_rdf(const Configuration& c, const RdfSettings& s, const std::vector<std::string>& species,
                                      std::size_t rows = SIZE_MAX) {
  const std::size_t n = c.size(), nrow = std::min(rows, n);
  const std::size_t nb = static_cast<std::size_t>(std::llround((s.r_max - s.r_min) / s.dr));
  const std::size_t blocks = s.partial ? species.size() : 1;
  auto block_of = [&](std::size_t j) -> std::size_t {
    if (!s.partial) return 0;
    for (std::size_t b = 0; b < species.size(); ++b)
      if (species[b] == c.species(j)) return b;
    return 0;
  };
  std::vector<double> density(blocks, 0.0);
  for (std::size_t j = 0; j < n; ++j) density[block_of(j)] += 1.0 / c.box.volume();
  std::vector<double> g(nrow * nb * blocks, 0.0);
  for (std::size_t i = 0; i < nrow; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      const double r = norm(c.box.minimum_image(c.position[j] - c.position[i]));
      double* row = &g[(i * blocks + block_of(j)) * nb];
      if (s.smoothing > 0.0) {
        // Exact bin average of a unit Gaussian: no truncation in the oracle.
        auto cdf = [&](double e) { return 0.5 * std::erfc(-(e - r) / (s.smoothing * std::sqrt(2.0))); };
        for (std::size_t k = 0; k < nb; ++k) row[k] += cdf(s.r_min + (k + 1) * s.dr) - cdf(s.r_min + k * s.dr);
      } else if (r >= s.r_min && r < s.r_max) {
        row[static_cast<std::size_t>(std::floor((r - s.r_min) / s.dr))] += 1.0;
      }
    }
  for (std::size_t i = 0; i < nrow; ++i)
    for (std::size_t b = 0; b < blocks; ++b)
      for (std::size_t k = 0; k < nb; ++k) {
        const double r_in = s.r_min + k * s.dr, r_out = r_in + s.dr, r_c = r_in + 0.5 * s.dr;
        const double shell = s.normalization == RdfSettings::Normalization::BinCentre
                                 ? 4.0 * std::numbers::pi * r_c * r_c * s.dr
                                 : 4.0 * std::numbers::pi / 3.0 * (std::pow(r_out, 3) - std::pow(r_in, 3));
        double& v = g[(i * blocks + b) * nb + k];
        v = density[b] > 0 ? v / (shell * density[b]) : 0.0;
      }
  return g;
}

}  // namespace glassml::structure::testing
