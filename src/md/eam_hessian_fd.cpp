// The finite-difference EAM Hessian of md/eam_hessian.hpp: central differences of the forces
// of the interpolated tables, computed only where a displacement changes them.
//
// Forces (eam_terms.hpp): F_k = −Σ_j [φ'_kj + F'_k f'_{j→k} + F'_j f'_{k→j}](r_kj) u_kj, u_kj = (r_k − r_j)/r_kj.
// Moving atom i by ±h e_a changes (L(i): the atoms within r_c + h of i, which may cross r_c)
//   (a) the distances r_ij, j ∈ L(i): the whole force on i and the pair term (i, j) of F_j;
//   (b) ρ_j, hence F'_j, for j ∈ L(i) (and ρ_i): in F_j, the term F'_j ∂ρ_j/∂r_j of its other pairs;
//   (c) in F_k for every neighbour k ≠ i of such a j, the term F'_j f'_{k→j} u_kj.
// So the force difference D_k = F_k(+h) − F_k(−h) is assembled from (a) the pair terms of i
// evaluated in both states, (b) ΔF'_j times j's density gradient without i's term, and (c)
// ΔF'_j times f'_{k→j} u_kj, ~ |L|² ≈ 6,400 products per displacement instead of a force call
// on the whole sample. Every quantity that differs between the states (r_ij, ρ, F') is
// evaluated in each state as LAMMPS would; only the unchanged terms cancel exactly.
#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cmath>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "core/progress.hpp"
#include "md/eam_hessian.hpp"
#include "md/eam_terms.hpp"

