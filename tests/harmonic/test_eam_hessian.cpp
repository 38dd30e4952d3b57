// The analytic EAM Hessian: its tables reproduce LAMMPS's energies and forces (eam/fs and
// eam/alloy), it is the derivative of its own forces, and it agrees with the finite-difference
// Hessian of LAMMPS forces.
#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "core/error.hpp"
#include "fixtures.hpp"
#include "md/eam_hessian.hpp"
#include "md/eam_tables.hpp"
#include "md/harmonic_stiffness.hpp"
#include "md/lammps_potential.hpp"

using namespace glassml;
using namespace glassml::md;

namespace {

void expect_same_as_lammps(const Configuration& c, const std::string& file, const std::string& log, bool at_rest = false) {
  const EamPotential pot = read_eam_potential(file);
  const EamTables tables = read_eam_tables(file, pot.style);
  LammpsPotentialOptions o;
  o.log_path = harmonic_test::scratch(log);
  LammpsPotential lammps(c, pot, o);
  std::vector<Vec3> f;
  const double e = lammps.energy_forces(c.position, f);
  const EamEvaluation mine = eam_energy_forces(tables, c);
  // Same tables, same interpolation: equal up to summation order (~1e-13 relative).
  EXPECT_NEAR(mine.energy, e, 1e-10 * std::abs(e)) << file;
  double worst = 0, largest = 0;
  for (std::size_t i = 0; i < f.size(); ++i) worst = std::max(worst, norm(mine.forces[i] - f[i])), largest = std::max(largest, norm(f[i]));
  EXPECT_LT(worst, 1e-9) << file;
  if (!at_rest) {
    EXPECT_GT(largest, 0.1) << file;  // the check has teeth: forces are not all zero
  }
}

}  // namespace

TEST(EamTables, EnergiesAndForcesAreLammpsOnes) {
  harmonic_test::mpi();
  expect_same_as_lammps(harmonic_test::jiggled(harmonic_test::b2_lattice(5, 3.26), 0.2, 1), harmonic_test::kPotential, "tables_fs.log");
  expect_same_as_lammps(harmonic_test::small_glass(), harmonic_test::kPotential, "tables_glass.log", true);
  // eam/alloy, with the types in the opposite order of the file's elements (Ni Cu).
  auto c = harmonic_test::jiggled(harmonic_test::b2_lattice(5, 2.9), 0.15, 2);
  c.species_of_type = {"Cu", "Ni"};
  c.mass_of_type = {63.546, 58.693};
  expect_same_as_lammps(c, "/usr/share/lammps/potentials/CuNi.eam.alloy", "tables_alloy.log");
}

TEST(EamTables, MalformedFilesAreInputErrors) {
  const std::string path = harmonic_test::scratch("short.eam.fs");
  {
    std::ofstream out(path);
    out << "c\nc\nc\n2 Cu Zr\n100 0.01 100 0.01 5.0\n29 63.5 3.6 fcc\n1 2 3\n";
  }
  EXPECT_THROW(read_eam_tables(path, "eam/fs"), InputError);
  {
    std::ofstream out(path);
    out << "c\nc\nc\n1 Cu\n100 0.01 100 0.01 5.0\n29 63.5 3.6 fcc\n1 2 x3\n";
  }
  try {
    read_eam_tables(path, "eam/fs");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("short.eam.fs:7"), std::string::npos) << e.what();
  }
}

TEST(EamHessian, IsTheDerivativeOfItsOwnForces) {
  const auto& glass = harmonic_test::small_glass();
  const EamTables tables = read_eam_tables(harmonic_test::kPotential, "eam/fs");
  const BlockSparseMatrix h = eam_hessian(tables, glass);
  // Central differences of the forces. The tables are cubic pieces on a grid of dr = 7.6e-4 Å
  // (line 5 of the file) whose second derivatives jump by up to ~0.3 % at every knot, so a
  // difference that straddles a knot is not the second derivative at the point: columns i with
  // a neighbour distance within 2h of a knot are skipped (moving i changes only those distances).
  // Elsewhere: truncation ~h² F''' and round-off ~1e-14 / h, both < 1e-6 eV/Å² at h = 1e-6 Å.
  const double step = 1e-6, dr = 7.6e-4;
  std::mt19937 rng(5);
  int tested = 0;
  for (int trial = 0; trial < 40 && tested < 12; ++trial) {
    const std::size_t i = rng() % glass.size();
    const int a = static_cast<int>(rng() % 3);
    bool near_knot = false;
    for (std::size_t k = 0; k < glass.size(); ++k) {
      const double r = norm(glass.box.minimum_image(glass.position[k] - glass.position[i]));
      const double x = r / dr - std::floor(r / dr);
      if (k != i && r < 7.6 && std::min(x, 1 - x) * dr < 2 * step) near_knot = true;
    }
    if (near_knot) continue;
    ++tested;
    Configuration p = glass, m = glass;
    p.position[i][a] += step;
    m.position[i][a] -= step;
    const auto fp = eam_energy_forces(tables, p).forces, fm = eam_energy_forces(tables, m).forces;
    for (std::size_t k = 0; k < glass.size(); ++k) {
      const std::size_t q = h.find(i, k);
      for (int b = 0; b < 3; ++b) {
        const double fd = -(fp[k][b] - fm[k][b]) / (2 * step);
        if (q == SIZE_MAX) {
          ASSERT_LT(std::abs(fd), 1e-6);  // outside the pattern: no coupling
          continue;
        }
        EXPECT_NEAR(h.block[q][3 * a + b], fd, 1e-6 + 1e-6 * std::abs(fd)) << i << " " << k;
      }
    }
  }
  EXPECT_EQ(tested, 12);
  EXPECT_LT(max_translation_residual(h), 1e-9);
}

TEST(EamTables, CubicSplineReadingIsSmoothAndInterpolates) {
  // y = sin(x) on a grid of 0.05: the C² spline passes through the knots, its second derivative
  // is continuous across them (LAMMPS's Hermite cubics jump there) and close to −sin x.
  const double dx = 0.05;
  std::vector<double> y(200);
  for (std::size_t m = 0; m < y.size(); ++m) y[m] = std::sin(m * dx);
  const EamSpline lammps(y, dx), spline(y, dx, EamInterpolation::CubicSpline);
  double worst_jump_spline = 0, worst_jump_lammps = 0;
  for (int m = 20; m < 180; ++m) {
    double f, df, below, above;
    spline.eval((m - 1e-9) * dx, f, df, below);
    spline.eval(m * dx, f, df, above);
    EXPECT_NEAR(f, y[m], 1e-12);
    EXPECT_NEAR(above, -std::sin(m * dx), 2.2e-4);  // spline f'' error at knots: dx² |f''''| / 12 = 2.1e-4
    worst_jump_spline = std::max(worst_jump_spline, std::abs(above - below));
    lammps.eval((m - 1e-9) * dx, f, df, below);
    lammps.eval(m * dx, f, df, above);
    worst_jump_lammps = std::max(worst_jump_lammps, std::abs(above - below));
  }
  EXPECT_LT(worst_jump_spline, 1e-7);
  EXPECT_GT(worst_jump_lammps, 1e-5);
}
