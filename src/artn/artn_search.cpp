#include "artn/artn_search.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

#include "core/mix64.hpp"

namespace glassml::artn {

std::string describe(Status status) {
  switch (status) {
    case Status::Success: return "saddle found, verified and connected to the initial minimum";
    case Status::InitialNotMinimum: return "the initial structure did not relax to a minimum";
    case Status::BasinExitFailed: return "no Hessian eigenvalue fell below the threshold while leaving the basin";
    case Status::LostNegativeCurvature: return "the lowest Hessian eigenvalue turned positive during activation too often";
    case Status::ActivationNotConverged: return "forces did not converge onto a saddle within the iteration limit";
    case Status::TooManyForceCalls: return "force-call limit reached";
    case Status::NotFirstOrderSaddle: return "converged point does not have exactly one negative Hessian eigenvalue";
    case Status::FinalNotMinimum: return "a side of the saddle did not relax to a minimum";
    case Status::NotConnected: return "neither side of the saddle relaxes back to the initial minimum";
    case Status::SameMinimum: return "both sides of the saddle relax back to the initial minimum";
    case Status::NonPositiveBarrier: return "saddle energy not above the initial energy";
  }
  return "unknown status";
}

namespace {

// One search: the counted surface, the parameters, the result being filled.
class Search {
 public:
  Search(const EnergySurface& surface, const ArtnParameters& p, std::vector<double> mobile)
      : counted_(masked(surface, mobile)), p_(p), mobile_(std::move(mobile)) {
    fire_ = p.fire;
    fire_.components = p.components;
  }

  SaddleSearchResult run(std::vector<double> x0, std::vector<double> push) {
    if (norm(push) == 0.0 || push.size() != x0.size())
      throw std::invalid_argument("artn_search: push direction empty, zero or of the wrong size");
    if (!mobile_.empty() && mobile_.size() != x0.size())
      throw std::invalid_argument("artn_search: mobile mask of the wrong size");
    apply_mask(push);
    set_translations(x0.size());
    for (const auto& t : translations_) axpy(-dot(t, push), t, push);
    if (norm(push) == 0.0) throw std::invalid_argument("artn_search: push direction has no mobile component");
    const double push_norm = norm(push);
    for (auto& e : push) e /= push_norm;
    if (relax_initial(x0) && find_saddle(push) && verify_saddle()) relax_both_sides();
    return std::move(r_);
  }

 private:
  // The surface with the forces on frozen coordinates zeroed (unchanged if `mobile` is empty).
  static EnergySurface masked(const EnergySurface& surface, const std::vector<double>& mobile) {
    if (mobile.empty()) return surface;
    return [&surface, mobile](const std::vector<double>& x, std::vector<double>& f) {
      const double e = surface(x, f);
      for (std::size_t i = 0; i < f.size(); ++i) f[i] *= mobile[i];
      return e;
    };
  }
  // Uniform translations (one unit vector per component) of a periodic system with no frozen
  // coordinates: zero modes of the Hessian, kept out of the push and of every Lanczos basis.
  void set_translations(std::size_t n) {
    const auto k = static_cast<std::size_t>(p_.components);
    if (!p_.ignore_translation || !mobile_.empty() || n < 2 * k) return;
    for (std::size_t c = 0; c < k; ++c) {
      std::vector<double> t(n, 0.0);
      for (std::size_t i = c; i < n; i += k) t[i] = 1.0 / std::sqrt(static_cast<double>(n / k));
      translations_.push_back(std::move(t));
    }
  }
  void apply_mask(std::vector<double>& v) const {
    if (!mobile_.empty())
      for (std::size_t i = 0; i < v.size(); ++i) v[i] *= mobile_[i];
  }
  EnergySurface surface() {
    return [this](const std::vector<double>& x, std::vector<double>& f) { return counted_(x, f); };
  }
  bool fail(Status s) {
    r_.status = s;
    return false;
  }
  void emit(const char* phase, int iteration) const {
    if (!p_.trace) return;
    TracePoint t;
    t.phase = phase;
    t.iteration = iteration;
    t.eigenvalue = lambda_;
    t.force_parallel = dot(f_, v_);
    std::vector<double> fp(f_);
    axpy(-t.force_parallel, v_, fp);
    t.force_perpendicular = max_group_norm(fp, p_.components);
    t.max_force = max_group_norm(f_, p_.components);
    t.displacement = max_group_distance(x_, r_.initial, p_.components);
    t.energy = e_ - r_.initial_energy;
    t.force_calls = calls();
    t.step = last_step_;
    t.overlap = last_overlap_;
    p_.trace(t);
  }
  bool over_budget() { return counted_.calls() >= p_.max_force_calls; }
  std::size_t calls() const { return counted_.calls(); }

