#include "artn/local_push.hpp"

#include <stdexcept>

namespace glassml::artn {

std::vector<double> local_push_mask(const std::vector<Vec3>& positions, const Box& box, std::size_t center,
                                    double radius) {
  if (center >= positions.size()) throw std::invalid_argument("local_push_mask: centre atom out of range");
  if (!(radius >= 0.0)) throw std::invalid_argument("local_push_mask: negative radius");
  std::vector<double> mask(3 * positions.size(), 0.0);
  for (std::size_t i = 0; i < positions.size(); ++i) {
    const Vec3 d = box.minimum_image(positions[i] - positions[center]);
    if (i == center || norm2(d) <= radius * radius)
      for (std::size_t c = 0; c < 3; ++c) mask[3 * i + c] = 1.0;
  }
  return mask;
}

std::vector<double> flatten(const std::vector<Vec3>& positions) {
  std::vector<double> x;
  x.reserve(3 * positions.size());
  for (const auto& r : positions) x.insert(x.end(), {r.x, r.y, r.z});
  return x;
}

std::vector<Vec3> unflatten(const std::vector<double>& x) {
  if (x.size() % 3 != 0) throw std::invalid_argument("unflatten: length not a multiple of 3");
  std::vector<Vec3> r(x.size() / 3);
  for (std::size_t i = 0; i < r.size(); ++i) r[i] = {x[3 * i], x[3 * i + 1], x[3 * i + 2]};
  return r;
}

}  // namespace glassml::artn
