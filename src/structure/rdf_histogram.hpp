#pragma once
// Per-atom histograms of neighbour distances, the counting half of the RDF (rdf.hpp): every pair
// closer than the cutoff once (cell list, half stencil), both atoms' histograms incremented.
//
// Work goes cell by cell: the atoms of the cell and of its half stencil are copied once into a
// contiguous buffer of single-precision coordinates relative to an atom of the cell (periodic
// images already applied), so that each atom's candidates are one straight vector loop
// (rdf_kernel.hpp); the pairs that single precision cannot bin with certainty are binned in
// double by the reference formula, bin = floor((sqrt(r²) − r_min)/Δr) with r² = (dx² + dy²) + dz².
// Counts are integers, one array per thread, so their sum does not depend on the number of threads
// or on which thread counted which pair.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "structure/cell_list.hpp"

namespace glassml::structure::detail {

struct HistogramLayout {
  double r_min = 0, dr = 0;
  std::size_t num_bins = 0;
  /// Species block of every slot (cells.atom_at order), or empty: one block for all atoms.
  const std::vector<std::uint8_t>* block_of_slot = nullptr;
  std::size_t blocks = 1;
  std::size_t row() const { return num_bins * blocks; }
};

/// counts[t][slot * row + block(j) * num_bins + k] = neighbours j of the atom in `slot` with
/// r_min + kΔr <= r_ij < r_min + (k+1)Δr, among the pairs thread t counted; the sum over t is the
/// histogram (the split between threads varies, the sum does not). side_task, if given, runs on
/// one thread while the others start counting (e.g. allocating the output).
template <class Count>
std::vector<std::vector<Count>> pair_histograms(const CellList& cells, const HistogramLayout& layout,
                                                const std::function<void()>& side_task = {});

/// Whether no histogram entry can exceed 65535: no atom has more candidates than that.
bool counts_fit_in_16_bits(const CellList& cells);

}  // namespace glassml::structure::detail
