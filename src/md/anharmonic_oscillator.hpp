#pragma once
// The classical one-dimensional anharmonic oscillator: the thermal mean and variance of a normal
// coordinate q whose potential along the mode is
//   V(q) = ½ λ q² + c3 q³ / 6 + c4 q⁴ / 24 + …   (eV; q in Å along a unit 3N-vector),
// at temperature T, with Boltzmann weight exp(−V / k_B T). Two estimates:
//
// (1) First order in T (classical thermal perturbation theory). With σ² = k_B T / λ and
//     exp(−βV) = exp(−q²/2σ²) [1 − β c3 q³/6 − β c4 q⁴/24 + β² c3² q⁶/72 + O(T^{3/2})],
//     the Gaussian moments ⟨q^{2n}⟩₀ = (2n−1)!! σ^{2n} give
//       ⟨q⟩  = −(β c3 / 6) · 3σ⁴                                 = −c3 k_B T / (2 λ²),
//       ⟨q²⟩ = σ² [1 − (β c4/24)(15 − 3) σ⁴ + (β² c3²/72)(105 − 15) σ⁶]
//            = (k_B T/λ) [1 + k_B T (5 c3² / (4 λ³) − c4 / (2 λ²))],
//       ⟨δq²⟩ = ⟨q²⟩ − ⟨q⟩² = (k_B T/λ) [1 + k_B T (c3² / λ³ − c4 / (2 λ²))].
//     The variance (fluctuation about the mean position) is what the MD label measures
//     (SPEC §3: MSD about the window's mean position). This is the lowest-order classical
//     anharmonic correction of a mean-square displacement (the high-temperature limit of the
//     self-energy expansion of lattice dynamics), here for one mode on its own: the coupling of
//     a mode to the others (terms ∂⁴V/∂q_k²∂q_l² ⟨q_l²⟩) is left out.
// (2) Numerical Boltzmann quadrature of V sampled on a uniform grid (no expansion): the
//     harmonic part exactly, the rest (the residual V − ½λq²) interpolated by a cubic spline,
//     Simpson's rule on a fine grid inside [−q_max, q_max] (a wall there), and a barrier along
//     the line (V falling again away from 0) replaced by a plateau (the running maximum of V
//     outward from 0): the atoms would leave the basin, which this model cannot follow.
#include <vector>

namespace glassml::md {

/// c3 (eV/Å³) and c4 (eV/Å⁴) of V along a line.
struct QuarticCoefficients {
  double c3 = 0, c4 = 0;
};

/// From E(−2a), E(−a), E(a), E(2a) relative to E(0) (five-point central differences, exact for a
/// quartic; error O(a²) otherwise): c3 = [E(2a) − 2E(a) + 2E(−a) − E(−2a)] / (2a³),
/// c4 = [E(2a) − 4E(a) − 4E(−a) + E(−2a)] / a⁴ (E(0) = 0).
QuarticCoefficients quartic_coefficients(double e_minus2, double e_minus1, double e_plus1, double e_plus2, double a);

struct ThermalMoments {
  double mean = 0;      ///< ⟨q⟩, Å
  double variance = 0;  ///< ⟨q²⟩ − ⟨q⟩², Å²
};

/// Estimate (1) above; kT in eV, λ > 0 in eV/Å².
ThermalMoments perturbative_moments(double lambda, const QuarticCoefficients& c, double kT);

/// Energies along a line on the grid q_j = (j − J) h, j = 0..2J (energy[J] = E(0) = 0, eV).
struct LineProfile {
  double lambda = 0;            ///< ½ λ q² is the harmonic part (eV/Å²)
  double spacing = 0;           ///< h, Å
  std::vector<double> energy;   ///< 2J + 1 values, J >= 2
};

/// Estimate (2) above: the potential is prepared once, then moments(kT) for any temperature.
class LineBoltzmann {
 public:
  /// `substeps`: fine-grid points per grid interval (even total). Throws ParameterError on a
  /// malformed profile.
  explicit LineBoltzmann(const LineProfile& profile, int substeps = 16);
  ThermalMoments moments(double kT) const;
  /// True if the potential falls again somewhere along the line (a plateau was put there).
  bool has_barrier() const { return barrier_; }
  /// Boltzmann weight exp(−V/kT) at the ends: how much the wall at ±q_max matters.
  double edge_weight(double kT) const;

 private:
  std::vector<double> q_, v_, w_;  ///< fine grid, V (with plateaus), Simpson weights
  bool barrier_ = false;
};

}  // namespace glassml::md
