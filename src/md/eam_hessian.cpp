#include "md/eam_hessian.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "md/eam_terms.hpp"

namespace glassml::md {
namespace {

using eam::AtomTerms;
using eam::Neighbours;
using eam::PairTerms;


void add_outer(Block3& b, double s, const Vec3& x, const Vec3& y) {
  for (int p = 0; p < 3; ++p)
    for (int q = 0; q < 3; ++q) b[3 * p + q] += s * x[p] * y[q];
}

}  // namespace

EamEvaluation eam_energy_forces(const EamTables& tables, const Configuration& config) {
  const Neighbours nb = eam::neighbours(tables, config, tables.cutoff);
  const AtomTerms a = eam::atom_terms(tables, config, nb);
  EamEvaluation out;
  out.forces.assign(config.size(), Vec3{});
  std::vector<double> energy(config.size());
  parallel_for(config.size(), [&](std::size_t i) {
    double e = a.f[i];
    Vec3 f{};
    for (std::size_t q = nb.start[i]; q < nb.start[i + 1]; ++q) {
      const PairTerms p = eam::pair_terms(tables, a, i, nb.j[q], nb.r[q]);
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
  const Neighbours nb = eam::neighbours(tables, config, tables.cutoff);
  const AtomTerms a = eam::atom_terms(tables, config, nb);
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
      const PairTerms p = eam::pair_terms(tables, a, row, j, r);
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
