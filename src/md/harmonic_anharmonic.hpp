#pragma once
// Anharmonic stiffness from the soft normal modes (issue 9, "Learning the anharmonic part";
// beyond the paper). A harmonic solid has ⟨u_i u_iᵀ⟩ = k_B T [H⁺]_ii (SPEC §9); writing the
// displacement in normal coordinates, u = Σ_k q_k v_k (v_k the unit eigenvectors of H, λ_k the
// eigenvalues), and treating the modes as independent,
//   ⟨|u_i|²⟩(T) = Σ_k |v_k,i|² ⟨δq_k²⟩_T,   harmonic: ⟨δq_k²⟩ = k_B T / λ_k.
// For the soft modes (λ_k below a cutoff) ⟨δq_k²⟩_T is replaced by the classical thermal variance
// of q_k in the true potential along the mode, V_k(q) = E(x0 + q v_k) − E(x0), evaluated with the
// tabulated EAM energy on a grid of amplitudes (md/anharmonic_oscillator.hpp: numerical Boltzmann
// quadrature, and the first-order estimate from the cubic and quartic coefficients). Per atom:
//   u²_i(T) / k_B T = Tr[H⁺]_ii + Σ_{k soft} |v_k,i|² (⟨δq_k²⟩_T / k_B T − 1/λ_k)   (Å²/eV),
//   K_anh,i = mean_T k_B T / u²_i(T)   (eV/Å², T over the label's temperatures, SPEC §3),
// the counterpart of the MD label K and of K_h = 1/Tr[H⁺]_ii (→ K_h when T → 0). What it leaves
// out: mode-mode coupling (each mode feels the others frozen at the minimum) and hops over
// barriers (a plateau is put beyond a barrier along the line).
// K_th adds the coupling through the mean structure (md/harmonic_thermal_shift.hpp): at T the
// atoms sit at x0 + δx(T), δx ∝ T to first order (the response of the modes above the cutoff to
// the thermal mean force; the soft modes' own response is left to their lines), where mode k's
// stiffness is
// λ_k + δλ_k(T), with δx(T) = τ δx(T_max), τ = T/T_max, and to second order in δx
//   δλ_k(T) = a_k τ + b_k τ²,   a_k = V3(v_k, v_k, δx(T_max)),   b_k = ½ V4(v_k, v_k, δx, δx),
// from the line's second differences at ±h at x0 ± δx (b_k corrected for the sampling noise of
// δx, measured the same way at x0 ± d, d the half-difference of two independent estimates of δx);
// the line V_k(q) + ½ δλ_k(T) q² is then integrated as above. (On s1, a_k alone, the first order,
// is −34 % of λ_k on average at 300 K, a_k + b_k only a few %: the second order is needed.)
#include <Eigen/Dense>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/configuration.hpp"
#include "md/eam_tables.hpp"
#include "md/harmonic_modes.hpp"

namespace glassml {
class Progress;
}

namespace glassml::md {

/// E(x0 + q v) − E(x0) of the tabulated EAM potential (the energy LAMMPS computes, same tables
/// and interpolation as md/eam_tables.hpp) for a displacement pattern v (3N, configuration order)
/// and several amplitudes q at once. Pairs within r_c + skin of the reference are listed once, so
/// no atom may move by more than skin / 2. Differences are accumulated per pair and per atom
/// (φ(r) − φ(r0), F(ρ0 + Δρ) − F(ρ0)), not as a difference of two totals.
class ModeLineEnergy {
 public:
  /// skin <= 0: the largest the box allows, at most 1 Å. Throws ParameterError if a species is
  /// not in the tables or the box is too small.
  ModeLineEnergy(const EamTables& tables, const Configuration& config, double skin = 0);
  std::vector<double> energies(const Eigen::Ref<const Eigen::VectorXd>& v, const std::vector<double>& q) const;
  double skin() const { return skin_; }

 private:
  struct Pair {
    std::size_t i, j;
    Vec3 d0;                  ///< r_i − r_j at the reference (minimum image)
    double phi0, fji0, fij0;  ///< φ, density at i from j, density at j from i (0 outside r_c)
  };
  const EamTables& t_;
  std::vector<int> element_;
  std::vector<double> rho0_, f0_;
  std::vector<Pair> pairs_;
  double skin_ = 0;
};

struct AnharmonicOptions {
  double cutoff = 1.0;  ///< follow the modes with λ_k below this (eV/Å²)
  std::vector<double> temperatures{50, 100, 150, 200, 250, 300};  ///< K (the label's, SPEC §3)
  int half_points = 8;            ///< J: energies at q = ±h, …, ±J h along each mode (2J calls)
  double span = 4.0;              ///< q_max = J h = span · √(k_B T_max / λ_k)
  double max_displacement = 0.4;  ///< Å: q_max is cut so that no atom moves further
  int thermal_pairs = 32;         ///< antithetic pairs of thermal snapshots for δx (0: no K_th)
  std::uint64_t seed = 1;         ///< of the snapshots
};

/// What one followed mode did (for the summary).
struct AnharmonicMode {
  double lambda = 0, c3 = 0, c4 = 0;  ///< eV/Å², eV/Å³, eV/Å⁴ (c3, c4 at amplitudes h, 2h)
  double q_max = 0;                   ///< Å
  double ratio_hot = 1;               ///< ⟨δq²⟩ / (k_B T/λ) at T_max, numerical quadrature
  double ratio_hot_perturbative = 1;  ///< the same, first order in T
  double shift_hot = 0;               ///< δλ_k(T_max), eV/Å² (thermal relaxation)
  double shift_first_order = 0;       ///< its first-order part V3(v_k, v_k, δx(T_max)), eV/Å²
  double ratio_hot_relaxed = 1;       ///< ⟨δq²⟩ / (k_B T/λ) at T_max with δλ_k
  bool barrier = false, cut = false;  ///< a plateau was put in; q_max was cut by max_displacement
};

struct AnharmonicStiffness {
  std::vector<double> stiffness;               ///< K_anh,i, eV/Å² (numerical quadrature)
  std::vector<double> stiffness_perturbative;  ///< the same with ⟨δq²⟩ to first order in T
  std::vector<double> stiffness_hot;           ///< k_B T_max / u²_i(T_max), eV/Å²
  std::vector<double> excess;                  ///< Σ_soft |v_k,i|² (⟨δq²⟩_Tmax / k_B T_max − 1/λ_k), Å²/eV
  std::vector<double> stiffness_relaxed;       ///< K_th, eV/Å² (empty without thermal_pairs)
  std::vector<double> relaxation;              ///< |δx_i(T_max)|, Å (empty without thermal_pairs)
  std::vector<AnharmonicMode> modes;           ///< the followed modes, ascending λ
};

/// The columns above from the modes of the Hessian at `config` (a minimum). Parallel over modes;
/// `progress` (may be null) counts followed modes. Throws ParameterError on bad options.
AnharmonicStiffness anharmonic_stiffness(const EamTables& tables, const Configuration& config, const HessianModes& modes,
                                         const AnharmonicOptions& options, Progress* progress = nullptr);

}  // namespace glassml::md
