// ARTn on the Müller–Brown surface: the saddles it finds against Newton's method on the analytic
// gradient and Hessian, exactly one negative eigenvalue there (analytic Hessian), connectivity to
// the right minima, and an upper bound on force calls (a count: a slowdown fails).
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <set>
#include <string>

#include "artn/artn_search.hpp"
#include "muller_brown.hpp"

namespace artn = glassml::artn;

namespace {

// The surface's curvatures are ~10²–10⁴ in its own units, not eV/Å²: lengths and thresholds scaled.
artn::ArtnParameters mb_parameters(std::uint64_t seed) {
  artn::ArtnParameters p;
  p.components = 2;
  p.basin_step = 0.02;
  p.eigenvalue_threshold = -1.0;
  p.eigen_step_max = 0.02;
  p.saddle_force_tolerance = 1e-4;
  p.second_eigenvalue_floor = -1.0;
  p.push_over = 0.03;
  p.connect_tolerance = 0.01;
  p.ignore_translation = false;  // one point on a 2-D surface, not atoms
  p.seed = seed;
  p.fire.dt_start = 0.005;  // unit masses, curvatures up to ~10⁴: dt ≲ 2/√λmax = 0.02
  p.fire.dt_max = 0.02;
  p.fire.max_step = 0.02;
  p.fire.force_tolerance = 1e-4;
  p.fire.max_steps = 5000;
  p.lanczos.step = 1e-4;
  return p;
}

const Eigen::Vector2d kMinA = mb::newton({-0.558, 1.442});
const Eigen::Vector2d kMinB = mb::newton({0.623, 0.028});
const Eigen::Vector2d kMinC = mb::newton({-0.050, 0.467});
const Eigen::Vector2d kSaddle1 = mb::newton({-0.822, 0.624});  // between A and C
const Eigen::Vector2d kSaddle2 = mb::newton({0.212, 0.293});   // between C and B

double distance(const std::vector<double>& x, const Eigen::Vector2d& p) { return std::hypot(x[0] - p(0), x[1] - p(1)); }

}  // namespace

TEST(MullerBrown, NewtonReferenceSaddlesAreFirstOrder) {
  for (const auto& s : {kSaddle1, kSaddle2}) {
    const Eigen::Vector2d ev = mb::hessian_eigenvalues(s);
    EXPECT_LT(ev(0), 0.0);
    EXPECT_GT(ev(1), 0.0);
  }
  EXPECT_NEAR(mb::energy(kSaddle1(0), kSaddle1(1)), -40.66, 0.01);  // published, rounded
  EXPECT_NEAR(mb::energy(kSaddle2(0), kSaddle2(1)), -72.25, 0.01);
}

// Pushes in 12 directions around each of two minima. Many directions climb the surface's
// outer flanks, where the lowest curvature turns positive again with no saddle (status
// LostNegativeCurvature) or never turns negative (BasinExitFailed): only some succeed, but every
// success must be the right saddle, to Newton's precision.
TEST(ArtnSearch, FindsTheMullerBrownSaddlesFromTwoMinima) {
  struct Case {
    Eigen::Vector2d start, saddle, final_min;
    int min_successes;  // of 12 (observed when written: 2 from A, 7 from B)
  };
  const std::vector<Case> cases{{kMinA, kSaddle1, kMinC, 2}, {kMinB, kSaddle2, kMinC, 5}};
  for (const auto& cs : cases) {
    int successes = 0;
    for (int k = 0; k < 12; ++k) {
      const double angle = 2 * M_PI * k / 12;
      const auto r = artn::artn_search_along(mb::surface, {cs.start(0), cs.start(1)}, {std::cos(angle), std::sin(angle)},
                                             mb_parameters(1));
      EXPECT_LE(r.force_calls.total(), 2500u);  // budget: activation_max_iterations and FIRE limits
      if (!r.success()) continue;
      ++successes;
      // |F| < 1e-4 with curvatures ≥ ~10²: within ~1e-6 of Newton's saddle
      EXPECT_LT(distance(r.saddle, cs.saddle), 2e-6) << "direction " << k;
      EXPECT_NEAR(r.saddle_energy, mb::energy(cs.saddle(0), cs.saddle(1)), 1e-8);
      EXPECT_NEAR(r.barrier, mb::energy(cs.saddle(0), cs.saddle(1)) - mb::energy(cs.start(0), cs.start(1)), 1e-8);
      EXPECT_LT(distance(r.final_minimum, cs.final_min), 1e-5);
      EXPECT_LT(distance(r.initial, cs.start), 1e-5);
      // exactly one negative eigenvalue, analytically and as found by the search's Lanczos
      const Eigen::Vector2d ev = mb::hessian_eigenvalues({r.saddle[0], r.saddle[1]});
      EXPECT_LT(ev(0), 0.0);
      EXPECT_GT(ev(1), 0.0);
      EXPECT_NEAR(r.lowest_eigenvalue, ev(0), 1e-2 * std::abs(ev(0)));
      EXPECT_NEAR(r.second_eigenvalue, ev(1), 1e-2 * std::abs(ev(1)));
      // force calls to reach and verify the saddle (observed ≤ ~420 when written)
      EXPECT_LE(r.force_calls.basin + r.force_calls.activation + r.force_calls.verification, 500u) << "direction " << k;
    }
    EXPECT_GE(successes, cs.min_successes) << "from (" << cs.start.transpose() << ")";
  }
}

