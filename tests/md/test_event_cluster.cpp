// md::EventCluster, the local mode of ARTn: a cluster cut around one atom of a periodic glass.
// Oracle: md::LammpsPotential on the whole periodic sample (LAMMPS itself). With a buffer of at
// least 2 r_c (EAM: the force on an atom depends on atoms within 2 r_c) the forces on the active
// atoms and the energy differences of active moves are those of the whole sample, up to the
// summation order; a thinner buffer must show an error (so the comparison can fail).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

#include "artn/artn_search.hpp"
#include "artn/local_push.hpp"
#include "core/error.hpp"
#include "io/structure_file.hpp"
#include "md/event_cluster.hpp"
#include "md/lammps_potential.hpp"
#include "mpi_fixture.hpp"

using namespace glassml;
using namespace glassml::md;

namespace {

const char* kPotential = "/usr/share/lammps/potentials/CuZr_mm.eam.fs";

/// Reference glass s1 (2,000 atoms, 32.9 Å box), read once.
const Configuration& sample() {
  static const Configuration c = [] {
    auto s = io::read_structure(std::string(GLASSML_SHARED_DATA) + "/cuzr2000-q1e13/s1.data");
    s.sort_by_id();
    return s;
  }();
  return c;
}

/// s1 replicated 2x2x2 (16,000 atoms, 65.9 Å box): wide enough for an exact cluster.
const Configuration& large_sample() {
  static const Configuration c = [] {
    const Configuration& s = sample();
    Configuration r = s;
    r.id.clear(), r.type.clear(), r.position.clear(), r.image.clear(), r.columns.clear();
    r.box.lx *= 2, r.box.ly *= 2, r.box.lz *= 2;
    for (int a = 0; a < 2; ++a)
      for (int b = 0; b < 2; ++b)
        for (int k = 0; k < 2; ++k)
          for (std::size_t i = 0; i < s.size(); ++i) {
            r.id.push_back(static_cast<std::int64_t>(r.id.size() + 1));
            r.type.push_back(s.type[i]);
            r.position.push_back(s.position[i] + Vec3{a * s.box.lx, b * s.box.ly, k * s.box.lz});
          }
    return r;
  }();
  return c;
}

LammpsPotentialOptions quiet() {
  LammpsPotentialOptions o;
  o.log_path = "/dev/null";
  return o;
}

/// Whole-sample forces (flat, in the cluster's atom order) and energy at the cluster coordinates
/// `x` mapped back into the sample.
double whole_sample_at(LammpsPotential& whole, const Configuration& s, const EventCluster& c,
                       const std::vector<double>& x, std::vector<double>& forces) {
  std::vector<Vec3> positions = s.position, f;
  const auto& index = c.sample_index();
  for (std::size_t k = 0; k < index.size(); ++k) positions[index[k]] = {x[3 * k], x[3 * k + 1], x[3 * k + 2]};
  const double e = whole.energy_forces(positions, f);
  forces.assign(3 * index.size(), 0.0);
  for (std::size_t k = 0; k < index.size(); ++k)
    for (int d = 0; d < 3; ++d) forces[3 * k + d] = f[index[k]][d];
  return e;
}

/// Random displacements (uniform in ±amplitude Å per coordinate) of the active atoms.
std::vector<double> displaced(const EventCluster& c, double amplitude, unsigned seed) {
  auto x = c.coordinates();
  const auto m = c.mobile();
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-amplitude, amplitude);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] += m[i] * u(rng);
  return x;
}

struct Discrepancy {
  double force = 0;   ///< eV/Å, largest difference of a force component on an active atom
  double energy = 0;  ///< eV, |ΔE_cluster − ΔE_sample| between the start and a displaced state
};

Discrepancy compare_with_whole(const Configuration& s, std::size_t center, const ClusterSettings& settings) {
  const auto potential = read_eam_potential(kPotential);
  EventCluster cluster(s, center, settings, potential, quiet());
  LammpsPotential whole(s, potential, quiet());
  EXPECT_TRUE(cluster.is_cut());
  const auto m = cluster.mobile();
  Discrepancy d;
  std::vector<double> fc, fw;
  const auto x0 = cluster.coordinates();
  const double ec0 = cluster.energy_forces(x0, fc), ew0 = whole_sample_at(whole, s, cluster, x0, fw);
  for (unsigned seed = 1; seed <= 2; ++seed) {
    const auto x = displaced(cluster, 0.2, seed);
    const double ec = cluster.energy_forces(x, fc), ew = whole_sample_at(whole, s, cluster, x, fw);
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (m[i] == 0) {
        EXPECT_EQ(fc[i], 0.0) << "frozen atoms feel no force";
        continue;
      }
      d.force = std::max(d.force, std::abs(fc[i] - fw[i]));
    }
    d.energy = std::max(d.energy, std::abs((ec - ec0) - (ew - ew0)));
  }
  return d;
}

}  // namespace

