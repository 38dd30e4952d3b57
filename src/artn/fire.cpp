#include "artn/fire.hpp"

#include <algorithm>
#include <cmath>

namespace glassml::artn {
namespace {

// The FIRE velocity adjustment (Bitzek et al. 2006, Eq. 2 and the rules after it): mixing while
// the power is positive, otherwise velocity zeroed and step shrunk.
void adjust(FireState& s, const std::vector<double>& f, const FireParameters& p) {
  auto& v = s.velocity;
  const double power = dot(f, v);
  if (power > 0.0) {
    // v ← (1 − α) v + α |v| F̂
    const double vn = norm(v), fn = norm(f);
    if (fn > 0.0)
      for (std::size_t i = 0; i < v.size(); ++i) v[i] = (1.0 - s.alpha) * v[i] + s.alpha * vn * f[i] / fn;
    if (++s.positive_steps > p.n_min) {
      s.dt = std::min(s.dt * p.f_inc, p.dt_max);
      s.alpha *= p.f_alpha;
    }
  } else {
    std::fill(v.begin(), v.end(), 0.0);
    s.dt *= p.f_dec;
    s.alpha = p.alpha_start;
    s.positive_steps = 0;
  }
}

}  // namespace

FireResult fire_relax(const EnergySurface& force, std::vector<double>& x, const FireParameters& p) {
  FireState state;
  return fire_relax(force, x, p, state);
}

FireResult fire_relax(const EnergySurface& force, std::vector<double>& x, const FireParameters& p, FireState& s) {
  return fire_relax(force, x, p, s, FireStop{});
}

FireResult fire_relax(const EnergySurface& force, std::vector<double>& x, const FireParameters& p, FireState& s,
                      const FireStop& stop) {
  FireResult r;
  r.forces.assign(x.size(), 0.0);
  r.energy = force(x, r.forces);
  r.steps = 1;
  if (s.velocity.size() != x.size()) s.velocity.assign(x.size(), 0.0);
  if (s.dt <= 0.0) {
    s.dt = p.dt_start;
    s.alpha = p.alpha_start;
  }
  auto& v = s.velocity;
  std::vector<double> dx(x.size());
  while (true) {
    if (stop && stop(r.forces, r.steps)) {
      r.converged = max_group_norm(r.forces, p.components) < p.force_tolerance;
      return r;
    }
    if (max_group_norm(r.forces, p.components) < p.force_tolerance) {
      r.converged = true;
      return r;
    }
    if (r.steps >= p.max_steps) return r;
    // mixing from the power of the current velocity, then a semi-implicit Euler step with unit
    // masses: v += dt F, x += dt v
    adjust(s, r.forces, p);
    axpy(s.dt, r.forces, v);
    for (std::size_t i = 0; i < x.size(); ++i) dx[i] = s.dt * v[i];
    const double largest = max_group_norm(dx, p.components);
    if (largest > p.max_step) {
      for (auto& d : dx) d *= p.max_step / largest;
    }
    axpy(1.0, dx, x);
    r.energy = force(x, r.forces);
    ++r.steps;
  }
}

}  // namespace glassml::artn
