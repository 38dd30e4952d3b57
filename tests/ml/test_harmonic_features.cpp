// Per-atom inputs for learning the anharmonic part of the stiffness (issue 9): the EAM site
// energies and virials (md/eam_site_properties.hpp) against LAMMPS (compute pe/atom, compute
// stress/atom) and against finite differences of the energy under a homogeneous strain.
#include <gtest/gtest.h>

#include <random>

#include "../harmonic/fixtures.hpp"
#include "md/eam_hessian.hpp"
#include "md/eam_site_properties.hpp"
#include "md/eam_tables.hpp"

using namespace glassml;
using namespace glassml::md;

namespace {

Configuration jiggled(Configuration c, double amplitude, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-amplitude, amplitude);
  for (auto& p : c.position) p += Vec3{u(rng), u(rng), u(rng)};
  return c;
}

/// The configuration stretched by (1 + e) along axis a (box and positions, about the origin).
Configuration stretched(Configuration c, int a, double e) {
  for (auto& p : c.position) p[a] *= 1 + e;
  Vec3 lo = c.box.lo, hi = c.box.hi();
  lo[a] *= 1 + e, hi[a] *= 1 + e;
  c.box = Box::orthogonal(lo, hi);
  return c;
}

}  // namespace

// Σ_i W_i,aa = −∂E/∂ε_aa (virial theorem for a homogeneous strain), central differences.
TEST(EamSiteProperties, VirialIsStrainDerivativeOfEnergy) {
  const EamTables t = read_eam_tables(harmonic_test::kPotential, "eam/fs");
  const Configuration c = jiggled(harmonic_test::b2_lattice(5, 3.26), 0.2, 3);
  const EamSiteProperties s = eam_site_properties(t, c);
  double energy = 0;
  for (double e : s.energy) energy += e;
  EXPECT_NEAR(energy, eam_energy_forces(t, c).energy, 1e-9 * std::abs(energy));
  const double h = 1e-5;
  for (int a = 0; a < 3; ++a) {
    double w = 0;
    for (const auto& v : s.virial) w += v[a];
    const double de = (eam_energy_forces(t, stretched(c, a, h)).energy - eam_energy_forces(t, stretched(c, a, -h)).energy) / (2 * h);
    EXPECT_NEAR(w, -de, 1e-5 * std::abs(de) + 1e-6) << "axis " << a;
  }
}

// A perfect B2 crystal: every atom of a species has the same energy and pressure, and by cubic
// symmetry no shear (analytic truth); compressed below its equilibrium spacing the pressure is
// positive, stretched negative.
TEST(EamSiteProperties, CubicCrystalHasNoShearAndSignedPressure) {
  const EamTables t = read_eam_tables(harmonic_test::kPotential, "eam/fs");
  for (double a : {3.0, 3.6}) {
    const Configuration c = harmonic_test::b2_lattice(6, a);
    const EamSiteProperties s = eam_site_properties(t, c);
    for (std::size_t i = 0; i < c.size(); ++i) {
      const std::size_t first = c.type[i] == c.type[0] ? 0 : 1;
      EXPECT_NEAR(s.energy[i], s.energy[first], 1e-9);
      EXPECT_NEAR(s.pressure_volume[i], s.pressure_volume[first], 1e-9);
      EXPECT_NEAR(s.shear_volume[i], 0.0, 1e-8);
      if (a < 3.1) EXPECT_GT(s.pressure_volume[i], 0.1);
      else EXPECT_LT(s.pressure_volume[i], -0.1);
    }
  }
}