  // FIRE on the forces with the component along `v` removed, from rest, at most `max_evaluations`
  // force calls; stops early once max |F⊥| < `perp_tolerance` or, if `below_parallel`, once
  // max |F⊥| < max |F∥| (pARTn's rules: relaxing further would slide back along the valley the
  // climb came up), or once an atom moved more than `max_travel` (> 0) from where it began (the
  // hyperplane ⊥ v of a curved valley leads back into the basin). Leaves the full forces in f_
  // and the energy in e_.
  void relax_perpendicular(const std::vector<double>& v, int max_evaluations, double perp_tolerance, bool below_parallel,
                           double max_travel = 0.0) {
    const std::vector<double> begin = x_;
    FireParameters fp = fire_;
    fp.max_steps = std::max(max_evaluations, 1);
    fp.max_step = p_.perp_max_step;
    fp.dt_start = p_.perp_dt_start;
    fp.force_tolerance = p_.saddle_force_tolerance;
    FireState state;
    auto projected = [&](const std::vector<double>& x, std::vector<double>& f) {
      const double e = counted_(x, f);
      f_ = f;
      e_ = e;
      axpy(-dot(f, v), v, f);  // F⊥ = F − (F·v) v
      return e;
    };
    auto stop = [&](const std::vector<double>& f_perp, int steps) {
      if (max_group_norm(f_, p_.components) < p_.saddle_force_tolerance) return true;  // at the saddle
      if (steps < 2) return false;  // at least one perpendicular move (pARTn)
      if (max_travel > 0 && max_group_distance(x_, begin, p_.components) > max_travel) return true;
      const double perp = max_group_norm(f_perp, p_.components);
      if (perp < perp_tolerance) return true;
      if (!below_parallel) return false;
      std::vector<double> f_par(v);
      for (auto& e : f_par) e *= dot(f_, v);
      return perp < max_group_norm(f_par, p_.components);
    };
    fire_relax(projected, x_, fp, state, stop);
  }

  bool relax_initial(std::vector<double>& x0) {
    const FireResult fr = fire_relax(surface(), x0, fire_);
    r_.force_calls.minimization += static_cast<std::size_t>(fr.steps);
    r_.initial = x0;
    r_.initial_energy = fr.energy;
    x_ = x0;
    f_ = fr.forces;
    e_ = fr.energy;
    return fr.converged ? true : fail(Status::InitialNotMinimum);
  }

  // Unit vector along x − x0 in the mobile subspace, translations removed.
  std::vector<double> displacement_direction() const {
    std::vector<double> d = x_;
    axpy(-1.0, r_.initial, d);
    apply_mask(d);
    for (const auto& t : translations_) axpy(-dot(t, d), t, d);
    const double dn = norm(d);
    if (dn > 0.0)
      for (auto& e : d) e /= dn;
    return d;
  }

  // Basin exit, then activation; on a convex region (λ ≥ 0) during activation, back to basin
  // pushes along x − x0 (pARTn's "new chance"), at most convex_returns times.
  bool find_saddle(const std::vector<double>& push) {
    if (!leave_basin(push, p_.basin_steps_without_lanczos)) return false;
    for (int returns = 0;; ++returns) {
      const Climb c = climb(returns == 0 ? push : displacement_direction());
      if (c == Climb::Converged) return true;
      if (c == Climb::Failed) return false;
      if (returns >= p_.convex_returns) return fail(Status::LostNegativeCurvature);
      const std::vector<double> d = displacement_direction();
      if (norm(d) == 0.0 || !leave_basin(d, p_.return_steps_without_lanczos)) return false;
    }
  }

  // Steps along `push`, each followed by a short perpendicular relaxation, until λ_min < threshold
  // (Lanczos from x − x0 after the first `without_lanczos` steps).
  bool leave_basin(const std::vector<double>& push, int without_lanczos) {
    const std::size_t start = calls();
    for (int step = 0; step < p_.basin_max_steps && !over_budget(); ++step) {
      axpy(p_.basin_step, push, x_);
      relax_perpendicular(push, p_.basin_relax_steps, p_.basin_perp_force, false);
      v_ = push;
      if (step < without_lanczos || (step - without_lanczos) % std::max(p_.basin_lanczos_every, 1) != 0) {
        emit("push", step);
        continue;
      }
      std::vector<double> from = x_;
      axpy(-1.0, r_.initial, from);
      LanczosParameters lp = p_.lanczos;
      lp.max_basis = p_.basin_lanczos_basis;
      lp.stop_below = p_.eigenvalue_threshold;
      const LowestMode m = lowest_mode(surface(), x_, f_, from, lp, translations_);
      v_ = m.eigenvector;
      lambda_ = m.eigenvalue;
      emit("basin", step);
      if (lambda_ < p_.eigenvalue_threshold) {
        r_.force_calls.basin += calls() - start;
        return true;
      }
    }
    r_.force_calls.basin += calls() - start;
    return fail(over_budget() ? Status::TooManyForceCalls : Status::BasinExitFailed);
  }

