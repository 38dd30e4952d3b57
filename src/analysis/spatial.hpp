#pragma once
// The spatial pattern of stiffness (SPEC §6, the paper's Fig. 5): a per-atom value averaged over
// a sphere of radius R around each atom (R = 6 Å, the second minimum of g(r)), and a thin slab of
// the sample in which to show it.
#include <cstddef>
#include <vector>

#include "core/configuration.hpp"

namespace glassml::analysis {

/// v_cg,i = mean of v_j over the atoms j with |r_ij| < radius (minimum image), atom i included.
/// Needs a box periodic in x, y, z at least 2*radius wide (ParameterError otherwise).
std::vector<double> coarse_grain(const Configuration& config, const std::vector<double>& values, double radius);

/// A slab perpendicular to z: atoms whose wrapped z lies within thickness/2 of the box's middle
/// plane (lo.z + lz/2). Returns their indices, in atom order.
std::vector<std::size_t> slab(const Configuration& config, double thickness);

}  // namespace glassml::analysis
