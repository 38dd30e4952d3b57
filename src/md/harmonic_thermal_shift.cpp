#include "md/harmonic_thermal_shift.hpp"

#include <fmt/format.h>

#include <cmath>
#include <random>

#include "core/error.hpp"
#include "md/eam_hessian.hpp"

namespace glassml::md {
namespace {

Eigen::VectorXd forces_at(const EamTables& t, Configuration& c, const Configuration& ref, const Eigen::VectorXd& u,
                          double sign) {
  for (std::size_t i = 0; i < c.size(); ++i) {
    const Eigen::Index r = 3 * static_cast<Eigen::Index>(i);
    c.position[i] = ref.position[i] + sign * Vec3{u(r), u(r + 1), u(r + 2)};
  }
  const EamEvaluation e = eam_energy_forces(t, c);
  Eigen::VectorXd f(3 * c.size());
  for (std::size_t i = 0; i < c.size(); ++i)
    for (int a = 0; a < 3; ++a) f(3 * static_cast<Eigen::Index>(i) + a) = e.forces[i][a];
  return f;
}

}  // namespace

Eigen::VectorXd thermal_mean_force(const EamTables& t, const Configuration& config, const HessianModes& modes, double kT,
                                   int pairs, std::uint64_t seed) {
  if (pairs < 1 || !(kT > 0)) throw ParameterError(fmt::format("thermal mean force: {} pairs at kT {} eV", pairs, kT));
  if (modes.natoms() != config.size()) throw ParameterError("thermal mean force: the modes are not of this configuration");
  const Eigen::Index n = modes.eigenvalues.size();
  // Z: normal-coordinate amplitudes √(k_B T/λ_m) z_m of every snapshot (rows of the translations 0).
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  Eigen::MatrixXd z = Eigen::MatrixXd::Zero(n, pairs);
  for (int s = 0; s < pairs; ++s)
    for (Eigen::Index m = 3; m < n; ++m) z(m, s) = normal(rng) * std::sqrt(kT / modes.eigenvalues(m));
  const Eigen::MatrixXd u = modes.vectors * z;  // 3N x pairs displacements
  Configuration c = config;
  const Eigen::VectorXd zero = Eigen::VectorXd::Zero(3 * static_cast<Eigen::Index>(config.size()));
  const Eigen::VectorXd f0 = forces_at(t, c, config, zero, 1.0);
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(f0.size());
  for (int s = 0; s < pairs; ++s)
    mean += 0.5 * (forces_at(t, c, config, u.col(s), 1.0) + forces_at(t, c, config, u.col(s), -1.0)) - f0;
  return mean / pairs;
}

Eigen::VectorXd relaxation_under_force(const HessianModes& modes, const Eigen::VectorXd& force, double min_eigenvalue) {
  Eigen::VectorXd c = modes.vectors.transpose() * force;
  c.head(3).setZero();
  for (Eigen::Index k = 3; k < c.size(); ++k) c(k) = modes.eigenvalues(k) >= min_eigenvalue ? c(k) / modes.eigenvalues(k) : 0.0;
  return modes.vectors * c;
}

}  // namespace glassml::md
