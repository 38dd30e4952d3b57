// artn_glass_survey: many ARTn searches on a reference glass in local mode (atoms beyond the
// active radius of the pushed atom frozen through the `mobile` mask, on the whole periodic
// sample), and the figures of issue 6: success rate, force calls per saddle, barriers, status
// counts, CPU time. The measurement behind docs/BENCHMARKS.md "### Success on the glass":
//
//   build/tests/artn/artn_glass_survey /work/shared/data/cuzr2000-q1e13/s1.data --atoms 10 --events 3
//
// Options: --atoms N (random atoms, from --seed), --ids id,id,... (these atoms instead), --events E per atom, --seed S, --active-radius R
// (Å; 0 = whole sample mobile), --set name=value (any ArtnParameters field listed in
// set_parameter), --trace, --csv FILE (one row per search), --pushes-csv FILE (one row per push);
// the summary also splits the force calls by how each push ended.
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "artn/artn_search.hpp"
#include "lammps_surface.hpp"
#include "md/mpi_environment.hpp"

namespace artn = glassml::artn;

namespace {

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

void set_parameter(artn::ArtnParameters& p, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos) throw std::invalid_argument("--set: expected name=value, got " + assignment);
  const std::string name = assignment.substr(0, eq);
  const double v = std::stod(assignment.substr(eq + 1));
  const std::map<std::string, std::function<void()>> setters = {
      {"push_radius", [&] { p.push_radius = v; }},
      {"basin_lanczos_every", [&] { p.basin_lanczos_every = static_cast<int>(v); }},
      {"pushes", [&] { p.pushes = static_cast<int>(v); }},
      {"basin_step", [&] { p.basin_step = v; }},
      {"basin_max_steps", [&] { p.basin_max_steps = static_cast<int>(v); }},
      {"basin_relax_steps", [&] { p.basin_relax_steps = static_cast<int>(v); }},
      {"basin_steps_without_lanczos", [&] { p.basin_steps_without_lanczos = static_cast<int>(v); }},
      {"basin_perp_force", [&] { p.basin_perp_force = v; }},
      {"activation_lanczos_tolerance", [&] { p.activation_lanczos_tolerance = v; }},
      {"basin_lanczos_basis", [&] { p.basin_lanczos_basis = static_cast<int>(v); }},
      {"smoothing_steps", [&] { p.smoothing_steps = static_cast<int>(v); }},
      {"step_curvature_floor", [&] { p.step_curvature_floor = v; }},
      {"perp_relax_limit", [&] { p.perp_relax_limits = {static_cast<int>(v)}; }},
      {"perp_force_far", [&] { p.perp_force_far = v; }},
      {"parallel_force_near", [&] { p.parallel_force_near = v; }},
      {"perp_stop_below_parallel", [&] { p.perp_stop_below_parallel = v != 0.0; }},
      {"return_steps_without_lanczos", [&] { p.return_steps_without_lanczos = static_cast<int>(v); }},
      {"perp_relax_limits", [&] { p.perp_relax_limits = {}; }},  // then perp_relax_limits+=k per value
      {"perp_relax_limits+", [&] { p.perp_relax_limits.push_back(static_cast<int>(v)); }},
      {"convex_returns", [&] { p.convex_returns = static_cast<int>(v); }},
      {"eigenvalue_threshold", [&] { p.eigenvalue_threshold = v; }},
      {"eigen_step_max", [&] { p.eigen_step_max = v; }},
      {"activation_max_iterations", [&] { p.activation_max_iterations = static_cast<int>(v); }},
      {"perp_max_step", [&] { p.perp_max_step = v; }},
      {"perp_max_travel", [&] { p.perp_max_travel = v; }},
      {"perp_dt_start", [&] { p.perp_dt_start = v; }},
      {"saddle_force_tolerance", [&] { p.saddle_force_tolerance = v; }},
      {"second_eigenvalue_floor", [&] { p.second_eigenvalue_floor = v; }},
      {"push_over", [&] { p.push_over = v; }},
      {"max_force_calls", [&] { p.max_force_calls = static_cast<std::size_t>(v); }},
      {"lanczos.max_basis", [&] { p.lanczos.max_basis = static_cast<int>(v); }},
      {"lanczos.min_basis", [&] { p.lanczos.min_basis = static_cast<int>(v); }},
      {"lanczos.step", [&] { p.lanczos.step = v; }},
      {"lanczos.relative_tolerance", [&] { p.lanczos.relative_tolerance = v; }},
      {"lanczos.absolute_tolerance", [&] { p.lanczos.absolute_tolerance = v; }},
  };
  auto it = setters.find(name);
  if (it == setters.end()) throw std::invalid_argument("--set: unknown parameter " + name);
  it->second();
}

