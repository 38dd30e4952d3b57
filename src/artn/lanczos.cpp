#include "artn/lanczos.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace glassml::artn {
namespace {

// H·u by a forward difference of forces at x (module comment).
struct HessianProduct {
  const EnergySurface& surface;
  const std::vector<double>& x;
  const std::vector<double>& f0;
  double h;
  int calls = 0;

  std::vector<double> operator()(const std::vector<double>& u) {
    const double un = norm(u);
    std::vector<double> xp(x), fp(x.size(), 0.0), hu(x.size());
    axpy(h / un, u, xp);
    surface(xp, fp);
    ++calls;
    for (std::size_t i = 0; i < hu.size(); ++i) hu[i] = -(fp[i] - f0[i]) * un / h;
    return hu;
  }
};

// Lowest eigenpair of the k×k tridiagonal (alpha on the diagonal, beta off it).
std::pair<double, Eigen::VectorXd> lowest_ritz(const std::vector<double>& alpha, const std::vector<double>& beta) {
  const auto k = static_cast<Eigen::Index>(alpha.size());
  Eigen::MatrixXd t = Eigen::MatrixXd::Zero(k, k);
  for (Eigen::Index i = 0; i < k; ++i) {
    t(i, i) = alpha[static_cast<std::size_t>(i)];
    if (i + 1 < k) t(i, i + 1) = t(i + 1, i) = beta[static_cast<std::size_t>(i)];
  }
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(t);
  return {solver.eigenvalues()(0), solver.eigenvectors().col(0)};
}

}  // namespace

LowestMode lowest_mode(const EnergySurface& surface, const std::vector<double>& x,
                       const std::vector<double>& forces, const std::vector<double>& start,
                       const LanczosParameters& p, const std::vector<std::vector<double>>& deflate) {
  std::vector<double> q0(start);
  for (const auto& d : deflate) axpy(-dot(d, q0), d, q0);
  const double q0_norm = norm(q0);
  if (q0_norm == 0.0) throw std::invalid_argument("lowest_mode: zero start vector (after deflation)");
  for (auto& e : q0) e /= q0_norm;
  HessianProduct hv{surface, x, forces, p.step};
  const auto n = static_cast<int>(x.size() - deflate.size());
  const int max_basis = std::min(p.max_basis, n);
  std::vector<std::vector<double>> q{q0};
  std::vector<double> alpha, beta;
  double theta = 0.0, previous = 0.0;
  Eigen::VectorXd s;
  for (int k = 0; k < max_basis; ++k) {
    std::vector<double> w = hv(q.back());
    alpha.push_back(dot(q.back(), w));
    // full re-orthogonalization (twice, "twice is enough": Parlett) instead of the 3-term recurrence
    for (int pass = 0; pass < 2; ++pass) {
      for (const auto& qi : q) axpy(-dot(qi, w), qi, w);
      for (const auto& d : deflate) axpy(-dot(d, w), d, w);
    }
    std::tie(theta, s) = lowest_ritz(alpha, beta);
    const double b = norm(w);
    const bool settled = k + 1 >= std::max(p.min_basis, 2) && std::abs(theta - previous) < std::max(p.absolute_tolerance, p.relative_tolerance * std::abs(theta));
    previous = theta;
    if (settled || theta < p.stop_below || b < 1e-10 * std::max(1.0, std::abs(theta)) || k + 1 == max_basis) break;
    beta.push_back(b);
    for (auto& e : w) e /= b;
    q.push_back(std::move(w));
  }
  LowestMode mode;
  mode.eigenvalue = theta;
  mode.eigenvector.assign(x.size(), 0.0);
  for (std::size_t i = 0; i < q.size(); ++i) axpy(s(static_cast<Eigen::Index>(i)), q[i], mode.eigenvector);
  const double vn = norm(mode.eigenvector);
  for (auto& e : mode.eigenvector) e /= vn;
  mode.force_calls = hv.calls;
  return mode;
}

}  // namespace glassml::artn
