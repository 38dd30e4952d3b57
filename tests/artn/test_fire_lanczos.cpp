// FIRE and Lanczos against analytic truth: the Müller–Brown minima (Newton's method on the
// analytic gradient) and Hessian eigenpairs (Eigen's dense solver on the analytic Hessian), and a
// 30-dimensional quadratic surface with a known spectrum.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <random>

#include "artn/energy_surface.hpp"
#include "artn/fire.hpp"
#include "artn/lanczos.hpp"
#include "muller_brown.hpp"

namespace artn = glassml::artn;

namespace {

artn::FireParameters mb_fire() {
  artn::FireParameters p;
  p.components = 2;
  p.dt_start = 0.002;  // forces ~10², curvatures up to ~10⁴ on this surface: dt ≲ 2/√λmax
  p.dt_max = 0.01;
  p.max_step = 0.02;
  p.force_tolerance = 1e-6;
  p.max_steps = 5000;
  return p;
}

// The three minima of the surface, from Newton's method started near the published positions
// (Müller & Brown 1979: (−0.558, 1.442), (0.623, 0.028), (−0.050, 0.467)).
const std::array<Eigen::Vector2d, 3> kMinimaGuess{Eigen::Vector2d(-0.558, 1.442), Eigen::Vector2d(0.623, 0.028),
                                                  Eigen::Vector2d(-0.050, 0.467)};

// A random orthogonal n×n matrix (QR of a Gaussian matrix).
Eigen::MatrixXd random_orthogonal(int n, std::mt19937_64& rng) {
  std::normal_distribution<double> gauss;
  Eigen::MatrixXd g(n, n);
  for (auto& e : g.reshaped()) e = gauss(rng);
  return Eigen::HouseholderQR<Eigen::MatrixXd>(g).householderQ();
}

// E = ½ xᵀ H x: forces are linear, so the finite differences of the Lanczos are exact.
artn::EnergySurface quadratic_surface(const Eigen::MatrixXd& h) {
  return [h](const std::vector<double>& x, std::vector<double>& f) {
    const Eigen::Map<const Eigen::VectorXd> xv(x.data(), h.rows());
    const Eigen::VectorXd hx = h * xv;
    f.assign(hx.data(), hx.data() + hx.size());
    for (auto& e : f) e = -e;
    return 0.5 * xv.dot(hx);
  };
}

}  // namespace

TEST(MullerBrown, NewtonReferenceMinimaAreMinima) {
  // the oracle itself: published energies (rounded to 0.01) and positive curvature
  const std::array<double, 3> published{-146.70, -108.17, -80.77};
  for (int m = 0; m < 3; ++m) {
    const Eigen::Vector2d p = mb::newton(kMinimaGuess[m]);
    EXPECT_NEAR(mb::energy(p(0), p(1)), published[m], 0.01);
    EXPECT_GT(mb::hessian_eigenvalues(p)(0), 0.0);
  }
}

TEST(Fire, ReachesTheMullerBrownMinima) {
  const std::array<std::vector<double>, 3> starts{std::vector<double>{-0.3, 1.2}, {0.9, 0.2}, {0.1, 0.6}};
  for (int m = 0; m < 3; ++m) {
    std::vector<double> x = starts[m];
    const artn::FireResult r = artn::fire_relax(mb::surface, x, mb_fire());
    const Eigen::Vector2d ref = mb::newton(kMinimaGuess[m]);
    ASSERT_TRUE(r.converged) << "minimum " << m;
    // |F| < 1e-6 and curvatures ≥ ~10²: position within ~1e-8
    EXPECT_NEAR(x[0], ref(0), 1e-7);
    EXPECT_NEAR(x[1], ref(1), 1e-7);
    EXPECT_NEAR(r.energy, mb::energy(ref(0), ref(1)), 1e-10);
    EXPECT_LT(r.steps, 1000) << "FIRE force calls to reach minimum " << m;
  }
}

TEST(Lanczos, LowestEigenpairOfTheMullerBrownHessian) {
  artn::LanczosParameters p;
  p.step = 1e-7;  // forward difference: error O(h · third derivative)
  for (const auto& x : {std::vector<double>{-0.558, 1.442}, {-0.82, 0.62}, {0.2, 0.3}, {-0.3, 1.0}}) {
    std::vector<double> f;
    mb::surface(x, f);
    const artn::LowestMode m = artn::lowest_mode(mb::surface, x, f, {1.0, 0.3}, p);
    Eigen::Matrix2d h;
    mb::energy(x[0], x[1], nullptr, &h);
    Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> exact(h);
    EXPECT_NEAR(m.eigenvalue, exact.eigenvalues()(0), 1e-4 * exact.eigenvalues().cwiseAbs().maxCoeff());
    EXPECT_NEAR(std::abs(m.eigenvector[0] * exact.eigenvectors()(0, 0) + m.eigenvector[1] * exact.eigenvectors()(1, 0)),
                1.0, 1e-6);
    EXPECT_LE(m.force_calls, 2);  // a 2-D Krylov space is the whole space
    // deflating the lowest mode leaves the second eigenvalue
    const artn::LowestMode m2 = artn::lowest_mode(mb::surface, x, f, {0.3, -1.0}, p, {m.eigenvector});
    EXPECT_NEAR(m2.eigenvalue, exact.eigenvalues()(1), 1e-4 * exact.eigenvalues().cwiseAbs().maxCoeff());
  }
}