namespace glassml::md {
namespace {

/// The quantities of one displaced state (sign ±1) of atom i along axis a.
struct DisplacedState {
  std::vector<double> df_nb;  ///< F' of each j in L(i) (aligned with i's neighbour list)
  std::vector<Vec3> pair;     ///< ψ' u_ij for each j in L(i) inside the cutoff (zero outside)
  Vec3 force_i{};             ///< force on i
};

/// Density gradients at the reference positions: self[m] = ∂ρ_m/∂r_m = Σ_j f'_{j→m} u_mj,
/// nb[q] = ∂ρ_m/∂r_j = −f'_{j→m} u_mj for the q-th neighbour j of m (zero outside the cutoff).
struct DensityGradients {
  std::vector<Vec3> self, nb;
};

DensityGradients density_gradients(const EamTables& t, const eam::Neighbours& nb, const eam::AtomTerms& a) {
  DensityGradients g;
  g.self.assign(a.element.size(), Vec3{});
  g.nb.assign(nb.j.size(), Vec3{});
  parallel_for(a.element.size(), [&](std::size_t m) {
    Vec3 s{};
    for (std::size_t q = nb.start[m]; q < nb.start[m + 1]; ++q) {
      if (!nb.inside[q]) continue;
      double v, dv, d2v;
      t.density[a.element[nb.j[q]]][a.element[m]].eval(nb.r[q], v, dv, d2v);
      const Vec3 u = nb.d[q] * (1.0 / nb.r[q]);
      s += dv * u;
      g.nb[q] = -dv * u;
    }
    g.self[m] = s;
  });
  return g;
}

/// State of atom i displaced by `shift`: ρ and F' of i and of its neighbours, pair terms, force on i.
void displaced_state(const EamTables& t, const eam::Neighbours& nb, const eam::AtomTerms& a, std::size_t i,
                     const Vec3& shift, DisplacedState& s) {
  const double cut2 = t.cutoff * t.cutoff;
  const std::size_t q0 = nb.start[i], q1 = nb.start[i + 1];
  const int ei = a.element[i];
  s.df_nb.assign(q1 - q0, 0.0);
  s.pair.assign(q1 - q0, Vec3{});
  std::vector<Vec3> d(q1 - q0);
  std::vector<double> r(q1 - q0);
  std::vector<char> in(q1 - q0);
  double rho_i = 0, v, dv, d2v;
  for (std::size_t q = q0; q < q1; ++q) {
    const std::size_t j = nb.j[q], k = q - q0;
    d[k] = nb.d[q] + shift;  // r_i − r_j with r_i moved
    const double rsq = dot(d[k], d[k]);
    r[k] = std::sqrt(rsq);
    in[k] = rsq < cut2;
    double rho_j = a.rho[j];  // ρ_j with i's old contribution replaced by its new one
    if (nb.inside[q]) t.density[ei][a.element[j]].eval(nb.r[q], v, dv, d2v), rho_j -= v;
    if (in[k]) {
      t.density[ei][a.element[j]].eval(r[k], v, dv, d2v), rho_j += v;
      t.density[a.element[j]][ei].eval(r[k], v, dv, d2v), rho_i += v;
    }
    double f;
    t.embedding[a.element[j]].eval_embedding(rho_j, f, s.df_nb[k], d2v);
  }
  double f, df_i;
  t.embedding[ei].eval_embedding(rho_i, f, df_i, d2v);
  s.force_i = Vec3{};
  for (std::size_t k = 0; k < q1 - q0; ++k) {
    if (!in[k]) continue;
    const eam::PairTerms p = eam::pair_terms(t, ei, a.element[nb.j[q0 + k]], df_i, s.df_nb[k], r[k]);
    s.pair[k] = (p.d1 / r[k]) * d[k];
    s.force_i -= s.pair[k];
  }
}

}  // namespace

BlockSparseMatrix eam_fd_hessian(const EamTables& tables, const Configuration& config, double step, double margin,
                                 Progress* progress) {
  if (!(step > 0 && step < 0.1))
    throw ParameterError(fmt::format("finite-difference step {} Å: must be in (0, 0.1)", step));
  const std::size_t n = config.size();
  // Pairs within r_c + h may cross the cutoff when one of them moves by h.
  const eam::Neighbours nb = eam::neighbours(tables, config, tables.cutoff + 1.01 * step);
  const eam::AtomTerms a = eam::atom_terms(tables, config, nb);
  const DensityGradients g = density_gradients(tables, nb, a);
  BlockSparseMatrix h = pair_pattern(config.position, config.box, 2 * tables.cutoff + margin);

  const int threads = std::max(num_threads(), omp_get_max_threads());
  std::vector<std::vector<Vec3>> diff_of(threads, std::vector<Vec3>(n, Vec3{}));
  std::atomic<std::uint64_t> done{0};
  parallel_for_dynamic(n, 4, [&](std::size_t i) {
    std::vector<Vec3>& D = diff_of[omp_get_thread_num()];  // F(+h) − F(−h), zero between uses
    DisplacedState plus, minus;
    const std::size_t q0 = nb.start[i], q1 = nb.start[i + 1];
    for (int axis = 0; axis < 3; ++axis) {
      Vec3 shift{};
      shift[axis] = step;
      displaced_state(tables, nb, a, i, shift, plus);
      displaced_state(tables, nb, a, i, -1.0 * shift, minus);
      D[i] += plus.force_i - minus.force_i;  // (a)
      for (std::size_t q = q0; q < q1; ++q) {
        const std::size_t j = nb.j[q], k = q - q0;
        D[j] += plus.pair[k] - minus.pair[k];  // (a): F_j ∋ +ψ' u_ij
        const double dF = plus.df_nb[k] - minus.df_nb[k];
        if (dF == 0.0) continue;
        // (b) ΔF'_j ∂ρ_j/∂r_j over j's pairs other than (j, i): i's term is f'_{i→j} u_ji = −g.nb of (i, j)'s mirror.
        Vec3 own = g.self[j];
        if (nb.inside[q]) {
          double v, dv, d2v;
          tables.density[a.element[i]][a.element[j]].eval(nb.r[q], v, dv, d2v);
          own += (dv / nb.r[q]) * nb.d[q];  // minus f'_{i→j} u_ji, u_ji = −d_ij / r
        }
        D[j] -= dF * own;
        // (c) ΔF'_j f'_{k→j} u_kj = ΔF'_j ∂ρ_j/∂r_k in F_k for j's neighbours k ≠ i.
        for (std::size_t p = nb.start[j]; p < nb.start[j + 1]; ++p)
          if (nb.j[p] != i) D[nb.j[p]] -= dF * g.nb[p];
      }
      // Column (i, axis) stored in row i: H_{kb,ia} = −D_kb / 2h (symmetrized below).
      for (std::size_t p = h.row_start[i]; p < h.row_start[i + 1]; ++p) {
        Vec3& d = D[h.col[p]];
        for (int b = 0; b < 3; ++b) h.block[p][3 * axis + b] = -d[b] / (2 * step);
        d = Vec3{};
      }
    }
    const std::uint64_t finished = ++done;
    if (progress && omp_get_thread_num() == 0) progress->update(finished);
  });
  symmetrize(h);
  impose_translational_invariance(h);
  return h;
}

}  // namespace glassml::md
