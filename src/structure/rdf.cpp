// The per-atom RDF (SPEC §4): neighbour counts per shell from the cell list, normalized by
// the ideal-gas count 4π r² ρ Δr (or ρ times the exact shell volume).
#include "structure/rdf.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "structure/cell_list.hpp"
#include "structure/rdf_histogram.hpp"

namespace glassml::structure {
namespace {

using Normalization = RdfSettings::Normalization;

/// Block (index into `species`) of every atom; ParameterError for an atom of an unlisted species.
std::vector<std::uint8_t> species_blocks(const Configuration& config, const std::vector<std::string>& species) {
  std::vector<int> block_of_type(config.num_types(), -1);
  for (int t = 0; t < config.num_types(); ++t) {
    const std::string& name = config.species_of_type[t].empty() ? "type" + std::to_string(t + 1) : config.species_of_type[t];
    for (std::size_t s = 0; s < species.size(); ++s)
      if (species[s] == name) block_of_type[t] = static_cast<int>(s);
  }
  std::vector<std::uint8_t> block(config.size());
  for (std::size_t i = 0; i < config.size(); ++i) {
    const int b = block_of_type[config.type[i] - 1];
    if (b < 0)
      throw ParameterError(fmt::format("atom {} is of species '{}', which is not among the descriptor's species ({})",
                                       config.id[i], config.species(i).empty() ? "type" + std::to_string(config.type[i]) : config.species(i),
                                       fmt::join(species, ",")));
    block[i] = static_cast<std::uint8_t>(b);
  }
  return block;
}

/// 1 / (expected neighbour count of an ideal gas of density 1 in bin k).
std::vector<double> inverse_ideal_counts(const RdfSettings& s) {
  const std::size_t nb = s.num_bins();
  std::vector<double> inv(nb);
  for (std::size_t k = 0; k < nb; ++k) {
    const double r_in = s.r_min + k * s.dr, r_out = s.r_min + (k + 1) * s.dr, r_c = s.r_min + (k + 0.5) * s.dr;
    const double shell = s.normalization == Normalization::BinCentre
                             ? 4.0 * std::numbers::pi * r_c * r_c * s.dr
                             : 4.0 / 3.0 * std::numbers::pi * (r_out * r_out * r_out - r_in * r_in * r_in);
    inv[k] = 1.0 / shell;
  }
  return inv;
}

/// Standard normal CDF Φ(x) = erfc(−x/√2)/2.
double normal_cdf(double x) { return 0.5 * std::erfc(-x * std::numbers::sqrt2 / 2.0); }

/// Smoothed path: per atom, each neighbour adds the part of its Gaussian inside each bin.
/// Each row is summed by one thread in a fixed neighbour order.
void smoothed_counts(const CellList& cells, const RdfSettings& s, const std::vector<std::uint8_t>& block, std::size_t blocks,
                     std::vector<double>& out) {
  const std::size_t nb = s.num_bins(), f = nb * blocks;
  const double sigma = s.smoothing, reach = 6.0 * sigma, inv_dr = 1.0 / s.dr;
  parallel_for_dynamic(cells.size(), 64, [&](std::size_t i) {
    double* row = out.data() + i * f;
    std::vector<double> cdf(nb + 1);
    cells.for_each_neighbor(i, [&](std::size_t j, const Vec3&, double r2) {
      const double r = std::sqrt(r2);
      // Bins whose edges lie within r ± 6σ; edges beyond get Φ = 0 or 1 exactly enough.
      const double lo = std::floor((r - reach - s.r_min) * inv_dr), hi = std::ceil((r + reach - s.r_min) * inv_dr);
      if (hi < 0.0 || lo > double(nb)) return;
      const std::size_t e0 = static_cast<std::size_t>(std::max(lo, 0.0));
      const std::size_t e1 = static_cast<std::size_t>(std::min(hi, double(nb)));
      for (std::size_t e = e0; e <= e1; ++e) cdf[e] = normal_cdf((s.r_min + e * s.dr - r) / sigma);
      double* dst = row + (blocks > 1 ? block[j] * nb : 0);
      for (std::size_t k = e0; k < e1; ++k) dst[k] += cdf[k + 1] - cdf[k];
    });
  });
}

}  // namespace

std::vector<std::string> default_species(const Configuration& config) {
  std::vector<std::string> out;
  for (int t = 0; t < config.num_types(); ++t) {
    const std::string name = config.species_of_type[t].empty() ? "type" + std::to_string(t + 1) : config.species_of_type[t];
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  return out;
}

FeatureMatrix compute_rdf_features(const Configuration& config, const RdfSettings& settings,
                                   const std::vector<std::string>& species_in) {
  settings.validate();
  config.validate();
  const std::vector<std::string> species = species_in.empty() ? default_species(config) : species_in;
  if (species.size() > 255) throw ParameterError("at most 255 species are supported");
  const auto block = species_blocks(config, species);
  const double wmin = config.box.min_periodic_width();
  if (wmin < 2.0 * settings.cutoff())
    throw ParameterError(fmt::format(
        "box too small for the RDF: its shortest periodic width is {:.4f} A, under 2 x {} = {:g} A; use a larger or "
        "replicated sample, or a smaller --r-max",
        wmin, settings.smoothing > 0 ? "(r_max + 6 sigma)" : "r_max", 2.0 * settings.cutoff()));

  const std::size_t n = config.size(), nb = settings.num_bins();
  const std::size_t blocks = settings.partial ? species.size() : 1, f = nb * blocks;
  FeatureMatrix m;
  m.rows = n;
  m.cols = f;
  m.names = settings.feature_names(species);
  if (n == 0) return m;

  // Density of each block's neighbours: ρ = N/V, or ρ_s = N_s/V when partial.
  const double volume = config.box.volume();
  std::vector<double> density(blocks, settings.partial ? 0.0 : double(n) / volume);
  if (settings.partial)
    for (auto b : block) density[b] += 1.0 / volume;
  const auto inv_ideal = inverse_ideal_counts(settings);
  std::vector<double> scale(f);
  for (std::size_t b = 0; b < blocks; ++b)
    for (std::size_t k = 0; k < nb; ++k) scale[b * nb + k] = density[b] > 0.0 ? inv_ideal[k] / density[b] : 0.0;

  const CellList cells(config.box, config.position, settings.cutoff());
  if (settings.smoothing > 0.0) {
    m.data.assign(n * f, 0.0);
    smoothed_counts(cells, settings, block, blocks, m.data);
    parallel_for(n, [&](std::size_t i) {
      for (std::size_t q = 0; q < f; ++q) m.data[i * f + q] *= scale[q];
    });
    return m;
  }
  // Histogram path (rdf_histogram.hpp): integer counts per chunk of cells, summed exactly here,
  // so the result does not depend on the thread count.
  std::vector<std::uint8_t> block_of_slot;
  if (blocks > 1) {
    block_of_slot.resize(n);
    for (std::size_t s = 0; s < n; ++s) block_of_slot[s] = block[cells.atom_at(s)];
  }
  const detail::HistogramLayout layout{settings.r_min, settings.dr, nb, &block_of_slot, blocks};
  auto normalize = [&](const auto& counts) {
    parallel_for(n, [&](std::size_t i) {
      const std::size_t row = cells.slot_of(i) * f;
      double* __restrict out = m.data.data() + i * f;
      // Whole numbers below 2^53: the double sum is exact, in any order.
      const auto* __restrict c0 = counts[0].data() + row;
      for (std::size_t q = 0; q < f; ++q) out[q] = static_cast<double>(c0[q]);
      for (std::size_t t = 1; t < counts.size(); ++t) {
        const auto* __restrict ct = counts[t].data() + row;
        for (std::size_t q = 0; q < f; ++q) out[q] += static_cast<double>(ct[q]);
      }
      for (std::size_t q = 0; q < f; ++q) out[q] *= scale[q];
    });
  };
  // Zeroing the N x F output (std::vector can only value-initialize) overlaps the counting.
  const auto allocate = [&] { m.data.assign(n * f, 0.0); };
  if (detail::counts_fit_in_16_bits(cells))
    normalize(detail::pair_histograms<std::uint16_t>(cells, layout, allocate));
  else
    normalize(detail::pair_histograms<std::uint32_t>(cells, layout, allocate));
  return m;
}

}  // namespace glassml::structure
