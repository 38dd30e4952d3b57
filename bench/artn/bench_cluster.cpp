// ARTn local mode (issue 6): how exact a cluster cut around the event is, as a function of the
// frozen buffer and the active radius, against the whole periodic sample.
//
//   forces:   for each atom, the whole sample and clusters with each buffer evaluated at the same
//             states (the minimum and two random displacements of the active atoms, ±0.1 Å per
//             coordinate): largest error of a force component on an active atom, error of the
//             energy difference to the minimum.
//   barriers: (--barriers) the same event — same atom, same explicit push direction — searched on
//             clusters (each active radius × buffer) and on the whole periodic sample with every
//             atom mobile (what a user gets without local mode): barriers, force calls, CPU time.
//
// usage: bench_cluster LARGE.data SMALL.data --atoms ID,ID,... [--active-radii R,R] [--buffers B,B]
//                      [--barriers] [--seeds N]
//   LARGE: the sample the clusters are cut from (wide enough: 2 (R + B) < box); SMALL: the same
//   periodic structure in its primitive box (s1 beside s1 replicated 2x2x2), where the
//   whole-sample searches run (same physics, 8x cheaper). Atom ids 1..N(SMALL) are the same atoms.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "../common/list_option.hpp"
#include "../common/thread_cpu.hpp"
#include "artn/artn_search.hpp"
#include "artn/local_push.hpp"
#include "core/progress.hpp"
#include "io/structure_file.hpp"
#include "md/eam_potential.hpp"
#include "md/event_cluster.hpp"
#include "md/lammps_potential.hpp"
#include "md/mpi_environment.hpp"

using namespace glassml;