// A search with several pushes is the sequence of one-push searches seeded push_seed(seed, k):
// all but the last fail, the last is the result, the force calls add up and each push's record is
// that search's status, calls and return distance. From minimum A most
// directions fail (above), so some seed needs more than one push.
TEST(ArtnSearch, FailedPushesAreRetriedAndCounted) {
  int retried = 0;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    auto p = mb_parameters(seed);
    p.pushes = 8;
    p.max_force_calls = 1000000;  // no budget cut: every push runs as it would alone
    const auto r = artn::artn_search(mb::surface, {kMinA(0), kMinA(1)}, {1.0, 1.0}, p);
    ASSERT_GE(r.pushes, 1);
    ASSERT_LE(r.pushes, p.pushes);
    if (r.pushes > 1) ++retried;
    std::size_t calls = 0;
    for (int k = 0; k < r.pushes; ++k) {
      auto one = mb_parameters(artn::push_seed(seed, k));
      one.pushes = 1;
      one.max_force_calls = p.max_force_calls;
      const auto rk = artn::artn_search(mb::surface, {kMinA(0), kMinA(1)}, {1.0, 1.0}, one);
      calls += rk.force_calls.total();
      // the record of push k is that one-push search's status and calls
      ASSERT_EQ(r.push_records.size(), static_cast<std::size_t>(r.pushes));
      const auto& record = r.push_records[static_cast<std::size_t>(k)];
      EXPECT_EQ(record.status, rk.status) << "seed " << seed << " push " << k;
      EXPECT_EQ(record.force_calls.total(), rk.force_calls.total()) << "seed " << seed << " push " << k;
      EXPECT_EQ(record.force_calls.activation, rk.force_calls.activation) << "seed " << seed << " push " << k;
      EXPECT_EQ(record.return_distance, rk.return_distance) << "seed " << seed << " push " << k;
      if (k + 1 < r.pushes) {
        EXPECT_FALSE(rk.success()) << "seed " << seed << " push " << k;
      } else {
        EXPECT_EQ(rk.status, r.status);
        EXPECT_EQ(rk.barrier, r.barrier);
        EXPECT_EQ(rk.saddle, r.saddle);
      }
    }
    EXPECT_EQ(r.force_calls.total(), calls) << "seed " << seed;
    if (r.success()) {
      EXPECT_LT(distance(r.saddle, kSaddle1), 2e-6);
    }
  }
  EXPECT_GE(retried, 1);
}

TEST(ArtnSearch, StatusSaysWhyASearchFailed) {
  // a basin exit that cannot happen: one tiny step out of minimum A
  auto p = mb_parameters(1);
  p.basin_max_steps = 1;
  p.basin_step = 1e-4;
  const auto r = artn::artn_search(mb::surface, {kMinA(0), kMinA(1)}, {1.0, 1.0}, p);
  EXPECT_EQ(r.status, artn::Status::BasinExitFailed);
  EXPECT_GT(r.force_calls.basin, 0u);
  // a force-call budget that is too small
  p = mb_parameters(1);
  p.max_force_calls = 20;
  EXPECT_EQ(artn::artn_search_along(mb::surface, {kMinB(0), kMinB(1)}, {-1.0, 0.5}, p).status,
            artn::Status::TooManyForceCalls);
  // every status has its own description
  std::set<std::string> texts;
  for (int s = 0; s <= static_cast<int>(artn::Status::NonPositiveBarrier); ++s)
    texts.insert(artn::describe(static_cast<artn::Status>(s)));
  EXPECT_EQ(texts.size(), 11u);
}