  enum class Climb { Converged, Convex, Failed };

  // From the basin exit (λ, v in lambda_, v_) up to the saddle. Each iteration: a step along v
  // uphill, Δs = (F·v)/λ clipped to eigen_step_max with |λ| ≥ step_curvature_floor (near the
  // saddle a Newton step, far from it a fixed step); during the first smoothing_steps iterations
  // the step is along (1 − w) p + w v (w = k/(n+1), v oriented along the push p) with the full
  // eigen_step_max, so that the climb continues out of the basin even where F·v ≈ 0; then the
  // limited perpendicular relaxation; then Lanczos from the previous v.
  Climb climb(const std::vector<double>& push) {
    const std::size_t start = calls();
    auto done = [&](Climb c) {
      r_.force_calls.activation += calls() - start;
      return c;
    };
    for (int it = 0; it < p_.activation_max_iterations; ++it) {
      ++r_.activation_iterations;
      if (over_budget()) return fail(Status::TooManyForceCalls), done(Climb::Failed);
      if (it > 0) {
        LanczosParameters lp = p_.lanczos;
        lp.relative_tolerance = p_.activation_lanczos_tolerance;
        const LowestMode m = lowest_mode(surface(), x_, f_, v_, lp, translations_);
        last_overlap_ = std::abs(dot(m.eigenvector, v_));
        v_ = m.eigenvector;
        lambda_ = m.eigenvalue;
      }
      if (lambda_ >= 0.0) {
        emit("convex", it);
        return done(Climb::Convex);
      }
      const double f_par = dot(f_, v_);
      std::vector<double> step_dir = v_;
      double ds;
      if (it < p_.smoothing_steps) {
        const double w = static_cast<double>(it + 1) / static_cast<double>(p_.smoothing_steps + 1);
        const double orient = dot(v_, push) < 0.0 ? -1.0 : 1.0;
        for (std::size_t i = 0; i < step_dir.size(); ++i) step_dir[i] = (1.0 - w) * push[i] + w * orient * v_[i];
        const double n = norm(step_dir);
        for (auto& e : step_dir) e /= n;
        ds = p_.eigen_step_max;
      } else {
        ds = f_par / -std::max(-lambda_, p_.step_curvature_floor);
        ds = std::clamp(ds, -p_.eigen_step_max, p_.eigen_step_max);
      }
      last_step_ = ds;
      axpy(ds, step_dir, x_);
      const int k = std::min<int>(it, static_cast<int>(p_.perp_relax_limits.size()) - 1);
      const int limit = p_.perp_relax_limits.empty() ? 1 : p_.perp_relax_limits[static_cast<std::size_t>(k)];
      const bool near = std::abs(f_par) * max_group_norm(v_, p_.components) < p_.parallel_force_near;
      relax_perpendicular(v_, limit, near ? p_.saddle_force_tolerance : p_.perp_force_far, p_.perp_stop_below_parallel,
                          p_.perp_max_travel);
      emit("activation", it);
      if (max_group_norm(f_, p_.components) < p_.saddle_force_tolerance) return done(Climb::Converged);
    }
    return fail(Status::ActivationNotConverged), done(Climb::Failed);
  }

  // Exactly one negative eigenvalue: λ1 < 0 and, on the complement of v1, the lowest ≥ floor.
  bool verify_saddle() {
    const std::size_t start = calls();
    r_.saddle = x_;
    r_.saddle_energy = e_;
    r_.barrier = e_ - r_.initial_energy;
    r_.saddle_max_force = max_group_norm(f_, p_.components);
    const LowestMode m1 = lowest_mode(surface(), x_, f_, v_, p_.lanczos, translations_);
    std::mt19937_64 rng(p_.seed ^ 0x9e3779b97f4a7c15ULL);
    std::normal_distribution<double> gauss;
    std::vector<double> start2(x_.size());
    for (auto& e : start2) e = gauss(rng);
    apply_mask(start2);
    std::vector<std::vector<double>> deflate = translations_;
    deflate.push_back(m1.eigenvector);
    axpy(-dot(start2, m1.eigenvector), m1.eigenvector, start2);
    const LowestMode m2 = lowest_mode(surface(), x_, f_, start2, p_.lanczos, deflate);
    r_.force_calls.verification = calls() - start;
    r_.lowest_eigenvalue = m1.eigenvalue;
    r_.second_eigenvalue = m2.eigenvalue;
    r_.eigenvector = m1.eigenvector;
    if (m1.eigenvalue >= 0.0 || m2.eigenvalue < p_.second_eigenvalue_floor) return fail(Status::NotFirstOrderSaddle);
    return true;
  }

