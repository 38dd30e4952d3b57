#include "md/harmonic_anharmonic.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <utility>

#include "core/constants.hpp"
#include "core/error.hpp"
#include "core/parallel.hpp"
#include "core/progress.hpp"
#include "md/anharmonic_oscillator.hpp"
#include "md/eam_terms.hpp"
#include "md/harmonic_thermal_shift.hpp"

namespace glassml::md {

ModeLineEnergy::ModeLineEnergy(const EamTables& t, const Configuration& c, double skin) : t_(t) {
  const double room = 0.5 * c.box.min_periodic_width() - t.cutoff;  // neighbours() needs width > 2 range
  skin_ = skin > 0 ? skin : std::min(1.0, 0.98 * room);
  if (!(skin_ > 0.05))
    throw ParameterError(fmt::format("box too small for displaced states: shortest periodic width {:.4g} A, cutoff {:.4g} A",
                                     c.box.min_periodic_width(), t.cutoff));
  const eam::Neighbours nb = eam::neighbours(t, c, t.cutoff + skin_);
  const eam::AtomTerms a = eam::atom_terms(t, c, nb);
  element_ = a.element, rho0_ = a.rho, f0_ = a.f;
  double v, dv, d2v;
  for (std::size_t i = 0; i < c.size(); ++i)
    for (std::size_t q = nb.start[i]; q < nb.start[i + 1]; ++q) {
      const std::size_t j = nb.j[q];
      if (j < i) continue;  // each pair once
      Pair p{i, j, nb.d[q], 0, 0, 0};
      if (nb.inside[q]) {
        const double r = nb.r[q];
        t.rphi[element_[i]][element_[j]].eval(r, v, dv, d2v);
        p.phi0 = v / r;
        t.density[element_[j]][element_[i]].eval(r, p.fji0, dv, d2v);
        t.density[element_[i]][element_[j]].eval(r, p.fij0, dv, d2v);
      }
      pairs_.push_back(p);
    }
}

std::vector<double> ModeLineEnergy::energies(const Eigen::Ref<const Eigen::VectorXd>& v, const std::vector<double>& q) const {
  const std::size_t n = rho0_.size(), m = q.size();
  if (static_cast<std::size_t>(v.size()) != 3 * n) throw ParameterError("mode line: the vector is not 3N long");
  double qmax = 0, umax = 0;
  for (double x : q) qmax = std::max(qmax, std::abs(x));
  for (std::size_t i = 0; i < n; ++i) umax = std::max(umax, v.segment(3 * static_cast<Eigen::Index>(i), 3).norm());
  if (qmax * umax > 0.5 * skin_)
    throw ParameterError(fmt::format("mode line: an atom moves by {:.3g} A, more than half the skin {:.3g} A", qmax * umax, skin_));
  const double cut2 = t_.cutoff * t_.cutoff;
  std::vector<double> drho(n * m, 0.0), e(m, 0.0);
  double z, fji, fij, dv, d2v;
  for (const Pair& p : pairs_) {
    const Vec3 dd{v(3 * p.i) - v(3 * p.j), v(3 * p.i + 1) - v(3 * p.j + 1), v(3 * p.i + 2) - v(3 * p.j + 2)};
    const int ei = element_[p.i], ej = element_[p.j];
    for (std::size_t k = 0; k < m; ++k) {
      const Vec3 d = p.d0 + q[k] * dd;
      const double rsq = dot(d, d);
      double phi = 0;
      fji = fij = 0;
      if (rsq < cut2) {  // LAMMPS: rsq < cutforcesq
        const double r = std::sqrt(rsq);
        t_.rphi[ei][ej].eval(r, z, dv, d2v);
        phi = z / r;
        t_.density[ej][ei].eval(r, fji, dv, d2v);
        t_.density[ei][ej].eval(r, fij, dv, d2v);
      }
      e[k] += phi - p.phi0;
      drho[p.i * m + k] += fji - p.fji0;
      drho[p.j * m + k] += fij - p.fij0;
    }
  }
  double f, df, d2f;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < m; ++k) {
      t_.embedding[element_[i]].eval_embedding(rho0_[i] + drho[i * m + k], f, df, d2f);
      e[k] += f - f0_[i];
    }
  return e;
}

