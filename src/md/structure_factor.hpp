#pragma once
// Is a structure crystalline? The static structure factor S(q) = |Σ_j exp(i q·r_j)|² / N over
// the wave vectors allowed by the periodic box, q = 2π (n1 a* + n2 b* + n3 c*) (a*, b*, c* the
// reciprocal basis, n integer), in a shell qmin ≤ |q| ≤ qmax around the first diffraction
// peaks of metals (2.3–3.2 Å⁻¹). A crystal that fills the box has Bragg peaks S ≈ N·exp(−q²⟨u²⟩/3)
// (Debye–Waller; ≈ 0.5–0.9 N at 50 K); a glass or liquid has S(q) = O(1) at every q, its largest
// value over ~10⁴ vectors a few tens. The ratio max S / N is therefore a size-free crystallinity
// measure (Warren, X-ray Diffraction, 1969, ch. 4 and 10).
#include <cstddef>

#include "core/configuration.hpp"

namespace glassml::md {

struct BraggPeak {
  double s_max = 0.0;     ///< largest S(q) in the shell
  double q = 0.0;         ///< |q| where it is, Å⁻¹
  std::size_t count = 0;  ///< wave vectors examined (half space: S(-q) = S(q))
  double fraction() const;  ///< s_max / N
  std::size_t atoms = 0;
};

BraggPeak largest_bragg_peak(const Configuration& config, double qmin = 1.5, double qmax = 5.0);

/// A structure counts as crystalline when max S(q)/N exceeds this: a box-filling crystal is
/// well above (≥ 0.5), a 2,000-atom glass well below (~0.015), and even 250 glass atoms
/// (~0.12) stay under it.
inline constexpr double kCrystallineBraggFraction = 0.3;

}  // namespace glassml::md
