#pragma once
// Lowest eigenpair of the Hessian by the Lanczos method (Lanczos, J. Res. NBS 45, 255 (1950);
// in ARTn: Malek & Mousseau, PRE 62, 7723 (2000)), the Hessian never built: each product H·u
// is a forward finite difference of forces, H·u ≈ −(F(x + h û) − F(x)) |u| / h, one force call
// per Lanczos vector (error O(h) from the third derivatives; F(x) is known already).
// Full re-orthogonalization of the basis (it is small: 15–30 vectors).
#include <limits>
#include <vector>

#include "artn/energy_surface.hpp"

namespace glassml::artn {

struct LanczosParameters {
  int max_basis = 20;                ///< Lanczos vectors at most (SPEC §7: 15–30)
  int min_basis = 2;                 ///< Lanczos vectors at least before the convergence test
  double step = 0.01;                ///< Å, finite-difference step h (SPEC §7: ~0.01 Å)
  double relative_tolerance = 1e-3;  ///< stop when the lowest Ritz value changes by less (relative)
  double absolute_tolerance = 1e-3;  ///< eV/Å², or by less than this (near-zero eigenvalues)
  double stop_below = -std::numeric_limits<double>::infinity();  ///< eV/Å², also stop once the lowest Ritz value is below
                                     ///< (Ritz values bound λ_min from above: λ_min < stop_below is then certain)
};

struct LowestMode {
  double eigenvalue = 0.0;          ///< eV/Å²
  std::vector<double> eigenvector;  ///< unit length
  int force_calls = 0;              ///< Hessian–vector products done
};

/// Lowest eigenpair of the Hessian of `surface` at `x` (where the forces are `forces`), starting
/// the Krylov space from `start` (any non-zero vector, e.g. the previous eigenvector).
/// `deflate` (orthonormal vectors, may be empty) are projected out of the Krylov space: the
/// result is the lowest eigenpair of P H P on their complement, so with the lowest eigenvector
/// in `deflate` it is the second-lowest eigenpair.
LowestMode lowest_mode(const EnergySurface& surface, const std::vector<double>& x,
                       const std::vector<double>& forces, const std::vector<double>& start,
                       const LanczosParameters& p, const std::vector<std::vector<double>>& deflate = {});

}  // namespace glassml::artn