  // Largest atomic distance between two structures, without their mean displacement if asked.
  double minimum_distance(const std::vector<double>& a, const std::vector<double>& b) const {
    std::vector<double> d(a);
    axpy(-1.0, b, d);
    const auto k = static_cast<std::size_t>(p_.components);
    if (p_.ignore_translation && d.size() >= 2 * k) {
      std::vector<double> mean(k, 0.0);
      for (std::size_t i = 0; i < d.size(); ++i) mean[i % k] += d[i] * static_cast<double>(k) / static_cast<double>(d.size());
      for (std::size_t i = 0; i < d.size(); ++i) d[i] -= mean[i % k];
    }
    return max_group_norm(d, p_.components);
  }

  // Push over the saddle both ways and relax; one side must be the initial minimum.
  void relax_both_sides() {
    std::vector<std::vector<double>> side(2, r_.saddle);
    std::vector<double> energy(2), distance(2);
    for (int k = 0; k < 2; ++k) {
      axpy(k == 0 ? p_.push_over : -p_.push_over, r_.eigenvector, side[k]);
      const FireResult fr = fire_relax(surface(), side[k], fire_);
      r_.force_calls.minimization += static_cast<std::size_t>(fr.steps);
      if (!fr.converged) {
        fail(Status::FinalNotMinimum);
        return;
      }
      energy[k] = fr.energy;
      distance[k] = minimum_distance(side[k], r_.initial);
    }
    const int back = distance[0] <= distance[1] ? 0 : 1, forward = 1 - back;
    r_.final_minimum = side[forward];
    r_.final_energy = energy[forward];
    r_.largest_displacement = distance[forward];
    r_.return_distance = distance[back];
    if (distance[back] > p_.connect_tolerance) fail(Status::NotConnected);
    else if (distance[forward] <= p_.connect_tolerance) fail(Status::SameMinimum);
    else if (r_.barrier <= 0.0) fail(Status::NonPositiveBarrier);
  }

  CountedSurface counted_;
  const ArtnParameters& p_;
  std::vector<double> mobile_;
  std::vector<std::vector<double>> translations_;
  FireParameters fire_;
  SaddleSearchResult r_;
  std::vector<double> x_, f_, v_;
  double e_ = 0.0, lambda_ = 0.0;
  double last_step_ = 0.0, last_overlap_ = 0.0;
};

}  // namespace

SaddleSearchResult artn_search_along(const EnergySurface& surface, std::vector<double> x0,
                                     std::vector<double> push_direction, const ArtnParameters& p,
                                     const std::vector<double>& mobile) {
  Search search(surface, p, mobile);
  return search.run(std::move(x0), std::move(push_direction));
}

std::uint64_t push_seed(std::uint64_t seed, int attempt) {
  if (attempt == 0) return seed;
  return mix64(seed + kGoldenGamma * static_cast<std::uint64_t>(attempt));
}

SaddleSearchResult artn_search(const EnergySurface& surface, std::vector<double> x0,
                               const std::vector<double>& push_mask, const ArtnParameters& p,
                               const std::vector<double>& mobile) {
  if (push_mask.size() != x0.size()) throw std::invalid_argument("artn_search: push mask of the wrong size");
  ForceCallCounts spent;
  std::vector<PushRecord> records;
  ArtnParameters q = p;
  for (int attempt = 1;; ++attempt) {
    std::mt19937_64 rng(push_seed(p.seed, attempt - 1));
    std::normal_distribution<double> gauss;
    std::vector<double> push(x0.size());
    for (std::size_t i = 0; i < push.size(); ++i) push[i] = gauss(rng) * push_mask[i];
    SaddleSearchResult r = artn_search_along(surface, x0, std::move(push), q, mobile);
    r.pushes = attempt;
    records.push_back({r.status, r.force_calls, r.barrier, r.activation_iterations, r.return_distance});
    r.push_records = records;
    r.force_calls += spent;
    const bool final = r.success() || r.status == Status::InitialNotMinimum || attempt >= p.pushes ||
                       r.force_calls.total() >= p.max_force_calls;
    if (final) return r;
    spent = r.force_calls;
    q.max_force_calls = p.max_force_calls - spent.total();
  }
}

}  // namespace glassml::artn
