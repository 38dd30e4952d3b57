// glassml activate SAMPLE -o OUT.act.dump: activation energies by ARTn and the atomic viscosity
// η_i = η0 exp(⟨ΔQ_i⟩ / k_B T) (SPEC §7). Each chosen atom is the centre of `--events` saddle
// searches (artn/artn_search.hpp) with random local pushes; forces from LAMMPS
// (md::LammpsPotential). This file holds the options and one search (make_search_setup builds
// the energy surface a search walks on, run_search runs it); the campaign around the searches
// (events CSV, resume, per-atom dump) is in activate_campaign.hpp, the --jobs worker processes in
// activate_workers.hpp.
#include <fmt/format.h>

#include <cmath>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "artn/artn_search.hpp"
#include "artn/local_push.hpp"
#include "cli/activate_campaign.hpp"
#include "cli/activate_workers.hpp"
#include "cli/commands.hpp"
#include "cli/potential_options.hpp"
#include "core/child_process.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "md/eam_potential.hpp"
#include "md/event_cluster.hpp"
#include "md/lammps_potential.hpp"
#include "md/mpi_environment.hpp"

namespace glassml::cli {
namespace {

struct ActivateOptions {
  std::string input, output, events_csv, log, atoms = "all";
  PotentialOptions potential;
  int events = 10;
  int pushes = artn::ArtnParameters{}.pushes;
  double push_radius = artn::ArtnParameters{}.push_radius;  ///< Å
  std::uint64_t seed = 1;
  double temperature = 300.0;
  bool trace = false;
  bool local = true;            ///< each search on a cluster cut around its atom (md::EventCluster)
  md::ClusterSettings cluster;  ///< active radius and frozen buffer of that cluster (Å)
  int jobs = 1;
  int worker_fd = -1;  ///< (internal) a --jobs worker: serve searches on this descriptor
};

/// What every search of a campaign shares.
struct SearchContext {
  const ActivateOptions& options;
  const Configuration& sample;
  const md::EamPotential& potential;
  md::LammpsPotentialOptions lammps;
};

/// The energy surface one search walks on and where it starts, in the surface's own coordinates.
struct SearchSetup {
  artn::EnergySurface surface;     ///< owns its LAMMPS instance
  std::vector<double> x0;          ///< flat start coordinates (Å)
  std::vector<double> push_mask;   ///< 1 for the coordinates of the initial push
  std::vector<double> mobile;      ///< 1 mobile, 0 frozen; empty = all mobile
};

std::string status_name(artn::Status s) {
  switch (s) {
    case artn::Status::Success: return "success";
    case artn::Status::InitialNotMinimum: return "initial_not_minimum";
    case artn::Status::BasinExitFailed: return "basin_exit_failed";
    case artn::Status::LostNegativeCurvature: return "lost_negative_curvature";
    case artn::Status::ActivationNotConverged: return "activation_not_converged";
    case artn::Status::TooManyForceCalls: return "too_many_force_calls";
    case artn::Status::NotFirstOrderSaddle: return "not_first_order_saddle";
    case artn::Status::FinalNotMinimum: return "final_not_minimum";
    case artn::Status::NotConnected: return "not_connected";
    case artn::Status::SameMinimum: return "same_minimum";
    case artn::Status::NonPositiveBarrier: return "non_positive_barrier";
  }
  return "unknown";
}

std::string stem_of(const std::string& path) { return strip_suffix(path, {".act.dump", ".dump"}); }

/// The surface of the search centred on sample atom `atom`, pushed atoms within p.push_radius.
/// Local mode: the cluster of md::EventCluster (the atoms within --active-radius move, a frozen
/// buffer around them; or, when the sample is too small for the sphere, the whole sample with the
/// atoms beyond --active-radius frozen), so the cost of a search does not grow with the sample.
/// --no-local: the whole periodic sample, every atom mobile. A fresh LAMMPS instance per search,
/// so that a search's forces (neighbour-list order, atom sorting) do not depend on the searches
/// run before it in the same process: the rows are the same for any --jobs and after a resume.
SearchSetup make_search_setup(const SearchContext& c, std::size_t atom, const artn::ArtnParameters& p) {
  SearchSetup s;
  if (c.options.local) {
    auto cluster = std::make_shared<md::EventCluster>(c.sample, atom, c.options.cluster, c.potential, c.lammps);
    s.surface = [cluster](const std::vector<double>& x, std::vector<double>& f) { return cluster->energy_forces(x, f); };
    s.x0 = cluster->coordinates();
    s.push_mask = artn::local_push_mask(artn::unflatten(s.x0), cluster->box(), cluster->center(), p.push_radius);
    s.mobile = cluster->mobile();
    return s;
  }
  auto lammps = std::make_shared<md::LammpsPotential>(c.sample, c.potential, c.lammps);
  s.surface = [lammps](const std::vector<double>& x, std::vector<double>& f) {
    std::vector<Vec3> forces;
    const double e = lammps->energy_forces(artn::unflatten(x), forces);
    f = artn::flatten(forces);
    return e;
  };
  s.x0 = artn::flatten(c.sample.position);
  s.push_mask = artn::local_push_mask(c.sample.position, c.sample.box, atom, p.push_radius);
  return s;
}

/// --active-radius (at least --push-radius) and --buffer, checked before any search (one line naming the option).
void validate_cluster_options(const ActivateOptions& o) {
  if (!o.local) return;
  if (!(std::isfinite(o.cluster.active_radius) && o.cluster.active_radius >= o.push_radius))
    throw ParameterError(fmt::format("--active-radius: {} Å: must be at least the push radius {} Å",
                                     o.cluster.active_radius, o.push_radius));
  if (!(std::isfinite(o.cluster.buffer) && o.cluster.buffer >= 0))
    throw ParameterError(fmt::format("--buffer: {} Å: must be zero or positive", o.cluster.buffer));
}

/// The search parameters (SPEC §7 defaults), seeded per (--seed, atom id, event).
artn::ArtnParameters search_parameters(const ActivateOptions& o, std::int64_t atom_id, int event) {
  artn::ArtnParameters p;
  p.seed = event_seed(o.seed, atom_id, event);
  p.pushes = o.pushes;
  p.push_radius = o.push_radius;
  if (o.trace)
    p.trace = [](const artn::TracePoint& t) {
      fmt::print(stderr, "  {:10s} {:3d} lambda {:8.3f} F.v {:8.4f} |Fperp| {:8.4f} |F| {:8.4f} disp {:6.3f} E {:8.4f} ds {:6.3f} calls {}\n",
                 t.phase, t.iteration, t.eigenvalue, t.force_parallel, t.force_perpendicular, t.max_force,
                 t.displacement, t.energy, t.step, t.force_calls);
    };
  return p;
}

EventRow run_search(const SearchContext& c, const SearchTask& t) {
  const auto p = search_parameters(c.options, c.sample.id[t.atom], t.event);
  const SearchSetup s = make_search_setup(c, t.atom, p);
  const auto r = artn::artn_search(s.surface, s.x0, s.push_mask, p, s.mobile);
  EventRow row;
  row.atom = c.sample.id[t.atom];
  row.event = t.event;
  row.status = status_name(r.status);
  row.force_calls = r.force_calls.total();
  row.pushes = r.pushes;
  row.initial = r.initial_energy;
  if (!r.saddle.empty()) row.saddle = r.saddle_energy, row.barrier = r.barrier;
  if (!r.final_minimum.empty()) row.final_energy = r.final_energy, row.displacement = r.largest_displacement;
  return row;
}

/// Worker `job`'s command line: this command again, serving searches on descriptor `fd`.
std::vector<std::string> worker_command(const ActivateOptions& o, int job, int fd) {
  auto argv = own_command_line();
  argv.at(0) = self_executable();
  const std::string log = fmt::format("{}.job{}.lammps.log", strip_suffix(o.log, {".lammps.log", ".log"}), job);
  argv.insert(argv.end(), {"--jobs", "1", "--worker-fd", std::to_string(fd), "--log", log});
  return argv;
}

/// Runs the searches `todo` in this process (one after the other; under mpirun every force call
/// is shared by the ranks) or in --jobs workers, appending each row to the events CSV.
void run_searches(const ActivateOptions& o, const SearchContext& context, const std::vector<SearchTask>& todo,
                  std::vector<EventRow>& rows, bool root) {
  std::optional<EventsLog> log;
  if (root) log.emplace(o.events_csv, rows);
  Progress progress(fmt::format("ARTn ({} searches{})", todo.size(), o.jobs > 1 ? fmt::format(", {} jobs", o.jobs) : ""),
                    todo.size());
  if (o.jobs > 1) {
    try {
      run_in_workers(context.sample, todo, o.jobs, [&](int job, int fd) { return worker_command(o, job, fd); }, *log,
                     rows, progress);
    } catch (const std::runtime_error& e) {
      throw std::runtime_error(fmt::format("ARTn workers failed: {}; no output written, the {} finished searches are "
                                           "kept in {}: rerun the same command to resume",
                                           e.what(), rows.size(), o.events_csv));
    }
  } else {
    std::size_t finished = 0;
    for (const auto& task : todo) {
      const EventRow row = as_recorded(run_search(context, task));
      if (log) log->append(row);
      rows.push_back(row);
      progress.update(++finished);
    }
  }
  progress.finish();
}

void run_activate(ActivateOptions o) {
  if (o.events < 1) throw ParameterError("--events: must be at least 1");
  if (o.pushes < 1) throw ParameterError(fmt::format("--pushes: {}: must be at least 1", o.pushes));
  if (!(std::isfinite(o.push_radius) && o.push_radius > 0 && o.push_radius < 10))
    throw ParameterError(fmt::format("--push-radius: {} Å: must be in (0, 10)", o.push_radius));
  if (!(o.temperature > 0)) throw ParameterError("--temperature: must be positive (K)");
  validate_cluster_options(o);
  if (o.jobs < 1) throw ParameterError("--jobs: must be at least 1");
  if (o.jobs > 1 && md::MpiEnvironment::launched_by_mpirun())
    throw ParameterError("--jobs: not under mpirun (there the ranks share each search's force calls)");
  const bool worker = o.worker_fd >= 0;
  if (worker) Progress::set_enabled(false);
  if (o.events_csv.empty()) o.events_csv = stem_of(o.output) + ".events.csv";
  if (o.log.empty()) o.log = stem_of(o.output) + ".lammps.log";
  const md::PotentialSettings settings = resolve_potential_options(o.potential);
  auto [sample, potential] = read_sample_for_potential(o.input, o.potential, settings);
  SearchContext context{o, sample, potential, {}};
  context.lammps.log_path = o.log;
  context.lammps.optimized_pair = settings.optimized;
  std::optional<md::MpiEnvironment> mpi;  // the parent of --jobs workers starts neither MPI nor LAMMPS
  if (worker) {
    mpi.emplace();
    serve_searches(o.worker_fd, sample, [&](const SearchTask& t) { return as_recorded(run_search(context, t)); });
    return;
  }
  const auto atoms = choose_atoms(sample, o.atoms, o.seed);
  const std::vector<EventRow> earlier = read_events(o.events_csv);
  std::vector<EventRow> rows = campaign_order(sample, atoms, o.events, earlier);
  if (rows.size() != earlier.size())
    throw ParameterError(fmt::format("--events-csv: {} holds {} searches outside this campaign (other --atoms or "
                                     "--events?): name another output or move it away",
                                     o.events_csv, earlier.size() - rows.size()));
  const auto todo = pending_tasks(sample, atoms, o.events, rows);
  if (o.jobs == 1 && !todo.empty()) mpi.emplace();
  const bool root = !mpi || mpi->root();
  if (!root) Progress::set_enabled(false);
  if (!rows.empty() && root)
    fmt::print(stderr, "glassml activate: resuming: {} of {} searches already in {}\n", rows.size(),
               rows.size() + todo.size(), o.events_csv);
  if (!todo.empty()) run_searches(o, context, todo, rows, root);
  if (!root) return;
  rows = campaign_order(sample, atoms, o.events, rows);
  write_events(o.events_csv, rows);
  write_activation_dump(o.output, sample, rows, o.temperature);
  fmt::print("{}\n", campaign_summary(rows));
  fmt::print("wrote {} and {}\n", o.output, o.events_csv);
}

}  // namespace

void add_activate_command(CLI::App& app) {
  auto o = std::make_shared<ActivateOptions>();
  auto* cmd = app.add_subcommand(
      "activate",
      "Activation energies by ARTn (SPEC 7): per chosen atom, --events saddle searches from random local pushes; "
      "per atom the mean and std of the barriers dQ of its successful events and the viscosity "
      "eta = 1e-4 Pa s * exp(<dQ>/kB T). Writes OUT (dump: id type element x y z dQ_mean_eV dQ_std_eV n_events "
      "eta_Pa_s) and OUT.events.csv (one row per search, appended as it finishes: rerun the same command to resume). "
      "--jobs J runs the searches in J processes with the same rows.");
  cmd->add_option("sample", o->input, "Minimized structure (LAMMPS data file, dump or extended XYZ)")->required();
  cmd->add_option("-o,--output", o->output, "Output dump (e.g. SAMPLE.act.dump)")->required();
  cmd->add_option("--events", o->events, "Searches per atom")->capture_default_str();
  cmd->add_option("--pushes", o->pushes,
                  "Random pushes per search at most: a push that gives no connected saddle is replaced by a new one")
      ->capture_default_str();
  cmd->add_option("--push-radius", o->push_radius,
                  "The initial push moves the atom and its neighbours within this radius (A; SPEC 7: ~3-4 A; 2.8 A lost "
                  "searches on the reference glass, docs/BENCHMARKS.md)")
      ->capture_default_str();
  cmd->add_option("--atoms", o->atoms, "Atoms to activate: all, N (N random atoms) or id,id,... (one id: 'ID,')")
      ->capture_default_str();
  cmd->add_option("--seed", o->seed, "Random seed (atom choice; pushes are seeded per (seed, atom, event))")->capture_default_str();
  cmd->add_option("--temperature", o->temperature, "Temperature T of eta (K)")->capture_default_str();
  cmd->add_option("--events-csv", o->events_csv, "Per-search table (default: OUT without .dump + .events.csv)");
  cmd->add_option("--log", o->log, "LAMMPS log (default: OUT without .dump + .lammps.log; worker k of --jobs: "
                  "LOG without .lammps.log + .job<k>.lammps.log)")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  cmd->add_option("-j,--jobs", o->jobs, "Searches in parallel worker processes (not under mpirun); the rows are the "
                  "same for any number")
      ->capture_default_str()
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  cmd->add_option("--worker-fd", o->worker_fd, "(internal) serve searches of a --jobs parent on this descriptor")
      ->group("");
  add_potential_options(*cmd, o->potential);
  cmd->add_flag("--local,!--no-local", o->local,
                "Each search on a cluster cut around its atom: atoms within --active-radius move, a frozen buffer "
                "around them (a sample too small for the sphere: the whole sample, atoms beyond --active-radius "
                "frozen); --no-local: the whole periodic sample, every atom mobile (default: --local)");
  cmd->add_option("--active-radius", o->cluster.active_radius, "Local mode: radius of the mobile sphere (A)")
      ->capture_default_str();
  cmd->add_option("--buffer", o->cluster.buffer,
                  "Local mode: thickness of the frozen shell (A); forces on mobile atoms exact from max(r_phi, 2 r_rho) "
                  "of the potential (12 A for CuZr_mm), 2 x cutoff always; 9 A: force errors <= 3e-4 eV/A")
      ->capture_default_str();
  cmd->add_flag("--trace", o->trace, "Print every basin step and activation iteration of each search (diagnostics)");
  cmd->callback([o] { run_activate(*o); });
}

static Registrar reg{"activate", 70, add_activate_command};

}  // namespace glassml::cli