TEST(EventCluster, BufferOfTwoCutoffsGivesTheForcesAndEnergiesOfTheWholeSample) {
  test_mpi();
  const auto& s = large_sample();
  ClusterSettings settings;
  settings.active_radius = 5.0;
  settings.buffer = 2 * 7.6 + 0.3;  // 2 r_c of CuZr_mm + the largest displacement (0.2·√3 Å)
  const Discrepancy d = compare_with_whole(s, 4321, settings);
  // Same terms summed in another order: round-off only (forces ~1 eV/Å, energies ~1e5 eV).
  EXPECT_LT(d.force, 1e-9);
  EXPECT_LT(d.energy, 1e-6);
  std::printf("exact buffer: max force difference %.2e eV/Å, energy difference %.2e eV\n", d.force, d.energy);
  // The tighter bound max(r_φ, 2 r_ρ): CuZr_mm's r·φ tables end at 7.6 Å, its densities at 6.0 Å
  // (last non-zero entries of the setfl file), so 12 Å + the displacement.
  settings.buffer = 12.0 + 0.35;
  const Discrepancy tight = compare_with_whole(s, 4321, settings);
  EXPECT_LT(tight.force, 1e-9);
  EXPECT_LT(tight.energy, 1e-6);
}

TEST(EventCluster, ThinnerBufferIsAnApproximation) {
  test_mpi();
  ClusterSettings settings;
  settings.active_radius = 5.0;
  settings.buffer = 7.6;  // r_c: the embedding densities of the outer shell miss their neighbours
  const Discrepancy d = compare_with_whole(large_sample(), 4321, settings);
  EXPECT_GT(d.force, 1e-6);
  EXPECT_LT(d.force, 0.5);
  std::printf("buffer r_c: max force difference %.2e eV/Å, energy difference %.2e eV\n", d.force, d.energy);
}

TEST(EventCluster, CutsTheSphereAroundTheCentre) {
  test_mpi();
  const auto& s = sample();
  const ClusterSettings settings{4.0, 7.6};
  const std::size_t center = 17;
  EventCluster c(s, center, settings, read_eam_potential(kPotential), quiet());
  ASSERT_TRUE(c.is_cut());  // 2 x 11.6 Å < 32.9 Å
  // Brute force: the atoms within each radius (minimum image).
  std::size_t within_active = 0, within_cluster = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const double r = norm(s.box.minimum_image(s.position[i] - s.position[center]));
    within_active += r <= settings.active_radius;
    within_cluster += r <= settings.radius();
  }
  EXPECT_EQ(c.size(), within_cluster);
  EXPECT_EQ(c.active_count(), within_active);
  EXPECT_EQ(c.sample_index()[c.center()], center);
  const auto x = c.coordinates();
  const auto m = c.mobile();
  for (std::size_t k = 0; k < c.size(); ++k) {
    const Vec3 r{x[3 * k], x[3 * k + 1], x[3 * k + 2]};
    const double d = norm(r - s.position[center]);  // unwrapped: plain distance, no image
    EXPECT_LE(d, settings.radius() + 1e-9);
    EXPECT_EQ(m[3 * k] == 1.0, d <= settings.active_radius) << "atom " << k;
    EXPECT_GT(s.id[c.sample_index()[k]], k == 0 ? 0 : s.id[c.sample_index()[k - 1]]) << "increasing ids";
  }
}

