#pragma once
// Thermal relaxation of a minimized structure at fixed box, to first order in T: the mean
// position ⟨x⟩_T minimizes the harmonic free energy F(x) = E(x) + (k_B T/2) ln det′H(x), so
//   δx(T) = ⟨x⟩_T − x0 = H⁺ f_T,   f_T = −(k_B T/2) ∇ ln det′H = −½ Σ_m V3(·, v_m, v_m) k_B T/λ_m,
// the mean force of the harmonic thermal fluctuations (V3 the third derivatives of E; in normal
// coordinates ⟨q_l⟩ = −(k_B T/2λ_l) Σ_m V3_lmm/λ_m, the "tadpole" term of classical
// perturbation theory). f_T is estimated without third derivatives, by sampling: with u drawn
// from the harmonic distribution, u = Σ_m z_m √(k_B T/λ_m) v_m (z_m ~ N(0,1), translations left
// out), ½[F(x0 + u) + F(x0 − u)] − F(x0) = −½ V3(·, u, u) + O(u⁴), whose mean over u is f_T
// (antithetic pairs: the odd orders cancel exactly).
// Through δx the modes' stiffnesses shift, δλ_k = V3(v_k, v_k, δx): atoms relax toward softer
// surroundings where the vibration is large (thermal expansion on the atomic scale; the box's
// own expansion, in the NPT part of the label's protocol, is not in it).
#include <Eigen/Dense>
#include <cstdint>

#include "core/configuration.hpp"
#include "md/eam_tables.hpp"
#include "md/harmonic_modes.hpp"

namespace glassml::md {

/// f_T (3N, eV/Å) from `pairs` antithetic pairs of harmonic thermal displacements at kT (eV),
/// forces of the tabulated EAM potential; deterministic for a seed.
Eigen::VectorXd thermal_mean_force(const EamTables& tables, const Configuration& config, const HessianModes& modes,
                                   double kT, int pairs, std::uint64_t seed);

/// δx = H⁺ f (3N, Å) through the modes (the translations left out), from the modes with
/// eigenvalue >= `min_eigenvalue` only (eV/Å²): linear response f_k/λ_k is unbounded for the
/// softest modes (on two of the ten reference samples it moved atoms by 20 Å), whose own
/// anharmonic lines are followed instead (harmonic_anharmonic.hpp).
Eigen::VectorXd relaxation_under_force(const HessianModes& modes, const Eigen::VectorXd& force, double min_eigenvalue = 0);

}  // namespace glassml::md
