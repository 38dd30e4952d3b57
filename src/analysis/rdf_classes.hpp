#pragma once
// Structure of the stiffest and softest atoms (SPEC §6, the paper's Fig. 4c): the mean per-atom
// RDF of the 10 % atoms with the highest and with the lowest K_pre, and the same for K_real.
// (Paper: stiff atoms have a higher first peak and a split second peak; soft atoms a first peak
// at shorter r.)
#include <cstddef>
#include <string>
#include <vector>

#include "analysis/samples.hpp"
#include "structure/rdf.hpp"

namespace glassml::analysis {

/// Indices of the round(fraction * n) (at least 1) largest (top) or smallest values; ties are
/// broken by index, so the choice is unique. Sorted ascending.
std::vector<std::size_t> extreme_fraction(const std::vector<double>& values, double fraction, bool top);

struct RdfCurve {
  std::string name;  ///< "stiffest 10% by K_pre", ...
  std::string column;  ///< CSV column name
  std::vector<double> g;
  double peak_r = 0, peak_g = 0;  ///< first (highest) peak: the bin centre of the maximum, Å; its height
};

struct RdfClasses {
  std::vector<double> r;  ///< bin centres, Å
  std::vector<RdfCurve> curves;  ///< all atoms, then stiff/soft by K_pre, stiff/soft by K_real
  std::size_t atoms = 0, per_class = 0;
};

/// The mean total per-atom RDF (settings.partial ignored) of each class, over the atoms of all
/// samples pooled. Throws ParameterError for a box too small for settings.r_max.
RdfClasses rdf_classes(const std::vector<PredictedSample>& samples, structure::RdfSettings settings, double fraction = 0.1);

}  // namespace glassml::analysis
