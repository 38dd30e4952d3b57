#pragma once
// A periodic simulation box in LAMMPS' convention (https://docs.lammps.org/Howto_triclinic.html):
// origin lo = (xlo, ylo, zlo) and edge vectors
//   a = (lx, 0, 0),  b = (xy, ly, 0),  c = (xz, yz, lz),
// so the cell matrix H = [a b c] (columns) is upper triangular. A point is r = lo + H·s with
// fractional coordinates s in [0, 1).
#include <array>

#include "core/vec3.hpp"

namespace glassml {

struct Box {
  Vec3 lo{};
  double lx = 0.0, ly = 0.0, lz = 0.0;
  double xy = 0.0, xz = 0.0, yz = 0.0;
  std::array<bool, 3> periodic{true, true, true};

  /// Orthogonal box [xlo,xhi) x [ylo,yhi) x [zlo,zhi).
  static Box orthogonal(Vec3 lo, Vec3 hi);
  /// Throws ParameterError unless all lengths are positive and finite.
  void validate() const;

  bool triclinic() const { return xy != 0.0 || xz != 0.0 || yz != 0.0; }
  Vec3 hi() const { return {lo.x + lx, lo.y + ly, lo.z + lz}; }
  Vec3 a() const { return {lx, 0.0, 0.0}; }
  Vec3 b() const { return {xy, ly, 0.0}; }
  Vec3 c() const { return {xz, yz, lz}; }
  double volume() const { return lx * ly * lz; }
  /// Edge lengths |a|, |b|, |c| in Å.
  std::array<double, 3> edge_lengths() const;
  /// Angles alpha (b,c), beta (a,c), gamma (a,b) in degrees.
  std::array<double, 3> angles_deg() const;
  /// Distances between opposite faces: V/|b×c|, V/|a×c|, V/|a×b|. A cutoff r is free of
  /// self-images only if 2r < the smallest periodic width.
  std::array<double, 3> perpendicular_widths() const;
  double min_periodic_width() const;

  /// Cartesian displacement d = H·s and its inverse.
  Vec3 to_cartesian(const Vec3& s) const;
  Vec3 to_fractional(const Vec3& d) const;
  /// Position r mapped into the primary cell along periodic directions.
  Vec3 wrap(const Vec3& r) const;
  /// Shortest periodic image of the displacement d, exact for any tilt: rounding in fractional
  /// coordinates, then (only when the rounded vector is longer than half the smallest width)
  /// a bounded search of the images that could be shorter.
  Vec3 minimum_image(const Vec3& d) const;
};

}  // namespace glassml