TEST(Lanczos, ForwardDifferenceErrorIsFirstOrderInTheStep) {
  // H·u ≈ −(F(x + h u) − F(x))/h: the eigenvalue error halves when h halves (here from the
  // default h = 0.01, in the surface's units; curvature ~ −726 at this point)
  const std::vector<double> x{-0.82, 0.62};
  std::vector<double> f;
  mb::surface(x, f);
  const double exact = mb::hessian_eigenvalues(Eigen::Vector2d(x[0], x[1]))(0);
  artn::LanczosParameters p;
  const double error_h = artn::lowest_mode(mb::surface, x, f, {1.0, 0.0}, p).eigenvalue - exact;
  p.step /= 2;
  const double error_half = artn::lowest_mode(mb::surface, x, f, {1.0, 0.0}, p).eigenvalue - exact;
  EXPECT_LT(std::abs(error_h), 0.05 * std::abs(exact));
  EXPECT_NEAR(error_h / error_half, 2.0, 0.1);
}

TEST(Lanczos, QuadraticSurfaceWithKnownSpectrum) {
  // E = ½ xᵀ H x with H = Q diag(λ) Qᵀ, λ = −0.8, 0.5, 0.6, ... (random orthogonal Q): only the
  // Krylov basis limits the accuracy.
  const int n = 30;
  std::mt19937_64 rng(7);
  std::normal_distribution<double> gauss;
  const Eigen::MatrixXd q = random_orthogonal(n, rng);
  Eigen::VectorXd lambda(n);
  lambda(0) = -0.8;
  for (int i = 1; i < n; ++i) lambda(i) = 0.5 + 0.1 * i;
  const artn::EnergySurface quad = quadratic_surface(q * lambda.asDiagonal() * q.transpose());
  std::vector<double> x(n, 0.1), f, start(n);
  quad(x, f);
  for (auto& e : start) e = gauss(rng);
  artn::LanczosParameters p;
  p.max_basis = 25;
  p.relative_tolerance = 1e-8;
  p.absolute_tolerance = 0.0;
  const artn::LowestMode m = artn::lowest_mode(quad, x, f, start, p);
  EXPECT_NEAR(m.eigenvalue, -0.8, 1e-6);
  double overlap = 0.0;
  for (int i = 0; i < n; ++i) overlap += m.eigenvector[static_cast<std::size_t>(i)] * q(i, 0);
  EXPECT_NEAR(std::abs(overlap), 1.0, 1e-5);
  EXPECT_LE(m.force_calls, 25);
}

TEST(Lanczos, StopBelowEndsAtACertainCrossing) {
  // E = ½ xᵀ H x, H = Q diag(λ) Qᵀ with λ_min = −0.8 (then 0.5, 0.6, ...), or λ_min = +0.3 for the
  // control. The Ritz values bound λ_min from above, so a run that stops at θ < stop_below has
  // proved λ_min < stop_below; a run that never gets there must be unchanged by the option.
  const int n = 30;
  std::mt19937_64 rng(11);
  std::normal_distribution<double> gauss;
  const Eigen::MatrixXd q = random_orthogonal(n, rng);
  std::vector<double> start(n);
  for (auto& e : start) e = gauss(rng);
  for (const double lowest : {-0.8, 0.3}) {
    Eigen::VectorXd lambda(n);
    lambda(0) = lowest;
    for (int i = 1; i < n; ++i) lambda(i) = 0.5 + 0.1 * i;
    const artn::EnergySurface quad = quadratic_surface(q * lambda.asDiagonal() * q.transpose());
    std::vector<double> x(n, 0.1), f;
    quad(x, f);
    artn::LanczosParameters full;
    full.max_basis = 25;
    full.relative_tolerance = 1e-8;
    full.absolute_tolerance = 0.0;
    artn::LanczosParameters early = full;
    early.stop_below = -0.5;
    const artn::LowestMode a = artn::lowest_mode(quad, x, f, start, full);
    const artn::LowestMode b = artn::lowest_mode(quad, x, f, start, early);
    EXPECT_NEAR(a.eigenvalue, lowest, 1e-6);
    if (lowest < early.stop_below) {
      EXPECT_LT(b.eigenvalue, early.stop_below);
      EXPECT_GE(b.eigenvalue, lowest - 1e-9);  // an upper bound of λ_min
      EXPECT_LT(b.force_calls, a.force_calls);
    } else {
      EXPECT_EQ(b.force_calls, a.force_calls);
      EXPECT_DOUBLE_EQ(b.eigenvalue, a.eigenvalue);
    }
  }
}