double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

}  // namespace

int main(int argc, char** argv) try {
  std::string sample_path, csv_path, pushes_csv_path;
  int n_atoms = 10, events = 3;
  std::uint64_t seed = 1;
  double active_radius = 8.0;
  bool trace = false;
  std::vector<long long> ids;
  artn::ArtnParameters p;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(a + ": missing value");
      return argv[++i];
    };
    if (a == "--atoms") n_atoms = std::stoi(next());
    else if (a == "--ids") {
      std::string list = next();
      for (std::size_t pos = 0; pos < list.size();) {
        const std::size_t comma = std::min(list.find(',', pos), list.size());
        ids.push_back(std::stoll(list.substr(pos, comma - pos)));
        pos = comma + 1;
      }
    } else if (a == "--events") events = std::stoi(next());
    else if (a == "--seed") seed = std::stoull(next());
    else if (a == "--active-radius") active_radius = std::stod(next());
    else if (a == "--set") set_parameter(p, next());
    else if (a == "--trace") trace = true;
    else if (a == "--csv") csv_path = next();
    else if (a == "--pushes-csv") pushes_csv_path = next();
    else if (a == "--help" || a == "-h") {
      std::puts("artn_glass_survey SAMPLE.data [--atoms N | --ids id,...] [--events E] [--seed S] [--active-radius R] "
                "[--set name=value]... [--trace] [--csv FILE] [--pushes-csv FILE]");
      return 0;
    } else if (sample_path.empty()) sample_path = a;
    else throw std::invalid_argument("unexpected argument " + a);
  }
  if (sample_path.empty()) throw std::invalid_argument("SAMPLE.data: required");
  glassml::md::MpiEnvironment mpi;
  const auto potential = glassml::md::read_eam_potential(artn::testing::kCuZrPotential);
  const glassml::Configuration sample = artn::testing::read_cuzr_sample(sample_path, potential);
  glassml::md::LammpsPotential lammps(sample, potential);
  const artn::EnergySurface surface = artn::testing::lammps_surface(lammps);
  const auto x0 = artn::flatten(sample.position);

  std::vector<std::size_t> order(sample.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::mt19937_64 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);
  order.resize(static_cast<std::size_t>(n_atoms));
  if (!ids.empty()) {  // explicit atoms (ids; the sample is in id order 1..N)
    order.clear();
    for (long long id : ids) order.push_back(static_cast<std::size_t>(id - 1));
    n_atoms = static_cast<int>(ids.size());
  }

  std::ofstream csv;
  if (!csv_path.empty()) {
    csv.open(csv_path);
    csv << "atom_id,event,status,barrier_eV,lambda1_eV_A2,lambda2_eV_A2,max_displacement_A,calls_to_saddle,calls_total\n";
  }
  std::ofstream pushes_csv;
  if (!pushes_csv_path.empty()) {
    pushes_csv.open(pushes_csv_path);
    pushes_csv << "atom_id,event,push,status,barrier_eV,activation_iterations,basin,activation,verification,minimization,return_distance_A\n";
  }
  // per push outcome: pushes, and their calls (basin, activation, verification, minimization)
  std::map<std::string, std::pair<int, artn::ForceCallCounts>> push_outcomes;
  std::map<std::string, int> status_counts;
  std::vector<double> calls_saddle, calls_total, barriers, all_calls;
  const double cpu0 = cpu_seconds();
  int runs = 0;
  for (std::size_t atom : order) {
    const auto push_mask = artn::local_push_mask(sample.position, sample.box, atom, p.push_radius);
    const auto mobile = active_radius > 0 ? artn::local_push_mask(sample.position, sample.box, atom, active_radius)
                                          : std::vector<double>{};
    for (int e = 0; e < events; ++e) {
      artn::ArtnParameters q = p;
      q.seed = seed * 1000003ULL + sample.id[atom] * 101ULL + static_cast<std::uint64_t>(e);
      if (trace)
        q.trace = [id = sample.id[atom], e](const artn::TracePoint& t) {
          std::fprintf(stderr, "%lld/%d %-10s %3d lambda %8.3f F.v %8.4f |Fperp| %8.4f |F| %8.4f disp %6.3f E %8.4f ds %6.3f ov %5.3f calls %zu\n",
                       static_cast<long long>(id), e, t.phase, t.iteration, t.eigenvalue, t.force_parallel, t.force_perpendicular, t.max_force,
                       t.displacement, t.energy, t.step, t.overlap, t.force_calls);
        };
      const auto r = artn::artn_search(surface, x0, push_mask, q, mobile);
      ++runs;
      const auto& c = r.force_calls;
      const std::size_t to_saddle = c.basin + c.activation + c.verification;
      ++status_counts[artn::describe(r.status)];
      for (std::size_t k = 0; k < r.push_records.size(); ++k) {
        const auto& pr = r.push_records[k];
        auto& [n, spent] = push_outcomes[artn::describe(pr.status)];
        ++n;
        spent += pr.force_calls;
        if (pushes_csv.is_open())
          pushes_csv << sample.id[atom] << ',' << e << ',' << k << ",\"" << artn::describe(pr.status) << "\"," << pr.barrier
                     << ',' << pr.activation_iterations << ',' << pr.force_calls.basin << ',' << pr.force_calls.activation
                     << ',' << pr.force_calls.verification << ',' << pr.force_calls.minimization << ',' << pr.return_distance
                     << '\n' << std::flush;
      }
      all_calls.push_back(static_cast<double>(c.total()));
      if (r.success()) {
        calls_saddle.push_back(static_cast<double>(to_saddle));
        calls_total.push_back(static_cast<double>(c.total()));
        barriers.push_back(r.barrier);
      }
      std::printf("atom %5lld event %d: %-28.28s barrier %7.4f eV  lambda %7.3f %7.3f  disp %6.3f  calls %4zu / %4zu"
                  "  (basin %zu, activation %zu; pushes %d; back %.3f A)\n",
                  static_cast<long long>(sample.id[atom]), e, artn::describe(r.status).c_str(), r.barrier,
                  r.lowest_eigenvalue, r.second_eigenvalue, r.largest_displacement, to_saddle, c.total(), c.basin,
                  c.activation, r.pushes, r.return_distance);
      std::fflush(stdout);
      if (csv.is_open())
        csv << sample.id[atom] << ',' << e << ',' << '"' << artn::describe(r.status) << '"' << ',' << r.barrier << ','
            << r.lowest_eigenvalue << ',' << r.second_eigenvalue << ',' << r.largest_displacement << ',' << to_saddle
            << ',' << c.total() << '\n' << std::flush;
    }
  }
  const double cpu = cpu_seconds() - cpu0;
  std::printf("\n%s, %d atoms x %d events, active radius %.1f A\n", sample_path.c_str(), n_atoms, events, active_radius);
  std::printf("success %zu / %d (%.0f %%)\n", barriers.size(), runs, 100.0 * static_cast<double>(barriers.size()) / runs);
  std::printf("median force calls per saddle: to the saddle %.0f, whole search %.0f (all searches %.0f)\n",
              median(calls_saddle), median(calls_total), median(all_calls));
  if (!barriers.empty())
    std::printf("barriers: median %.3f eV, range %.3f - %.3f eV\n", median(barriers),
                *std::min_element(barriers.begin(), barriers.end()), *std::max_element(barriers.begin(), barriers.end()));
  for (const auto& [s, n] : status_counts) std::printf("  %3d  %s\n", n, s.c_str());
  std::printf("pushes by outcome: count, force calls basin / activation / verification / minimization\n");
  for (const auto& [s, o] : push_outcomes)
    std::printf("  %3d  %6zu / %6zu / %6zu / %6zu  %s\n", o.first, o.second.basin, o.second.activation,
                o.second.verification, o.second.minimization, s.c_str());
  std::printf("CPU %.1f s (%.2f s per search)\n", cpu, cpu / runs);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "artn_glass_survey: %s\n", e.what());
  return 2;
}