namespace {

constexpr double kPushRadius = 3.5;  // Å, artn::ArtnParameters default

std::size_t index_of_id(const Configuration& c, std::int64_t id) {
  for (std::size_t i = 0; i < c.size(); ++i)
    if (c.id[i] == id) return i;
  throw std::runtime_error(fmt::format("no atom id {}", id));
}

artn::EnergySurface whole_surface(md::LammpsPotential& lammps) {
  return [&lammps](const std::vector<double>& x, std::vector<double>& f) {
    std::vector<Vec3> forces;
    const double e = lammps.energy_forces(artn::unflatten(x), forces);
    f = artn::flatten(forces);
    return e;
  };
}

/// The push of one event, per atom id: a Gaussian vector on the centre and its neighbours within
/// kPushRadius, seeded by (seed, centre id), so that every surface gets the same direction.
std::vector<std::pair<std::int64_t, Vec3>> event_push(const Configuration& c, std::size_t center, unsigned seed) {
  std::mt19937_64 rng(seed * 1000003ULL + static_cast<std::uint64_t>(c.id[center]));
  std::normal_distribution<double> g;
  std::vector<std::pair<std::int64_t, Vec3>> push;
  for (std::size_t i = 0; i < c.size(); ++i)  // c sorted by id: the same sequence on any sample
    if (norm(c.box.minimum_image(c.position[i] - c.position[center])) <= kPushRadius)
      push.push_back({c.id[i], {g(rng), g(rng), g(rng)}});
  return push;
}

/// The push as flat coordinates of a surface whose atoms are `ids` (in order).
std::vector<double> push_vector(const std::vector<std::pair<std::int64_t, Vec3>>& push,
                                const std::vector<std::int64_t>& ids) {
  std::vector<double> v(3 * ids.size(), 0.0);
  for (const auto& [id, d] : push)
    for (std::size_t k = 0; k < ids.size(); ++k)
      if (ids[k] == id)
        for (int a = 0; a < 3; ++a) v[3 * k + a] = d[a];
  return v;
}

/// Radii (Å from the centre) within which 90 % and 99 % of Σ|d|² lie, d = saddle − initial per
/// atom: how large the active sphere must be to hold the event of an unconstrained search.
std::pair<double, double> displacement_radii(const Configuration& c, std::size_t center, const artn::SaddleSearchResult& r) {
  std::vector<std::pair<double, double>> rows;  // (distance, |d|²)
  double total = 0;
  for (std::size_t i = 0; i < c.size(); ++i) {
    Vec3 d;
    for (int a = 0; a < 3; ++a) d[a] = r.saddle[3 * i + a] - r.initial[3 * i + a];
    rows.push_back({norm(c.box.minimum_image(c.position[i] - c.position[center])), norm2(d)});
    total += norm2(d);
  }
  std::sort(rows.begin(), rows.end());
  double sum = 0, r90 = NAN, r99 = NAN;
  for (const auto& [dist, d2] : rows) {
    sum += d2;
    if (std::isnan(r90) && sum >= 0.9 * total) r90 = dist;
    if (std::isnan(r99) && sum >= 0.99 * total) r99 = dist;
  }
  return {r90, r99};
}

struct Outcome {
  artn::SaddleSearchResult r;
  double cpu_s = 0;
};

void print_outcome(const std::string& label, const Outcome& o, std::size_t atoms, const Outcome* ref) {
  const auto& r = o.r;
  std::string diff = "";
  if (ref && ref->r.success() && r.success()) diff = fmt::format("{:+.4f}", r.barrier - ref->r.barrier);
  fmt::print("  {:28s} {:6d} atoms  {:26s} barrier {:8.4f} eV {:>8s}  calls {:5d}  {:6.2f} CPU s  {:7.2f} ms/call\n", label,
             atoms, artn::describe(r.status).substr(0, 26), r.success() ? r.barrier : NAN, diff, r.force_calls.total(),
             o.cpu_s, 1e3 * o.cpu_s / std::max<double>(1, double(r.force_calls.total())));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    fmt::print(stderr, "usage: bench_cluster LARGE SMALL --atoms ID,.. [--active-radii R,..] [--buffers B,..] [--barriers] [--seeds N]\n");
    return 2;
  }
  std::vector<double> atom_ids, radii{6.0}, buffers{0, 2, 4, 6, 7.6, 10, 12, 15.2};
  bool barriers = false;
  int seeds = 1;
  for (int a = 3; a < argc; ++a) {
    const std::string arg = argv[a];
    if (arg == "--atoms" && a + 1 < argc) atom_ids = bench::parse_list(argv[++a]);
    else if (arg == "--active-radii" && a + 1 < argc) radii = bench::parse_list(argv[++a]);
    else if (arg == "--buffers" && a + 1 < argc) buffers = bench::parse_list(argv[++a]);
    else if (arg == "--barriers") barriers = true;
    else if (arg == "--seeds" && a + 1 < argc) seeds = std::stoi(argv[++a]);
  }
  Progress::set_enabled(false);
  md::MpiEnvironment mpi;
  io::ReadOptions ro;
  ro.species = {"Cu", "Zr"};
  Configuration large = io::read_structure(argv[1], ro), small = io::read_structure(argv[2], ro);
  large.sort_by_id(), small.sort_by_id();
  const auto potential = md::read_eam_potential("/usr/share/lammps/potentials/CuZr_mm.eam.fs");
  md::LammpsPotentialOptions quiet;
  fmt::print("clusters cut from {} ({} atoms, box {:.1f} A); whole-sample searches on {} ({} atoms); r_c {} A\n",
             argv[1], large.size(), large.box.lx, argv[2], small.size(), potential.cutoff);

