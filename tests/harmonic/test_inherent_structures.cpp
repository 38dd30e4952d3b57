// Inherent structures (md/inherent_structures.hpp) of the 250-atom test glass: a cold run keeps
// the sample's minimum and its K_h; a warm run ends in another minimum (forces checked by a fresh
// LAMMPS instance) that is the one a plain LAMMPS session reaches with the documented recipe;
// seeds reproduce; bad options are refused before LAMMPS starts.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "md/inherent_structures.hpp"
#include "minima.hpp"

using namespace glassml;
using namespace glassml::md;

namespace {

InherentStructureOptions options(double temperature, double ps, const std::string& log) {
  InherentStructureOptions o;
  o.temperature = temperature;
  o.duration = ps;
  o.minimization.log_path = harmonic_test::scratch(log);
  return o;
}

double largest_distance(const Configuration& a, const Configuration& b) {
  double d = 0;
  for (std::size_t i = 0; i < a.size(); ++i) d = std::max(d, norm(a.box.minimum_image(b.position[i] - a.position[i])));
  return d;
}

}  // namespace

// At 1 K for 0.2 ps the atoms vibrate by ~0.01 Å: CG returns to the sample's own minimum, so the
// structure, the energy and K_h (oracle) are the sample's.
TEST(InherentStructures, ColdRunReturnsToTheSampleMinimum) {
  const auto& glass = harmonic_test::small_glass();
  const auto potential = read_eam_potential(harmonic_test::kPotential);
  const InherentStructure s = inherent_structure(glass, potential, options(1.0, 0.2, "is_cold.log"), 0);
  ASSERT_EQ(s.structure.size(), glass.size());
  EXPECT_LT(s.largest_displacement, 1e-3);
  EXPECT_EQ(s.atoms_moved, 0u);
  EXPECT_LT(largest_distance(glass, s.structure), 1e-3);
  const auto k = harmonic_test::oracle_kh(s.structure), k0 = harmonic_test::oracle_kh(glass);
  for (std::size_t i = 0; i < k.size(); ++i) EXPECT_NEAR(k[i], k0[i], 1e-4 * k0[i]) << "atom " << glass.id[i];
}

// At 500 K for 1 ps this quickly quenched glass relaxes into other minima: the result is a
// force-free minimum (fresh LAMMPS), the run was at T (its end temperature within the ±30 % a
// 250-atom NVT fluctuates by far less), atoms moved, and the structure is the one a plain LAMMPS
// session reaches from the same input lines and seed (harmonic_test::inherent_structure_lines).
TEST(InherentStructures, WarmRunEndsInTheMinimumPlainLammpsReaches) {
  const auto& glass = harmonic_test::small_glass();
  const auto potential = read_eam_potential(harmonic_test::kPotential);
  const InherentStructureOptions o = options(500.0, 1.0, "is_warm.log");
  const InherentStructure s = inherent_structure(glass, potential, o, 0);
  EXPECT_EQ(s.lammps_seed, o.lammps_seed(0));
  EXPECT_GT(s.lammps_seed, 0);
  EXPECT_LT(s.max_force, 1e-5);
  EXPECT_LT(harmonic_test::largest_lammps_force(s.structure), 1e-5);
  EXPECT_NEAR(s.final_temperature, 500.0, 150.0);
  EXPECT_GT(s.largest_displacement, 0.3);
  EXPECT_GT(s.atoms_moved, 0u);
  EXPECT_GT(s.iterations, 0);

  const Configuration ref =
      harmonic_test::plain_lammps_minimum(glass, harmonic_test::inherent_structure_lines(500.0, o.steps(), s.lammps_seed));
  EXPECT_LT(largest_distance(ref, s.structure), 1e-6);

  // The same (options, k) reproduces the structure; the next k is another run.
  const InherentStructure again = inherent_structure(glass, potential, o, 0);
  EXPECT_LT(largest_distance(s.structure, again.structure), 1e-12);
  const InherentStructure other = inherent_structure(glass, potential, o, 1);
  EXPECT_NE(other.lammps_seed, s.lammps_seed);
  EXPECT_GT(largest_distance(s.structure, other.structure), 1e-3);
}

TEST(InherentStructures, ImpossibleOptionsAreRefused) {
  const auto& glass = harmonic_test::small_glass();
  const auto potential = read_eam_potential(harmonic_test::kPotential);
  auto bad = [&](auto change) {
    InherentStructureOptions o = options(300.0, 0.1, "is_bad.log");
    change(o);
    EXPECT_THROW(inherent_structures(glass, potential, o), ParameterError);
  };
  bad([](InherentStructureOptions& o) { o.count = 0; });
  bad([](InherentStructureOptions& o) { o.temperature = -5; });
  bad([](InherentStructureOptions& o) { o.temperature = NAN; });
  bad([](InherentStructureOptions& o) { o.duration = -1; });
  bad([](InherentStructureOptions& o) { o.timestep = 0.1; });
  bad([](InherentStructureOptions& o) { o.minimization.force_tolerance = 0; });
  // A box too small for the cutoff is refused before LAMMPS would end the process.
  InherentStructureOptions o = options(300.0, 0.1, "is_small.log");
  EXPECT_THROW(inherent_structure(harmonic_test::b2_lattice(4, 3.26), potential, o, 0), ParameterError);
}
