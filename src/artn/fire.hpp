#pragma once
// FIRE, the fast inertial relaxation engine (Bitzek, Bulatov, Gumbsch, Koskinen & Gumbsch,
// PRL 97, 170201 (2006)): damped dynamics with unit masses whose velocity is mixed towards the
// force while the power P = F·v stays positive, with an adaptive time step. Used for the
// minima (initial and final) and, on projected forces, for the perpendicular relaxation of ARTn.
#include <cstddef>
#include <functional>
#include <vector>

#include "artn/energy_surface.hpp"

namespace glassml::artn {

struct FireParameters {
  double dt_start = 0.1;     ///< initial time step (Å·(amu/eV)^½ for unit masses ≈ 10.18 fs)
  double dt_max = 1.0;       ///< largest time step (Bitzek et al.: ~10 dt_start)
  double max_step = 0.1;     ///< Å, largest displacement of one coordinate group in one step
  int n_min = 5;             ///< steps with P > 0 before dt grows (Bitzek et al.: 5)
  double f_inc = 1.1;        ///< dt growth factor (Bitzek et al.: 1.1)
  double f_dec = 0.5;        ///< dt shrink factor when P ≤ 0 (Bitzek et al.: 0.5)
  double alpha_start = 0.1;  ///< initial velocity mixing (Bitzek et al.: 0.1)
  double f_alpha = 0.99;     ///< mixing decay (Bitzek et al.: 0.99)
  double force_tolerance = 0.01;  ///< eV/Å, converged when max group |F| < this
  int max_steps = 2000;      ///< force evaluations at most
  int components = 3;        ///< coordinates per atom (group) for max |F| and max_step
};

struct FireResult {
  double energy = 0.0;         ///< at the final x (from the last force evaluation)
  std::vector<double> forces;  ///< forces returned by the force function at the final x
  int steps = 0;               ///< force evaluations done
  bool converged = false;
};

/// The dynamical state of FIRE, kept between calls when a relaxation is resumed in pieces
/// (the perpendicular relaxation of ARTn between eigenvector steps). Empty velocity = at rest.
struct FireState {
  std::vector<double> velocity;
  double dt = 0.0;  ///< 0 = start from FireParameters::dt_start
  double alpha = 0.0;
  int positive_steps = 0;
};

/// Relaxes `x` in place along `force` (any EnergySurface-shaped function, e.g. a projected force).
/// `force` is evaluated at x first; every step costs one evaluation.
FireResult fire_relax(const EnergySurface& force, std::vector<double>& x, const FireParameters& p);
/// Same, continuing from (and updating) `state`.
FireResult fire_relax(const EnergySurface& force, std::vector<double>& x, const FireParameters& p, FireState& state);

/// Tells a relaxation to stop, given the forces just evaluated and the number of evaluations so far.
using FireStop = std::function<bool(const std::vector<double>& forces, int steps)>;
/// Same, stopping when `stop` says so (checked after every evaluation, before the force
/// tolerance) or at the force tolerance or step limit.
FireResult fire_relax(const EnergySurface& force, std::vector<double>& x, const FireParameters& p, FireState& state,
                      const FireStop& stop);

}  // namespace glassml::artn
