#pragma once
// Starting structures for melt-quench runs and crystals for tests.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/configuration.hpp"
#include "md/composition.hpp"

namespace glassml::md {

enum class Lattice { Fcc, Bcc };

/// A perfect cubic crystal of m×m×m conventional cells (lattice constant a, Å), one species,
/// ids 1..N in site order, box [0, m·a)³.
Configuration perfect_lattice(Lattice lattice, int cells, double a, const std::string& element, double mass);

/// Smallest number of bcc cells per side m with 2m³ ≥ n.
int bcc_cells_for(std::size_t n);

/// n atoms on randomly chosen sites of an m×m×m bcc lattice (m = bcc_cells_for(n)), species
/// shuffled at random with the composition's exact counts (a chemically random solid solution
/// with vacancies: it melts, unlike ordered B2, which superheats). `masses` per element in
/// composition order. Deterministic in `seed`.
Configuration random_bcc_arrangement(const Composition& composition, std::size_t n, double a,
                                     const std::vector<double>& masses, std::uint64_t seed);

}  // namespace glassml::md
