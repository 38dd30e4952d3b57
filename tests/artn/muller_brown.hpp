#pragma once
// The Müller–Brown surface (Müller & Brown, Theor. Chim. Acta 53, 75 (1979)), the standard 2-D
// test of saddle searches:  V(x, y) = Σ_k A_k exp(a_k (x − x_k)² + b_k (x − x_k)(y − y_k) + c_k (y − y_k)²)
// with the published parameters below; analytic gradient and Hessian, and Newton's method on
// them: the independent reference for the stationary points found by the artn module.
#include <Eigen/Dense>
#include <array>
#include <cmath>
#include <vector>

namespace mb {

inline constexpr std::array<double, 4> A{-200.0, -100.0, -170.0, 15.0};
inline constexpr std::array<double, 4> a{-1.0, -1.0, -6.5, 0.7};
inline constexpr std::array<double, 4> b{0.0, 0.0, 11.0, 0.6};
inline constexpr std::array<double, 4> c{-10.0, -10.0, -6.5, 0.7};
inline constexpr std::array<double, 4> x0{1.0, 0.0, -0.5, -1.0};
inline constexpr std::array<double, 4> y0{0.0, 0.5, 1.5, 1.0};

inline double energy(double x, double y, Eigen::Vector2d* grad = nullptr, Eigen::Matrix2d* hess = nullptr) {
  double v = 0.0;
  if (grad) grad->setZero();
  if (hess) hess->setZero();
  for (int k = 0; k < 4; ++k) {
    const double dx = x - x0[k], dy = y - y0[k];
    const double e = A[k] * std::exp(a[k] * dx * dx + b[k] * dx * dy + c[k] * dy * dy);
    const double gx = 2 * a[k] * dx + b[k] * dy, gy = b[k] * dx + 2 * c[k] * dy;  // ∇ of the exponent
    v += e;
    if (grad) *grad += e * Eigen::Vector2d(gx, gy);
    if (hess) *hess += e * (Eigen::Matrix2d() << gx * gx + 2 * a[k], gx * gy + b[k], gx * gy + b[k], gy * gy + 2 * c[k]).finished();
  }
  return v;
}

/// The surface as artn::EnergySurface (x = {x, y}; forces = −∇V).
inline double surface(const std::vector<double>& q, std::vector<double>& f) {
  Eigen::Vector2d g;
  const double v = energy(q[0], q[1], &g);
  f = {-g(0), -g(1)};
  return v;
}

/// Newton's method on ∇V = 0 from `start`: converges to the nearby stationary point.
inline Eigen::Vector2d newton(Eigen::Vector2d p) {
  for (int it = 0; it < 100; ++it) {
    Eigen::Vector2d g;
    Eigen::Matrix2d h;
    energy(p(0), p(1), &g, &h);
    const Eigen::Vector2d step = h.fullPivLu().solve(g);
    p -= step;
    if (step.norm() < 1e-14) break;
  }
  return p;
}

inline Eigen::Vector2d hessian_eigenvalues(const Eigen::Vector2d& p) {
  Eigen::Matrix2d h;
  energy(p(0), p(1), nullptr, &h);
  return Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d>(h).eigenvalues();
}

}  // namespace mb
