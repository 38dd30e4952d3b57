// The quasi-harmonic reference structures (md/strained_minimum.hpp): the affine scaling itself,
// and LAMMPS's minimization at the expanded box against a separate LAMMPS instance that checks
// the forces of the result and against the same expansion done by LAMMPS's own change_box.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "md/strained_minimum.hpp"
#include "minima.hpp"

using namespace glassml;
using namespace glassml::md;

using harmonic_test::largest_lammps_force;
using harmonic_test::oracle_kh;

TEST(StrainedMinimum, AffineScalingScalesEveryDistanceAndTheVolume) {
  const auto& glass = harmonic_test::small_glass();
  const double e = 3e-3;
  const Configuration s = scaled_affinely(glass, e);
  EXPECT_NEAR(s.box.volume(), glass.box.volume() * std::pow(1 + e, 3), 1e-9 * glass.box.volume());
  for (std::size_t j : {1u, 17u, 101u, 249u}) {
    const double d0 = norm(glass.box.minimum_image(glass.position[j] - glass.position[0]));
    const double d1 = norm(s.box.minimum_image(s.position[j] - s.position[0]));
    EXPECT_NEAR(d1, (1 + e) * d0, 1e-12 * d0);
  }
  EXPECT_THROW(scaled_affinely(glass, -1.0), ParameterError);
}

TEST(StrainedMinimum, ZeroStrainKeepsTheMinimum) {
  const auto& glass = harmonic_test::small_glass();  // minimized at ftol 1e-8
  MinimizationOptions o;
  o.log_path = harmonic_test::scratch("strained0.log");
  const StrainedMinimum m = minimize_at_strained_box(glass, read_eam_potential(harmonic_test::kPotential), 0.0, o);
  ASSERT_EQ(m.structure.size(), glass.size());
  double moved = 0;
  for (std::size_t i = 0; i < glass.size(); ++i)
    moved = std::max(moved, norm(glass.box.minimum_image(m.structure.position[i] - glass.position[i])));
  EXPECT_LT(moved, 1e-6);
  EXPECT_NEAR(m.structure.box.volume(), glass.box.volume(), 1e-9 * glass.box.volume());
}

// At a thermal strain the result is a minimum of the expanded box (forces checked by a fresh
// LAMMPS instance) and the same structure as LAMMPS's own expansion (change_box ... remap about
// the box centre: the same affine map up to a translation) minimized in a plain session; its K_h
// (oracle) equals the latter's within 1e-4 relative and the glass is softer than unstrained.
TEST(StrainedMinimum, ExpandedBoxIsAMinimumAndMatchesLammpsChangeBox) {
  const auto& glass = harmonic_test::small_glass();
  const double e = 2e-3;
  MinimizationOptions o;
  o.log_path = harmonic_test::scratch("strained.log");
  const auto potential = read_eam_potential(harmonic_test::kPotential);
  const StrainedMinimum m = minimize_at_strained_box(glass, potential, e, o);
  EXPECT_NEAR(m.structure.box.lx, (1 + e) * glass.box.lx, 1e-12 * glass.box.lx);
  EXPECT_LT(m.max_force, 1e-5);
  EXPECT_LT(largest_lammps_force(m.structure), 1e-5);
  EXPECT_GT(m.pressure, -1e5);  // finite, in bar; expanding the box lowers the pressure:
  EXPECT_LT(m.pressure, minimize_at_strained_box(glass, potential, 0.0, o).pressure);

  const Configuration ref =
      harmonic_test::plain_lammps_minimum(glass, {"change_box all x scale 1.002 y scale 1.002 z scale 1.002 remap"});
  const auto k = oracle_kh(m.structure), kref = oracle_kh(ref), k0 = oracle_kh(glass);
  double mean = 0, mean0 = 0;
  for (std::size_t i = 0; i < k.size(); ++i) {
    EXPECT_NEAR(k[i], kref[i], 1e-4 * kref[i]) << "atom " << glass.id[i];
    mean += k[i], mean0 += k0[i];
  }
  EXPECT_LT(mean, mean0);
}
