#pragma once
// The local initial push of ARTn (SPEC §7): only the chosen atom and its neighbours within a
// radius (minimum image) are displaced. Flat coordinates are x = (x1, y1, z1, x2, ...).
#include <cstddef>
#include <vector>

#include "core/box.hpp"
#include "core/vec3.hpp"

namespace glassml::artn {

/// One weight per coordinate: 1 for the atom `center` and every atom within `radius` (Å) of it,
/// 0 elsewhere. Throws std::invalid_argument if `center` is out of range or radius < 0.
std::vector<double> local_push_mask(const std::vector<Vec3>& positions, const Box& box, std::size_t center,
                                    double radius);

std::vector<double> flatten(const std::vector<Vec3>& positions);
std::vector<Vec3> unflatten(const std::vector<double>& x);

}  // namespace glassml::artn
