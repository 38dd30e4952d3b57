#pragma once
// A test Hessian with known structure, no LAMMPS: a periodic simple-cubic network of central
// springs to the 6 nearest and 12 next-nearest sites, random stiffness, jiggled positions.
// H = Σ_bonds k (e_i − e_j)(e_i − e_j)ᵀ ⊗ u uᵀ: positive semi-definite, null space = the three
// translations (the network is rigid).
#include <random>

#include "core/box.hpp"
#include "md/hessian.hpp"

namespace harmonic_test {

struct SpringNetwork {
  glassml::Box box;
  std::vector<glassml::Vec3> positions;
  glassml::md::BlockSparseMatrix h;
  double range = 0;  ///< pattern range (Å)
};

inline SpringNetwork spring_network(int cells, unsigned seed, double spacing = 2.5) {
  using glassml::Vec3;
  SpringNetwork s;
  s.box = glassml::Box::orthogonal({0, 0, 0}, {cells * spacing, cells * spacing, cells * spacing});
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> jig(-0.15, 0.15), stiff(0.5, 2.0);
  for (int x = 0; x < cells; ++x)
    for (int y = 0; y < cells; ++y)
      for (int z = 0; z < cells; ++z) s.positions.push_back(Vec3{x * spacing + jig(rng), y * spacing + jig(rng), z * spacing + jig(rng)});
  s.range = 1.8 * spacing;  // next-nearest sites at 1.41 spacing (± jiggle)
  s.h = glassml::md::pair_pattern(s.positions, s.box, s.range);
  auto index = [&](int x, int y, int z) {
    auto w = [&](int v) { return ((v % cells) + cells) % cells; };
    return static_cast<std::size_t>((w(x) * cells + w(y)) * cells + w(z));
  };
  for (int x = 0; x < cells; ++x)
    for (int y = 0; y < cells; ++y)
      for (int z = 0; z < cells; ++z)
        for (int dx = -1; dx <= 1; ++dx)
          for (int dy = -1; dy <= 1; ++dy)
            for (int dz = -1; dz <= 1; ++dz) {
              const int order = std::abs(dx) + std::abs(dy) + std::abs(dz);
              if (order == 0 || order == 3) continue;
              const std::size_t i = index(x, y, z), j = index(x + dx, y + dy, z + dz);
              if (j < i) continue;  // each bond once
              const double k = stiff(rng);
              Vec3 u = s.box.minimum_image(s.positions[j] - s.positions[i]);
              u = u * (1.0 / glassml::norm(u));
              const std::size_t ii = s.h.find(i, i), jj = s.h.find(j, j), ij = s.h.find(i, j), ji = s.h.find(j, i);
              for (int a = 0; a < 3; ++a)
                for (int b = 0; b < 3; ++b) {
                  const double v = k * u[a] * u[b];
                  s.h.block[ii][3 * a + b] += v;
                  s.h.block[jj][3 * a + b] += v;
                  s.h.block[ij][3 * a + b] -= v;
                  s.h.block[ji][3 * a + b] -= v;
                }
            }
  return s;
}

}  // namespace harmonic_test
