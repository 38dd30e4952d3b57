#include "md/anharmonic_oscillator.hpp"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace glassml::md {

QuarticCoefficients quartic_coefficients(double em2, double em1, double ep1, double ep2, double a) {
  QuarticCoefficients c;
  c.c3 = (ep2 - 2 * ep1 + 2 * em1 - em2) / (2 * a * a * a);
  c.c4 = (ep2 - 4 * ep1 - 4 * em1 + em2) / (a * a * a * a);
  return c;
}

ThermalMoments perturbative_moments(double lambda, const QuarticCoefficients& c, double kT) {
  const double l2 = lambda * lambda;
  ThermalMoments m;
  m.mean = -c.c3 * kT / (2 * l2);
  m.variance = kT / lambda * (1 + kT * (c.c3 * c.c3 / (l2 * lambda) - c.c4 / (2 * l2)));
  return m;
}

namespace {

/// Second derivatives M_j of the cubic spline through y_j on a uniform grid (spacing h), with
/// M_0, M_{n−1} extrapolated linearly from their neighbours (exact for a cubic y, whose second
/// derivative is linear; a natural end, M = 0, would bend the residual of a quartic at the ends).
Eigen::VectorXd spline_second_derivatives(const std::vector<double>& y, double h) {
  const Eigen::Index n = static_cast<Eigen::Index>(y.size());
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(n, n);
  Eigen::VectorXd b = Eigen::VectorXd::Zero(n);
  a(0, 0) = 1, a(0, 1) = -2, a(0, 2) = 1;
  a(n - 1, n - 1) = 1, a(n - 1, n - 2) = -2, a(n - 1, n - 3) = 1;
  for (Eigen::Index j = 1; j + 1 < n; ++j) {
    a(j, j - 1) = 1, a(j, j) = 4, a(j, j + 1) = 1;
    b(j) = 6 * (y[j + 1] - 2 * y[j] + y[j - 1]) / (h * h);
  }
  return a.partialPivLu().solve(b);
}

}  // namespace

LineBoltzmann::LineBoltzmann(const LineProfile& p, int substeps) {
  const std::size_t n = p.energy.size();
  if (n < 5 || n % 2 == 0 || !(p.spacing > 0) || !(p.lambda > 0) || substeps < 2 || substeps % 2)
    throw ParameterError(fmt::format("line profile: {} energies, spacing {} A, lambda {} eV/A^2, {} substeps "
                                     "(need an odd count >= 5, positive spacing and lambda, even substeps)",
                                     n, p.spacing, p.lambda, substeps));
  const int half = static_cast<int>(n / 2);
  const double h = p.spacing;
  std::vector<double> r(n);
  for (std::size_t j = 0; j < n; ++j) {
    const double q = (static_cast<int>(j) - half) * h;
    r[j] = p.energy[j] - 0.5 * p.lambda * q * q;
  }
  const Eigen::VectorXd m = spline_second_derivatives(r, h);
  const std::size_t fine = (n - 1) * static_cast<std::size_t>(substeps) + 1;
  q_.resize(fine), v_.resize(fine), w_.resize(fine);
  for (std::size_t f = 0; f < fine; ++f) {
    const std::size_t j = std::min(f / substeps, n - 2);
    const double t = static_cast<double>(f - j * substeps) / substeps, s = 1 - t;
    const double q = (static_cast<double>(f) / substeps - half) * h;
    const double res = s * r[j] + t * r[j + 1] + h * h / 6 * ((s * s * s - s) * m(j) + (t * t * t - t) * m(j + 1));
    q_[f] = q, v_[f] = 0.5 * p.lambda * q * q + res;
    w_[f] = (f == 0 || f + 1 == fine) ? 1.0 : (f % 2 ? 4.0 : 2.0);  // Simpson (the fine count is odd)
  }
  // Plateaus beyond a barrier: the running maximum outward from q = 0.
  const std::size_t centre = static_cast<std::size_t>(half) * substeps;
  v_[centre] = 0;
  for (std::size_t f = centre + 1; f < fine; ++f)
    if (v_[f] < v_[f - 1]) v_[f] = v_[f - 1], barrier_ = true;
  for (std::size_t f = centre; f-- > 0;)
    if (v_[f] < v_[f + 1]) v_[f] = v_[f + 1], barrier_ = true;
}

ThermalMoments LineBoltzmann::moments(double kT) const {
  double z = 0, s1 = 0, s2 = 0;
  for (std::size_t f = 0; f < q_.size(); ++f) {
    const double b = w_[f] * std::exp(-v_[f] / kT);  // V >= 0: no overflow
    z += b, s1 += b * q_[f], s2 += b * q_[f] * q_[f];
  }
  ThermalMoments m;
  m.mean = s1 / z;
  m.variance = std::max(0.0, s2 / z - m.mean * m.mean);
  return m;
}

double LineBoltzmann::edge_weight(double kT) const {
  return std::max(std::exp(-v_.front() / kT), std::exp(-v_.back() / kT));
}

}  // namespace glassml::md
