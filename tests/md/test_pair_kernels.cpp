// The OPT package kernel (eam/fs/opt) and the plain one (eam/fs) compute the same forces: the
// choice between them (--opt/--no-opt, docs/BENCHMARKS.md MD section) is one of speed only.
// Oracle: LAMMPS itself, both kernels on the same perturbed 2,000-atom glass.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "io/structure_file.hpp"
#include "md/eam_potential.hpp"
#include "md/lammps_potential.hpp"
#include "md/lammps_session.hpp"
#include "mpi_fixture.hpp"

using namespace glassml;
using namespace glassml::md;

TEST(PairKernels, OptAndPlainEamFsGiveTheSameForces) {
  test_mpi();
  if (!lammps_has_package("OPT")) GTEST_SKIP() << "this LAMMPS build has no OPT package";
  Configuration c = io::read_structure(std::string(GLASSML_SHARED_DATA) + "/cuzr2000-q1e13/s1.data");
  // Off the minimum (forces ~1 eV/A instead of 1e-6), as in MD at a few hundred K.
  std::mt19937_64 rng(7);
  std::normal_distribution<double> d(0.0, 0.1);
  for (auto& r : c.position) r += Vec3{d(rng), d(rng), d(rng)};
  const EamPotential pot = read_eam_potential("/usr/share/lammps/potentials/CuZr_mm.eam.fs");
  std::vector<Vec3> f_plain, f_opt;
  double e_plain = 0, e_opt = 0;
  {
    LammpsPotential plain(c, pot, {.optimized_pair = false});
    e_plain = plain.energy_forces(c.position, f_plain);
  }
  {
    LammpsPotential opt(c, pot, {.optimized_pair = true});
    e_opt = opt.energy_forces(c.position, f_opt);
  }
  double worst = 0, largest = 0;
  for (std::size_t i = 0; i < c.size(); ++i)
    worst = std::max(worst, norm(f_opt[i] - f_plain[i])), largest = std::max(largest, norm(f_plain[i]));
  std::printf("energy %.12f vs %.12f eV; largest force %.3f eV/A, largest difference %.3g eV/A\n", e_plain, e_opt,
              largest, worst);
  EXPECT_GT(largest, 0.5);  // a real test: forces far from zero
  EXPECT_LT(worst, 1e-10);
  EXPECT_NEAR(e_opt, e_plain, 1e-10 * std::abs(e_plain));
}