// Frozen coordinates (the buffer of a local cluster): V(x, y, z) = V_MB(x, y) + 50 z² + 100 x z.
// With z frozen at 0 the surface the search sees is exactly Müller–Brown, so it must find Newton's
// saddle and leave z exactly 0; with z free the coupling moves both the minimum and the saddle.
TEST(ArtnSearch, FrozenCoordinatesStayPutAndSeeTheRestrictedSurface) {
  const artn::EnergySurface coupled = [](const std::vector<double>& q, std::vector<double>& f) {
    std::vector<double> f2;
    const double v = mb::surface({q[0], q[1]}, f2);
    f = {f2[0] - 100 * q[2], f2[1], -100 * q[2] - 100 * q[0]};
    return v + 50 * q[2] * q[2] + 100 * q[0] * q[2];
  };
  auto p = mb_parameters(1);
  p.components = 3;
  const std::vector<double> start{kMinB(0), kMinB(1), 0.0}, push{-1.0, 0.5, 0.3};
  const auto frozen = artn::artn_search_along(coupled, start, push, p, {1.0, 1.0, 0.0});
  ASSERT_TRUE(frozen.success()) << artn::describe(frozen.status);
  EXPECT_EQ(frozen.saddle[2], 0.0);
  EXPECT_EQ(frozen.final_minimum[2], 0.0);
  EXPECT_LT(std::hypot(frozen.saddle[0] - kSaddle2(0), frozen.saddle[1] - kSaddle2(1)), 2e-6);
  const auto free = artn::artn_search_along(coupled, start, push, p);
  EXPECT_GT(std::abs(free.initial[2]), 0.1);  // z relaxes to about −x at minimum B
  EXPECT_THROW(artn::artn_search_along(coupled, start, {0.0, 0.0, 1.0}, p, {1.0, 1.0, 0.0}), std::invalid_argument);
}

// perp_max_travel: the perpendicular relaxation of an activation iteration stops once the point
// moved more than the limit from where it began, so between consecutive activation iterations
// |x_k − x_{k−1}| ≤ |Δs| (the step along v) + limit + one FIRE step (perp_max_step). In 2-D the
// trace's displacement is |x − x0|, and by the triangle inequality its change obeys the same bound.
// Without the limit the same searches move farther in some iteration (the limit acts).
TEST(ArtnSearch, PerpendicularTravelLimitBoundsEachActivationIteration) {
  struct Point {
    int iteration;
    double displacement, step;
  };
  // largest (|Δdisplacement| − |Δs|) over consecutive activation iterations of 12 pushes from A
  auto largest_excess = [](double travel) {
    double worst = 0.0;
    for (int k = 0; k < 12; ++k) {
      auto p = mb_parameters(1);
      p.perp_max_step = 0.005;
      p.perp_max_travel = travel;
      std::vector<Point> points;
      p.trace = [&](const artn::TracePoint& t) {
        if (std::string(t.phase) == "activation") points.push_back({t.iteration, t.displacement, t.step});
      };
      const double angle = 2.0 * M_PI * k / 12.0;
      artn::artn_search_along(mb::surface, {kMinA(0), kMinA(1)}, {std::cos(angle), std::sin(angle)}, p);
      for (std::size_t i = 1; i < points.size(); ++i)
        if (points[i].iteration == points[i - 1].iteration + 1)
          worst = std::max(worst, std::abs(points[i].displacement - points[i - 1].displacement) - std::abs(points[i].step));
    }
    return worst;
  };
  const double limit = 0.002, fire_step = 0.005;
  EXPECT_LE(largest_excess(limit), limit + fire_step + 1e-12);
  EXPECT_GT(largest_excess(0.0), limit + fire_step);
}