  fmt::print("\nforces on active atoms and energy differences, cluster vs whole sample "
             "(2 random states, +-0.1 A per active coordinate):\n");
  fmt::print("{:>8s} {:>8s} {:>8s} {:>14s} {:>14s} {:>14s}\n", "R_a_A", "buffer_A", "atoms", "max_dF_eV/A", "rms_dF_eV/A",
             "max_dE_eV");
  md::LammpsPotential whole(large, potential, quiet);
  for (double ra : radii)
    for (double b : buffers) {
      double max_df = 0, sum2 = 0, max_de = 0;
      std::size_t count = 0, atoms = 0;
      for (double id : atom_ids) {
        const std::size_t center = index_of_id(large, static_cast<std::int64_t>(id));
        md::EventCluster cluster(large, center, {ra, b}, potential, quiet);
        atoms += cluster.size();
        const auto x0 = cluster.coordinates(), m = cluster.mobile();
        const auto& index = cluster.sample_index();
        double ec0 = 0, ew0 = 0;
        for (unsigned state = 0; state < 3; ++state) {
          auto x = x0;
          std::mt19937 rng(state);
          std::uniform_real_distribution<double> u(-0.1, 0.1);
          if (state > 0)
            for (std::size_t i = 0; i < x.size(); ++i) x[i] += m[i] * u(rng);
          std::vector<double> fc;
          std::vector<Vec3> positions = large.position, fw;
          for (std::size_t k = 0; k < index.size(); ++k) positions[index[k]] = {x[3 * k], x[3 * k + 1], x[3 * k + 2]};
          const double ec = cluster.energy_forces(x, fc), ew = whole.energy_forces(positions, fw);
          if (state == 0) ec0 = ec, ew0 = ew;
          max_de = std::max(max_de, std::abs((ec - ec0) - (ew - ew0)));
          for (std::size_t k = 0; k < index.size(); ++k)
            for (int a = 0; a < 3; ++a) {
              if (m[3 * k + a] == 0) continue;
              const double d = fc[3 * k + a] - fw[index[k]][a];
              max_df = std::max(max_df, std::abs(d));
              sum2 += d * d;
              ++count;
            }
        }
      }
      fmt::print("{:8.1f} {:8.1f} {:8.0f} {:14.3e} {:14.3e} {:14.3e}\n", ra, b, double(atoms) / double(atom_ids.size()),
                 max_df, std::sqrt(sum2 / double(count)), max_de);
    }
  if (!barriers) return 0;

  fmt::print("\nthe same event (same atom, same push) on each surface; difference to the first cluster line of the "
             "largest buffer in brackets:\n");
  for (double id : atom_ids) {
    for (int seed = 1; seed <= seeds; ++seed) {
      fmt::print("atom {} push {}:\n", id, seed);
      const artn::ArtnParameters p;  // SPEC §7 defaults
      const std::size_t cs = index_of_id(small, static_cast<std::int64_t>(id));
      const auto push = event_push(small, cs, static_cast<unsigned>(seed));
      Outcome full;
      {
        md::LammpsPotential lammps(small, potential, quiet);
        const double t0 = bench::process_cpu_ms();
        full.r = artn::artn_search_along(whole_surface(lammps), artn::flatten(small.position), push_vector(push, small.id), p);
        full.cpu_s = 1e-3 * (bench::process_cpu_ms() - t0);
      }
      print_outcome("whole sample, all mobile", full, small.size(), nullptr);
      if (!full.r.saddle.empty()) {
        const auto [r90, r99] = displacement_radii(small, cs, full.r);
        fmt::print("  {:28s} 90 % of sum |saddle - initial|^2 within {:.1f} A of the atom, 99 % within {:.1f} A\n", "", r90, r99);
      }
      const std::size_t cl = index_of_id(large, static_cast<std::int64_t>(id));
      for (double ra : radii) {
        Outcome exact;
        for (auto it = buffers.rbegin(); it != buffers.rend(); ++it) {
          const double t0 = bench::process_cpu_ms();
          md::EventCluster cluster(large, cl, {ra, *it}, potential, quiet);
          std::vector<std::int64_t> ids;
          for (auto i : cluster.sample_index()) ids.push_back(large.id[i]);
          const artn::EnergySurface surface = [&](const std::vector<double>& x, std::vector<double>& f) {
            return cluster.energy_forces(x, f);
          };
          Outcome o;
          o.r = artn::artn_search_along(surface, cluster.coordinates(), push_vector(push, ids), p, cluster.mobile());
          o.cpu_s = 1e-3 * (bench::process_cpu_ms() - t0);
          const bool first = it == buffers.rbegin();
          print_outcome(fmt::format("R_a {:4.1f} buffer {:4.1f}", ra, *it), o, cluster.size(), first ? &full : &exact);
          if (first) exact = o;
        }
      }
    }
  }
  return 0;
}
