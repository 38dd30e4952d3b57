#include "core/box.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "core/error.hpp"

namespace glassml {

Box Box::orthogonal(Vec3 lo, Vec3 hi) {
  Box b;
  b.lo = lo;
  b.lx = hi.x - lo.x;
  b.ly = hi.y - lo.y;
  b.lz = hi.z - lo.z;
  return b;
}

void Box::validate() const {
  for (double v : {lo.x, lo.y, lo.z, lx, ly, lz, xy, xz, yz})
    if (!std::isfinite(v)) throw ParameterError("box has a non-finite bound or tilt");
  if (!(lx > 0.0 && ly > 0.0 && lz > 0.0))
    throw ParameterError("box lengths must be positive (lx=" + std::to_string(lx) +
                         ", ly=" + std::to_string(ly) + ", lz=" + std::to_string(lz) + ")");
}

std::array<double, 3> Box::edge_lengths() const { return {norm(a()), norm(b()), norm(c())}; }

std::array<double, 3> Box::angles_deg() const {
  auto angle = [](const Vec3& u, const Vec3& v) {
    double cosine = std::clamp(dot(u, v) / (norm(u) * norm(v)), -1.0, 1.0);
    return std::acos(cosine) * 180.0 / std::numbers::pi;
  };
  return {angle(b(), c()), angle(a(), c()), angle(a(), b())};
}

std::array<double, 3> Box::perpendicular_widths() const {
  double v = volume();
  return {v / norm(cross(b(), c())), v / norm(cross(a(), c())), v / norm(cross(a(), b()))};
}

double Box::min_periodic_width() const {
  auto w = perpendicular_widths();
  double m = INFINITY;
  for (int k = 0; k < 3; ++k)
    if (periodic[k]) m = std::min(m, w[k]);
  return m;
}

Vec3 Box::to_cartesian(const Vec3& s) const {
  return {lx * s.x + xy * s.y + xz * s.z, ly * s.y + yz * s.z, lz * s.z};
}

Vec3 Box::to_fractional(const Vec3& d) const {
  // Back substitution on the upper-triangular H.
  double sz = d.z / lz;
  double sy = (d.y - yz * sz) / ly;
  double sx = (d.x - xy * sy - xz * sz) / lx;
  return {sx, sy, sz};
}

Vec3 Box::wrap(const Vec3& r) const {
  Vec3 s = to_fractional(r - lo);
  for (int k = 0; k < 3; ++k) {
    if (!periodic[k]) continue;
    s[k] -= std::floor(s[k]);
    if (s[k] >= 1.0) s[k] = 0.0;  // floor of -tiny gives 1.0 after subtraction
  }
  return lo + to_cartesian(s);
}

Vec3 Box::minimum_image(const Vec3& d) const {
  Vec3 s = to_fractional(d);
  for (int k = 0; k < 3; ++k)
    if (periodic[k]) s[k] -= std::nearbyint(s[k]);
  Vec3 best = to_cartesian(s);
  // Any non-zero lattice vector L has |L| >= w_min, so |d + L| >= w_min - |d| >= |d|
  // whenever |d| <= w_min / 2: the rounded image is then the shortest.
  double half = 0.5 * min_periodic_width();
  if (norm2(best) <= half * half || !triclinic()) return best;
  // Otherwise search exactly: the k-th fractional coordinate of a vector v obeys
  // |s_k| <= |v| / w_k (w_k the width across face k), so an image shorter than `best` is
  // best + H n with |n_k| <= 0.5 + |best| / w_k.
  const auto w = perpendicular_widths();
  const double len = norm(best);
  int range[3];
  for (int k = 0; k < 3; ++k) range[k] = periodic[k] ? static_cast<int>(std::ceil(0.5 + len / w[k])) : 0;
  double best2 = norm2(best);
  const Vec3 base = best;
  for (int i = -range[0]; i <= range[0]; ++i)
    for (int j = -range[1]; j <= range[1]; ++j)
      for (int k = -range[2]; k <= range[2]; ++k) {
        Vec3 cand = base + to_cartesian({double(i), double(j), double(k)});
        double c2 = norm2(cand);
        if (c2 < best2) { best2 = c2; best = cand; }
      }
  return best;
}

}  // namespace glassml