namespace {

struct ModeVariances {
  AnharmonicMode summary;
  std::vector<double> ratio, ratio_perturbative, ratio_relaxed;  ///< ⟨δq²⟩ / (k_B T / λ) per temperature
};

/// The variance ratios of the line shifted by ½ δλ(T) q², δλ(T) = a τ + b τ², τ = T/T_max.
std::vector<double> relaxed_ratios(const LineProfile& p, double a, double b, const AnharmonicOptions& o) {
  std::vector<double> out;
  for (double t : o.temperatures) {
    const double kt = constants::kBoltzmann * t, tau = t / o.temperatures.back(), shift = a * tau + b * tau * tau;
    LineProfile r = p;
    for (std::size_t j = 0; j < r.energy.size(); ++j) {
      const double q = (static_cast<double>(j) - static_cast<double>(r.energy.size() / 2)) * r.spacing;
      r.energy[j] += 0.5 * shift * q * q;
    }
    r.lambda = std::max(p.lambda + shift, 0.05 * p.lambda);  // only the split harmonic + residual: V is as shifted
    out.push_back(LineBoltzmann(r).moments(kt).variance / (kt / p.lambda));
  }
  return out;
}

/// The line energies at x0 ± δx (δx = δx(T_max)) and at x0 ± d, d the half-difference of two
/// independent estimates of δx (the sampling noise of δx).
struct RelaxedLines {
  std::unique_ptr<ModeLineEnergy> plus, minus, noise_plus, noise_minus;
};

/// λ(x0 + τ δx) = λ + a τ + b τ² + O(τ³), a = V3(v, v, δx), b = ½ V4(v, v, δx, δx), from second
/// differences at ±h (sums E(h) + E(−h), each relative to its point's own energy): a from x0 ± δx
/// (even orders cancel), b from their sum minus the same sum at x0 ± d, which is what the
/// sampling noise of δx adds to it (½ V4(v, v, ε, ε), ε distributed as d). Returns {a, b}.
std::pair<double, double> relaxation_shift(const RelaxedLines& r, const Eigen::Ref<const Eigen::VectorXd>& v,
                                           const LineProfile& p) {
  auto sum = [&](const ModeLineEnergy& l) {
    const std::vector<double> e = l.energies(v, {-p.spacing, p.spacing});
    return e[0] + e[1];
  };
  const std::size_t J = p.energy.size() / 2;
  const double h2 = p.spacing * p.spacing, c0 = p.energy[J - 1] + p.energy[J + 1];
  const double cp = sum(*r.plus), cm = sum(*r.minus), np = sum(*r.noise_plus), nm = sum(*r.noise_minus);
  return {(cp - cm) / (2 * h2), (cp + cm - 2 * c0) / (2 * h2) - (np + nm - 2 * c0) / (2 * h2)};
}

/// One soft mode: energies on the grid, then its thermal variances at every temperature; with
/// `relaxed` (may be empty) also those with the shift δλ.
ModeVariances follow_mode(const ModeLineEnergy& line, const RelaxedLines& relaxed, const Eigen::Ref<const Eigen::VectorXd>& v,
                          double lambda, const AnharmonicOptions& o, double kt_max) {
  ModeVariances out;
  AnharmonicMode& s = out.summary;
  s.lambda = lambda;
  double umax = 0;
  for (Eigen::Index i = 0; i < v.size() / 3; ++i) umax = std::max(umax, v.segment(3 * i, 3).norm());
  s.q_max = o.span * std::sqrt(kt_max / lambda);
  if (s.q_max * umax > o.max_displacement) s.q_max = o.max_displacement / umax, s.cut = true;
  const int J = o.half_points;
  LineProfile p;
  p.lambda = lambda, p.spacing = s.q_max / J;
  std::vector<double> q;
  for (int j = -J; j <= J; ++j)
    if (j != 0) q.push_back(j * p.spacing);
  const std::vector<double> e = line.energies(v, q);
  p.energy.assign(e.begin(), e.begin() + J);
  p.energy.push_back(0.0);
  p.energy.insert(p.energy.end(), e.begin() + J, e.end());
  const QuarticCoefficients c = quartic_coefficients(p.energy[J - 2], p.energy[J - 1], p.energy[J + 1], p.energy[J + 2], p.spacing);
  s.c3 = c.c3, s.c4 = c.c4;
  const LineBoltzmann boltzmann(p);
  s.barrier = boltzmann.has_barrier();
  for (double t : o.temperatures) {
    const double kt = constants::kBoltzmann * t, harmonic = kt / lambda;
    out.ratio.push_back(boltzmann.moments(kt).variance / harmonic);
    // First order in T; kept within [0.2, 5] where the expansion has broken down.
    out.ratio_perturbative.push_back(std::clamp(perturbative_moments(lambda, c, kt).variance / harmonic, 0.2, 5.0));
  }
  s.ratio_hot = out.ratio.back(), s.ratio_hot_perturbative = out.ratio_perturbative.back();
  if (relaxed.plus) {
    const auto [a, b] = relaxation_shift(relaxed, v, p);
    s.shift_first_order = a, s.shift_hot = a + b;
    out.ratio_relaxed = relaxed_ratios(p, a, b, o);
    s.ratio_hot_relaxed = out.ratio_relaxed.back();
  }
  return out;
}

/// |v_k,i|² / λ_k.
double weight(const HessianModes& m, Eigen::Index k, std::size_t i) {
  return m.vectors.block(3 * static_cast<Eigen::Index>(i), k, 3, 1).squaredNorm() / m.eigenvalues(k);
}

/// Tr[H⁺]_ii = Σ_k |v_k,i|² / λ_k (loops over modes outside: the eigenvectors are columns).
std::vector<double> harmonic_trace(const HessianModes& m) {
  std::vector<double> trace(m.natoms(), 0.0);
  for (Eigen::Index k = 3; k < m.eigenvalues.size(); ++k)
    for (std::size_t i = 0; i < trace.size(); ++i) trace[i] += weight(m, k, i);
  return trace;
}

struct PerAtom {
  std::vector<double> mean, hot, excess;
};

/// u²_i(T)/k_B T = Tr[H⁺]_ii + Σ_soft |v_k,i|² (ratio_k(T) − 1)/λ_k; mean_T of k_B T/u², the
/// value at T_max and the excess u²/k_B T − Tr[H⁺]_ii there.
PerAtom per_atom(const HessianModes& m, const std::vector<Eigen::Index>& soft, const std::vector<double>& trace,
                 const std::vector<const std::vector<double>*>& ratio) {
  const std::size_t n = trace.size(), nt = soft.empty() ? 1 : ratio.front()->size();
  std::vector<std::vector<double>> x(nt, std::vector<double>(n, 0.0));
  for (std::size_t s = 0; s < soft.size(); ++s)
    for (std::size_t i = 0; i < n; ++i) {
      const double w = weight(m, soft[s], i);
      for (std::size_t t = 0; t < nt; ++t) x[t][i] += w * ((*ratio[s])[t] - 1);
    }
  PerAtom a;
  a.mean.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t t = 0; t < nt; ++t) a.mean[i] += 1 / (trace[i] + x[t][i]) / nt;
    a.hot.push_back(1 / (trace[i] + x[nt - 1][i]));
    a.excess.push_back(x[nt - 1][i]);
  }
  return a;
}