TEST(EventCluster, TooLargeForTheBoxFallsBackToTheWholeSampleWithAFrozenOutside) {
  test_mpi();
  const auto& s = sample();
  ClusterSettings settings;
  settings.active_radius = 5.0;
  settings.buffer = 15.2;  // 2 x 20.2 Å > 32.9 Å
  const auto potential = read_eam_potential(kPotential);
  EventCluster c(s, 100, settings, potential, quiet());
  EXPECT_FALSE(c.is_cut());
  ASSERT_EQ(c.size(), s.size());
  std::size_t within_active = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    within_active += norm(s.box.minimum_image(s.position[i] - s.position[100])) <= settings.active_radius;
  EXPECT_EQ(c.active_count(), within_active);
  // The same energy and forces on the active atoms as the periodic sample itself.
  LammpsPotential whole(s, potential, quiet());
  std::vector<double> fc, fw;
  const auto x = displaced(c, 0.1, 3);
  const double ec = c.energy_forces(x, fc), ew = whole_sample_at(whole, s, c, x, fw);
  EXPECT_NEAR(ec, ew, 1e-6);
  const auto m = c.mobile();
  for (std::size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(fc[i], m[i] * fw[i], 1e-9);
}

TEST(EventCluster, FrozenAtomsNeverMove) {
  test_mpi();
  const auto& s = sample();
  const ClusterSettings settings{5.0, 7.6};
  EventCluster c(s, 250, settings, read_eam_potential(kPotential), quiet());
  ASSERT_TRUE(c.is_cut());
  const artn::EnergySurface surface = [&](const std::vector<double>& x, std::vector<double>& f) {
    return c.energy_forces(x, f);
  };
  const auto x0 = c.coordinates(), m = c.mobile();
  auto expect_frozen = [&](const std::vector<double>& x, const char* what) {
    std::size_t moved = 0;
    for (std::size_t i = 0; i < x0.size(); ++i) {
      if (m[i] == 0) {
        EXPECT_EQ(x[i], x0[i]) << what << ": frozen coordinate " << i;
      }
      moved += m[i] != 0 && x[i] != x0[i];
    }
    return moved;
  };
  // A relaxation from displaced active atoms (the forces on frozen atoms are zero).
  auto x = displaced(c, 0.2, 7);
  const auto relaxed = artn::fire_relax(surface, x, artn::FireParameters{});
  EXPECT_TRUE(relaxed.converged);
  EXPECT_GT(expect_frozen(x, "relaxation"), 0u);
  // A saddle search with the mobile mask: every state it returns.
  const auto push = artn::local_push_mask(artn::unflatten(x0), c.box(), c.center(), 3.5);
  artn::ArtnParameters p;
  p.seed = 5;
  p.max_force_calls = 1500;
  const std::size_t before = c.force_calls();
  const auto r = artn::artn_search(surface, x0, push, p, m);
  std::printf("search on the cluster: %s, %zu force calls\n", artn::describe(r.status).c_str(), r.force_calls.total());
  for (const auto* v : {&r.initial, &r.saddle, &r.final_minimum})
    if (!v->empty()) expect_frozen(*v, "search");
  for (std::size_t i = 0; i < r.eigenvector.size(); ++i) EXPECT_EQ(r.eigenvector[i] * (1 - m[i]), 0.0);
  EXPECT_EQ(c.force_calls() - before, r.force_calls.total());
}

TEST(EventCluster, MovesGiveTheForcesOfAFreshInstance) {
  // Moves beyond half the skin (0.5 Å) make LAMMPS rebuild its neighbour lists and re-fit the
  // shrink-wrapped box; a fresh instance evaluated once at the same state is the oracle.
  test_mpi();
  const auto potential = read_eam_potential(kPotential);
  const ClusterSettings settings{5.0, 7.6};
  EventCluster moved(sample(), 1234, settings, potential, quiet());
  std::vector<double> f1, f2;
  moved.energy_forces(moved.coordinates(), f1);
  moved.energy_forces(displaced(moved, 1.5, 1), f1);  // up to 2.6 Å: rebuild
  const auto x = displaced(moved, 0.1, 2);
  const double e1 = moved.energy_forces(x, f1);
  EventCluster fresh(sample(), 1234, settings, potential, quiet());
  const double e2 = fresh.energy_forces(x, f2);
  EXPECT_NEAR(e1, e2, 1e-9);
  for (std::size_t i = 0; i < f1.size(); ++i) EXPECT_NEAR(f1[i], f2[i], 1e-10);
}

TEST(EventCluster, RefusesBadSettingsInOneLine) {
  test_mpi();
  const auto potential = read_eam_potential(kPotential);
  auto message = [&](double active, double buffer, std::size_t center) -> std::string {
    try {
      EventCluster c(sample(), center, {active, buffer}, potential, quiet());
    } catch (const ParameterError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_EQ(message(0, 7.6, 0), "active radius 0 Å: must be positive");
  EXPECT_EQ(message(NAN, 7.6, 0), "active radius nan Å: must be positive");
  EXPECT_EQ(message(4, -1, 0), "buffer -1 Å: must be zero or positive");
  EXPECT_EQ(message(4, INFINITY, 0), "buffer inf Å: must be zero or positive");
  EXPECT_EQ(message(4, 7.6, 2000), "cluster centre 2000 out of range (the sample has 2000 atoms)");
}

TEST(EventCluster, NonPeriodicLammpsPotentialChecksPositionsBeforeLammps) {
  test_mpi();
  const auto potential = read_eam_potential(kPotential);
  ClusterSettings settings{4.0, 7.6};
  EventCluster c(sample(), 9, settings, potential, quiet());
  std::vector<double> f;
  auto x = c.coordinates();
  x[3 * c.center()] = NAN;
  EXPECT_THROW(c.energy_forces(x, f), std::invalid_argument);
  x = c.coordinates();
  x[3 * c.center()] += 1e4;  // far beyond the box: would exhaust LAMMPS' neighbour bins
  EXPECT_THROW(c.energy_forces(x, f), std::invalid_argument);
  // A configuration with an atom outside its non-periodic box is refused at setup.
  Configuration bad = sample();
  bad.box.periodic = {false, false, false};
  bad.position[0].x = bad.box.lo.x - 1;
  EXPECT_THROW(LammpsPotential(bad, potential, quiet()), ParameterError);
  EXPECT_NO_THROW(c.energy_forces(c.coordinates(), f));  // the instance is still usable
}
