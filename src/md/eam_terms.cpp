#include "md/eam_terms.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "md/hessian.hpp"

namespace glassml::md::eam {

std::vector<int> elements_of(const EamTables& t, const Configuration& c) {
  std::vector<int> by_type;
  for (const auto& s : c.species_of_type) {
    const int e = t.index_of(s);
    if (e < 0) throw ParameterError(fmt::format("species '{}' is not in the EAM potential", s));
    by_type.push_back(e);
  }
  std::vector<int> e(c.size());
  for (std::size_t i = 0; i < c.size(); ++i) e[i] = by_type.at(c.type[i] - 1);
  return e;
}

Neighbours neighbours(const EamTables& t, const Configuration& c, double range) {
  if (c.box.min_periodic_width() <= 2 * range)
    throw ParameterError(fmt::format("box too small: shortest periodic width {:.4g} Å must exceed twice the cutoff {:.4g} Å",
                                     c.box.min_periodic_width(), range));
  const double cut2 = t.cutoff * t.cutoff;
  const BlockSparseMatrix p = pair_pattern(c.position, c.box, range);
  Neighbours nb;
  nb.start.assign(c.size() + 1, 0);
  for (std::size_t i = 0; i < c.size(); ++i) {
    for (std::size_t q = p.row_start[i]; q < p.row_start[i + 1]; ++q) {
      const std::size_t j = p.col[q];
      if (j == i) continue;
      // Below half the smallest width, rounding in fractional coordinates is the minimum image.
      Vec3 s = c.box.to_fractional(c.position[i] - c.position[j]);
      for (int k = 0; k < 3; ++k) s[k] -= std::nearbyint(s[k]);
      const Vec3 d = c.box.to_cartesian(s);
      const double rsq = dot(d, d);
      nb.j.push_back(j);
      nb.d.push_back(d);
      nb.r.push_back(std::sqrt(rsq));
      nb.inside.push_back(rsq < cut2);
    }
    nb.start[i + 1] = nb.j.size();
  }
  return nb;
}

AtomTerms atom_terms(const EamTables& t, const Configuration& c, const Neighbours& nb) {
  AtomTerms a;
  a.element = elements_of(t, c);
  const std::size_t n = c.size();
  a.rho.assign(n, 0.0), a.f.assign(n, 0.0), a.df.assign(n, 0.0), a.d2f.assign(n, 0.0);
  parallel_for(n, [&](std::size_t i) {
    double rho = 0, v, dv, d2v;
    for (std::size_t q = nb.start[i]; q < nb.start[i + 1]; ++q) {
      if (!nb.inside[q]) continue;
      t.density[a.element[nb.j[q]]][a.element[i]].eval(nb.r[q], v, dv, d2v);
      rho += v;
    }
    a.rho[i] = rho;
    t.embedding[a.element[i]].eval_embedding(rho, a.f[i], a.df[i], a.d2f[i]);
  });
  return a;
}

PairTerms pair_terms(const EamTables& t, int ei, int ej, double dfi, double dfj, double r) {
  double z, dz, d2z, fji, dfji, d2fji, fij, dfij, d2fij;
  t.rphi[ei][ej].eval(r, z, dz, d2z);
  t.density[ej][ei].eval(r, fji, dfji, d2fji);  // density at i from j
  t.density[ei][ej].eval(r, fij, dfij, d2fij);  // density at j from i
  // φ = z/r: φ' = (z' − φ)/r, φ'' = (z'' − 2φ')/r.
  const double phi = z / r, dphi = (dz - phi) / r, d2phi = (d2z - 2 * dphi) / r;
  return {phi, dphi + dfi * dfji + dfj * dfij, d2phi + dfi * d2fji + dfj * d2fij};
}

PairTerms pair_terms(const EamTables& t, const AtomTerms& a, std::size_t i, std::size_t j, double r) {
  return pair_terms(t, a.element[i], a.element[j], a.df[i], a.df[j], r);
}

}  // namespace glassml::md::eam