void check(const AnharmonicOptions& o) {
  if (!(o.cutoff > 0) || o.temperatures.empty() || o.half_points < 2 || o.half_points > 64 || !(o.span > 0) ||
      !(o.max_displacement > 0) || o.thermal_pairs < 0)
    throw ParameterError(fmt::format("anharmonic options: cutoff {} eV/A^2, {} temperatures, {} half points, span {}, "
                                     "max displacement {} A (need positive values, 2..64 half points)",
                                     o.cutoff, o.temperatures.size(), o.half_points, o.span, o.max_displacement));
  for (std::size_t k = 0; k < o.temperatures.size(); ++k)
    if (!(o.temperatures[k] > 0) || (k > 0 && o.temperatures[k] < o.temperatures[k - 1]))
      throw ParameterError("anharmonic temperatures must be positive and ascending");
}

}  // namespace

AnharmonicStiffness anharmonic_stiffness(const EamTables& tables, const Configuration& config, const HessianModes& modes,
                                         const AnharmonicOptions& o, Progress* progress) {
  check(o);
  const std::size_t n = config.size();
  if (modes.natoms() != n) throw ParameterError("anharmonic: the modes are not of this configuration");
  // Pairs listed within r_c + skin; a small box lowers the skin and with it the largest step.
  const double room = 0.49 * config.box.min_periodic_width() - tables.cutoff;
  const ModeLineEnergy line(tables, config, std::min(2 * o.max_displacement + 0.05, room));
  AnharmonicOptions eff = o;
  eff.max_displacement = std::min(o.max_displacement, 0.49 * line.skin());
  std::vector<Eigen::Index> soft;
  for (Eigen::Index k = 3; k < modes.eigenvalues.size() && modes.eigenvalues(k) < o.cutoff; ++k) soft.push_back(k);
  const double kt_max = constants::kBoltzmann * o.temperatures.back();
  // Thermal relaxation at T_max (md/harmonic_thermal_shift.hpp) and the line energy there.
  Eigen::VectorXd dx;
  RelaxedLines relaxed;
  if (o.thermal_pairs > 0) {
    // Two independent halves of the snapshots: their mean is δx, their half-difference the noise.
    const int half = (o.thermal_pairs + 1) / 2;
    const Eigen::VectorXd fa = thermal_mean_force(tables, config, modes, kt_max, half, o.seed);
    const Eigen::VectorXd fb = thermal_mean_force(tables, config, modes, kt_max, half, o.seed + 1);
    dx = relaxation_under_force(modes, 0.5 * (fa + fb), o.cutoff);
    const Eigen::VectorXd noise = relaxation_under_force(modes, 0.5 * (fa - fb), o.cutoff);
    auto at = [&](const Eigen::VectorXd& u, double sign) {
      Configuration c = config;
      for (std::size_t i = 0; i < n; ++i) c.position[i] += sign * Vec3{u(3 * i), u(3 * i + 1), u(3 * i + 2)};
      return std::make_unique<ModeLineEnergy>(tables, c, line.skin());
    };
    relaxed.plus = at(dx, 1), relaxed.minus = at(dx, -1), relaxed.noise_plus = at(noise, 1), relaxed.noise_minus = at(noise, -1);
  }
  std::vector<ModeVariances> followed(soft.size());
  std::atomic<std::uint64_t> done{0};
  parallel_for_dynamic(soft.size(), 1, [&](std::size_t s) {
    followed[s] = follow_mode(line, relaxed, modes.vectors.col(soft[s]), modes.eigenvalues(soft[s]), eff, kt_max);
    const std::uint64_t finished = ++done;
    if (progress && omp_get_thread_num() == 0) progress->update(finished);
  });
  std::vector<const std::vector<double>*> r, rp, rr;
  for (const auto& f : followed) r.push_back(&f.ratio), rp.push_back(&f.ratio_perturbative), rr.push_back(&f.ratio_relaxed);
  const std::vector<double> trace = harmonic_trace(modes);
  AnharmonicStiffness out;
  PerAtom a = per_atom(modes, soft, trace, r);
  out.stiffness = std::move(a.mean), out.stiffness_hot = std::move(a.hot), out.excess = std::move(a.excess);
  out.stiffness_perturbative = per_atom(modes, soft, trace, rp).mean;
  if (relaxed.plus) {
    out.stiffness_relaxed = per_atom(modes, soft, trace, rr).mean;
    for (std::size_t i = 0; i < n; ++i) out.relaxation.push_back(dx.segment(3 * static_cast<Eigen::Index>(i), 3).norm());
  }
  for (auto& f : followed) out.modes.push_back(f.summary);
  return out;
}

}  // namespace glassml::md
