#include "md/initial_structure.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <tuple>

#include "core/error.hpp"

namespace glassml::md {
namespace {

std::vector<Vec3> lattice_sites(Lattice lattice, int m, double a) {
  std::vector<Vec3> basis = lattice == Lattice::Fcc
                                ? std::vector<Vec3>{{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}}
                                : std::vector<Vec3>{{0, 0, 0}, {0.5, 0.5, 0.5}};
  std::vector<Vec3> sites;
  sites.reserve(basis.size() * m * m * m);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < m; ++j)
      for (int k = 0; k < m; ++k)
        for (const auto& b : basis) sites.push_back({(i + b.x) * a, (j + b.y) * a, (k + b.z) * a});
  return sites;
}

}  // namespace

Configuration perfect_lattice(Lattice lattice, int cells, double a, const std::string& element, double mass) {
  if (cells < 1 || !(a > 0)) throw ParameterError("lattice needs at least one cell and a positive lattice constant");
  Configuration c;
  c.box = Box::orthogonal({0, 0, 0}, {cells * a, cells * a, cells * a});
  c.position = lattice_sites(lattice, cells, a);
  c.species_of_type = {element};
  c.mass_of_type = {mass};
  for (std::size_t i = 0; i < c.position.size(); ++i) {
    c.id.push_back(static_cast<std::int64_t>(i + 1));
    c.type.push_back(1);
  }
  return c;
}

int bcc_cells_for(std::size_t n) {
  int m = std::max(1, static_cast<int>(std::floor(std::cbrt(n / 2.0))));
  while (2 * static_cast<std::size_t>(m) * m * m < n) ++m;
  return m;
}

Configuration random_bcc_arrangement(const Composition& composition, std::size_t n, double a,
                                     const std::vector<double>& masses, std::uint64_t seed) {
  if (n < 1) throw ParameterError("need at least one atom");
  if (masses.size() != composition.elements.size()) throw ParameterError("one mass per element needed");
  const int m = bcc_cells_for(n);
  std::vector<Vec3> sites = lattice_sites(Lattice::Bcc, m, a);
  std::mt19937_64 rng(seed);
  std::shuffle(sites.begin(), sites.end(), rng);
  sites.resize(n);
  // Keep the chosen sites in lattice order (readable files), species shuffled over them.
  std::sort(sites.begin(), sites.end(), [](const Vec3& p, const Vec3& q) {
    return std::tie(p.x, p.y, p.z) < std::tie(q.x, q.y, q.z);
  });
  std::vector<int> types;
  auto counts = composition.counts(n);
  for (std::size_t e = 0; e < counts.size(); ++e) types.insert(types.end(), counts[e], static_cast<int>(e + 1));
  std::shuffle(types.begin(), types.end(), rng);

  Configuration c;
  c.box = Box::orthogonal({0, 0, 0}, {m * a, m * a, m * a});
  c.species_of_type = composition.elements;
  c.mass_of_type = masses;
  c.position = std::move(sites);
  c.type = std::move(types);
  for (std::size_t i = 0; i < n; ++i) c.id.push_back(static_cast<std::int64_t>(i + 1));
  return c;
}

}  // namespace glassml::md
