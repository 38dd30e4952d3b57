#include "md/eam_hessian.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/error.hpp"
#include "core/parallel.hpp"

namespace glassml::md {
namespace {

/// Full neighbour lists within the cutoff (CSR, increasing j), with d = r_i − r_j (minimum image).
struct Neighbours {
  std::vector<std::size_t> start, j;
  std::vector<Vec3> d;
  std::vector<double> r;
};

/// Per atom: element index in the tables, density and embedding derivatives.
struct AtomTerms {
  std::vector<int> element;
  std::vector<double> rho, f, df, d2f;
};

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

Neighbours neighbours(const Configuration& c, double cutoff) {
  if (c.box.min_periodic_width() <= 2 * cutoff)
    throw ParameterError(fmt::format("box too small: shortest periodic width {:.4g} Å must exceed twice the cutoff {:.4g} Å",
                                     c.box.min_periodic_width(), cutoff));
  const BlockSparseMatrix p = pair_pattern(c.position, c.box, cutoff);
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
      nb.j.push_back(j);
      nb.d.push_back(d);
      nb.r.push_back(norm(d));
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
      t.density[a.element[nb.j[q]]][a.element[i]].eval(nb.r[q], v, dv, d2v);
      rho += v;
    }
    a.rho[i] = rho;
    t.embedding[a.element[i]].eval_embedding(rho, a.f[i], a.df[i], a.d2f[i]);
  });
  return a;
}

/// ψ'(r), ψ''(r) of the pair-like part for the pair (i, j) at distance r, and φ(r).
struct PairTerms {
  double phi, d1, d2;
};
PairTerms pair_terms(const EamTables& t, const AtomTerms& a, std::size_t i, std::size_t j, double r) {
  const int ei = a.element[i], ej = a.element[j];
  double z, dz, d2z, fji, dfji, d2fji, fij, dfij, d2fij;
  t.rphi[ei][ej].eval(r, z, dz, d2z);
  t.density[ej][ei].eval(r, fji, dfji, d2fji);  // density at i from j
  t.density[ei][ej].eval(r, fij, dfij, d2fij);  // density at j from i
  // φ = z/r: φ' = (z' − φ)/r, φ'' = (z'' − 2φ')/r.
  const double phi = z / r, dphi = (dz - phi) / r, d2phi = (d2z - 2 * dphi) / r;
  return {phi, dphi + a.df[i] * dfji + a.df[j] * dfij, d2phi + a.df[i] * d2fji + a.df[j] * d2fij};
}

void add_outer(Block3& b, double s, const Vec3& x, const Vec3& y) {
  for (int p = 0; p < 3; ++p)
    for (int q = 0; q < 3; ++q) b[3 * p + q] += s * x[p] * y[q];
}

}  // namespace

EamEvaluation eam_energy_forces(const EamTables& tables, const Configuration& config) {
  const Neighbours nb = neighbours(config, tables.cutoff);
  const AtomTerms a = atom_terms(tables, config, nb);
  EamEvaluation out;
  out.forces.assign(config.size(), Vec3{});
  std::vector<double> energy(config.size());
  parallel_for(config.size(), [&](std::size_t i) {
    double e = a.f[i];
    Vec3 f{};
    for (std::size_t q = nb.start[i]; q < nb.start[i + 1]; ++q) {
      const PairTerms p = pair_terms(tables, a, i, nb.j[q], nb.r[q]);
      e += 0.5 * p.phi;
      f -= (p.d1 / nb.r[q]) * nb.d[q];  // −∂/∂r_i of ψ(r_ij), u = d/r
    }
    energy[i] = e;
    out.forces[i] = f;
  });
  for (double e : energy) out.energy += e;
  return out;
}

BlockSparseMatrix eam_hessian(const EamTables& tables, const Configuration& config, double margin) {
  const std::size_t n = config.size();
  const Neighbours nb = neighbours(config, tables.cutoff);
  const AtomTerms a = atom_terms(tables, config, nb);
  // Gradient of ρ_m: on m itself (self) and on each neighbour (aligned with the list of m).
  std::vector<Vec3> g_self(n), g_nb(nb.j.size());
  parallel_for(n, [&](std::size_t m) {
    Vec3 s{};
    for (std::size_t q = nb.start[m]; q < nb.start[m + 1]; ++q) {
      double v, dv, d2v;
      tables.density[a.element[nb.j[q]]][a.element[m]].eval(nb.r[q], v, dv, d2v);
      const Vec3 u = nb.d[q] * (1.0 / nb.r[q]);
      s += dv * u;
      g_nb[q] = -dv * u;
    }
    g_self[m] = s;
  });

  BlockSparseMatrix h = pair_pattern(config.position, config.box, 2 * tables.cutoff + margin);
  const int threads = std::max(num_threads(), omp_get_max_threads());
  std::vector<std::vector<std::size_t>> slot_of(threads, std::vector<std::size_t>(n, SIZE_MAX));
  parallel_for_dynamic(n, 8, [&](std::size_t row) {
    auto& slot = slot_of[omp_get_thread_num()];
    for (std::size_t q = h.row_start[row]; q < h.row_start[row + 1]; ++q) slot[h.col[q]] = q;
    Block3& diag = h.block[slot[row]];
    // H_row,b += F''_m g_m,row g_m,bᵀ for all b of {m} ∪ N(m).
    auto embed = [&](std::size_t m, const Vec3& g_row) {
      const double c = a.d2f[m];
      if (c == 0.0) return;
      add_outer(h.block[slot[m]], c, g_row, g_self[m]);
      for (std::size_t q = nb.start[m]; q < nb.start[m + 1]; ++q) add_outer(h.block[slot[nb.j[q]]], c, g_row, g_nb[q]);
    };
    embed(row, g_self[row]);
    for (std::size_t q = nb.start[row]; q < nb.start[row + 1]; ++q) {
      const std::size_t j = nb.j[q];
      const double r = nb.r[q];
      const Vec3 u = nb.d[q] * (1.0 / r);
      // Pair-like part: B = ψ'' u uᵀ + ψ'/r (I − u uᵀ).
      const PairTerms p = pair_terms(tables, a, row, j, r);
      Block3 b{};
      for (int x = 0; x < 3; ++x)
        for (int y = 0; y < 3; ++y) b[3 * x + y] = (p.d2 - p.d1 / r) * u[x] * u[y] + (x == y ? p.d1 / r : 0.0);
      Block3& off = h.block[slot[j]];
      for (int e = 0; e < 9; ++e) diag[e] += b[e], off[e] -= b[e];
      // Embedding part through neighbour m = j: g_j,row = −f'_{row→j} u_j,row = f'_{row→j} u.
      double v, dv, d2v;
      tables.density[a.element[row]][a.element[j]].eval(r, v, dv, d2v);
      embed(j, dv * u);
    }
    for (std::size_t q = h.row_start[row]; q < h.row_start[row + 1]; ++q) slot[h.col[q]] = SIZE_MAX;
  });
  return h;
}

}  // namespace glassml::md
