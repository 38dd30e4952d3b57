// LammpsPotential: forces are -dE/dr (central differences of its own energy), and equal those
// of a fresh LAMMPS instance after any sequence of moves (small moves that keep the neighbour
// lists and cross periodic boundaries, large ones that rebuild them, another periodic image).
#include <gtest/gtest.h>

#include <random>

#include "core/error.hpp"
#include "fixtures.hpp"
#include "md/lammps_potential.hpp"

using namespace glassml;
using namespace glassml::md;
using harmonic_test::kPotential;

namespace {

std::vector<Vec3> jiggle(std::vector<Vec3> r, double amplitude, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-amplitude, amplitude);
  for (auto& p : r) p += Vec3{u(rng), u(rng), u(rng)};
  return r;
}

LammpsPotentialOptions options(const std::string& log) {
  LammpsPotentialOptions o;
  o.log_path = harmonic_test::scratch(log);
  return o;
}

}  // namespace

TEST(LammpsPotential, ForcesAreMinusTheGradientOfItsEnergy) {
  harmonic_test::mpi();
  auto c = harmonic_test::b2_lattice(5, 3.26);
  c.position = jiggle(c.position, 0.15, 1);
  LammpsPotential pot(c, read_eam_potential(kPotential), options("grad.log"));
  std::vector<Vec3> f, scratch;
  const double e0 = pot.energy_forces(c.position, f);
  EXPECT_NEAR(e0 / 250, -4.9, 0.3);  // eV/atom, CuZr near B2 (Mendelev: about -5)
  // Central differences of the energy, h = 1e-4 Å: truncation ~h² E''' ~ 1e-8, round-off
  // ~1e-13 * |E| / h ~ 1e-6 eV/Å.
  const double h = 1e-4;
  std::mt19937 rng(3);
  for (int trial = 0; trial < 12; ++trial) {
    const std::size_t i = rng() % c.size();
    const int a = static_cast<int>(rng() % 3);
    auto p = c.position;
    p[i][a] += h;
    const double ep = pot.energy_forces(p, scratch);
    p[i][a] -= 2 * h;
    const double em = pot.energy_forces(p, scratch);
    EXPECT_NEAR(f[i][a], -(ep - em) / (2 * h), 2e-5) << "atom " << i << " axis " << a;
    EXPECT_GT(std::abs(f[i][a]), 1e-3);  // a jiggled crystal: forces are not zero
  }
  EXPECT_EQ(pot.force_calls(), 25u);
}

TEST(LammpsPotential, MovesGiveTheForcesOfAFreshInstance) {
  harmonic_test::mpi();
  auto c = harmonic_test::b2_lattice(5, 3.26);
  c.position = jiggle(c.position, 0.1, 2);
  // The lattice sites on the faces x, y, z = 0 are jiggled to both sides of the box face: the
  // small moves below carry atoms across the periodic boundary, where stale ghosts would show.
  const auto pot_file = read_eam_potential(kPotential);
  LammpsPotential pot(c, pot_file, options("moves.log"));
  std::vector<Vec3> f, f_fresh;
  // A walk of small moves (in all below half the 1 Å skin: no rebuild), then a large one (rebuild), then
  // a different periodic image of every atom (rebuild).
  std::vector<std::vector<Vec3>> walk;
  auto r = c.position;
  for (int s = 0; s < 5; ++s) walk.push_back(r = jiggle(r, 0.03, 10 + s));
  walk.push_back(r = jiggle(r, 0.8, 20));
  walk.push_back(r = jiggle(r, 0.01, 21));
  for (auto& p : r) p += Vec3{16.3, -32.6, 0.0};
  walk.push_back(r);
  for (std::size_t s = 0; s < walk.size(); ++s) {
    const double e = pot.energy_forces(walk[s], f);
    Configuration moved = c;
    moved.position = walk[s];
    LammpsPotential fresh(moved, pot_file, options("fresh.log"));
    const double e_fresh = fresh.energy_forces(walk[s], f_fresh);
    EXPECT_NEAR(e, e_fresh, 1e-9 * std::abs(e_fresh)) << "step " << s;
    double worst = 0;
    for (std::size_t i = 0; i < f.size(); ++i) worst = std::max(worst, norm(f[i] - f_fresh[i]));
    EXPECT_LT(worst, 1e-9) << "step " << s;
  }
  EXPECT_EQ(pot.force_calls(), walk.size());
}

TEST(LammpsPotential, RefusesWhatLammpsWouldDieOn) {
  harmonic_test::mpi();
  auto c = harmonic_test::b2_lattice(4, 3.26);  // 13.04 Å < 2 x 7.6 Å cutoff
  EXPECT_THROW(LammpsPotential(c, read_eam_potential(kPotential)), ParameterError);
  auto d = harmonic_test::b2_lattice(5, 3.26);
  d.species_of_type = {"Cu", "Al"};
  EXPECT_THROW(LammpsPotential(d, read_eam_potential(kPotential)), ParameterError);
}
