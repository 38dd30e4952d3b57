// glassml activate SAMPLE -o OUT.act.dump: activation energies by ARTn and the atomic viscosity
// η_i = η0 exp(⟨ΔQ_i⟩ / k_B T) (SPEC §7). Each chosen atom is the centre of `--events` saddle
// searches (artn/artn_search.hpp) with random local pushes; forces from LAMMPS
// (md::LammpsPotential) on the whole periodic sample. Every finished search is appended to
// OUT.events.csv at once (flushed), so a killed run resumes where it stopped: rerunning the same
// command skips the (atom, event) pairs already in the CSV. Seeds depend only on (--seed, atom
// id, event), so a resumed run gives the same events as an uninterrupted one.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "artn/artn_search.hpp"
#include "artn/local_push.hpp"
#include "cli/commands.hpp"
#include "cli/potential_options.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "io/structure_file.hpp"
#include "md/eam_potential.hpp"
#include "md/lammps_potential.hpp"
#include "md/mpi_environment.hpp"

namespace glassml::cli {
namespace {

constexpr double kEta0 = 1.0e-4;            // Pa·s, SPEC §7/§8
constexpr double kBoltzmann = 8.617333262e-5;  // eV/K, SPEC §8
constexpr const char* kCsvHeader =
    "atom_id,event,status,barrier_eV,saddle_energy_eV,initial_energy_eV,final_energy_eV,max_displacement_A,force_calls";

struct ActivateOptions {
  std::string input, output, events_csv, log, atoms = "all";
  PotentialOptions potential;
  int events = 10;
  std::uint64_t seed = 1;
  double temperature = 300.0;
  bool trace = false;
};

struct EventRow {
  std::int64_t atom = 0;
  int event = 0;
  std::string status;
  double barrier = NAN, saddle = NAN, initial = NAN, final_energy = NAN, displacement = NAN;
  std::size_t force_calls = 0;
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

/// splitmix64 of (seed, atom id, event): the push of one search, independent of run order.
std::uint64_t event_seed(std::uint64_t seed, std::int64_t id, int event) {
  std::uint64_t z = seed * 0x9e3779b97f4a7c15ULL ^ (static_cast<std::uint64_t>(id) << 20) ^ static_cast<std::uint64_t>(event);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// Indices of the atoms to activate: "all", N (N random atoms from --seed) or "id,id,...".
std::vector<std::size_t> choose_atoms(const Configuration& c, const std::string& spec, std::uint64_t seed) {
  std::vector<std::size_t> out;
  if (spec == "all") {
    for (std::size_t i = 0; i < c.size(); ++i) out.push_back(i);
    return out;
  }
  std::vector<std::int64_t> values;
  std::stringstream ss(spec);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (item.empty()) continue;
    std::size_t used = 0;
    long long v = 0;
    try {
      v = std::stoll(item, &used);
    } catch (...) {
      used = 0;
    }
    if (used != item.size() || v <= 0) throw ParameterError(fmt::format("--atoms: '{}': expected all, N or id,id,...", spec));
    values.push_back(v);
  }
  if (values.empty()) throw ParameterError("--atoms: empty");
  if (values.size() == 1 && spec.find(',') == std::string::npos) {  // N random atoms
    if (static_cast<std::size_t>(values[0]) > c.size())
      throw ParameterError(fmt::format("--atoms: {} atoms asked, the sample has {}", values[0], c.size()));
    std::vector<std::size_t> all(c.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    std::mt19937_64 rng(seed);
    std::shuffle(all.begin(), all.end(), rng);
    all.resize(static_cast<std::size_t>(values[0]));
    std::sort(all.begin(), all.end());
    return all;
  }
  for (auto id : values) {
    auto it = std::lower_bound(c.id.begin(), c.id.end(), id);
    if (it == c.id.end() || *it != id) throw ParameterError(fmt::format("--atoms: no atom with id {}", id));
    out.push_back(static_cast<std::size_t>(it - c.id.begin()));
  }
  return out;
}

/// Complete rows of an existing events CSV (a partly written last line is dropped).
std::vector<EventRow> read_events(const std::string& path) {
  std::vector<EventRow> rows;
  std::ifstream in(path);
  if (!in) return rows;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::stringstream lines(text);
  std::string line;
  int number = 0;
  std::size_t consumed = 0;
  while (std::getline(lines, line)) {
    ++number;
    consumed += line.size() + 1;
    if (consumed > text.size()) break;  // no newline: written partly when the run was killed
    if (number == 1) {
      if (line != kCsvHeader) throw InputError(path, 1, "not an activate events table (header differs)");
      continue;
    }
    std::stringstream f(line);
    std::vector<std::string> cell;
    std::string c;
    while (std::getline(f, c, ',')) cell.push_back(c);
    if (cell.size() != 9) throw InputError(path, static_cast<std::size_t>(number), "expected 9 columns");
    try {
      EventRow r;
      r.atom = std::stoll(cell[0]);
      r.event = std::stoi(cell[1]);
      r.status = cell[2];
      r.barrier = std::stod(cell[3]);
      r.saddle = std::stod(cell[4]);
      r.initial = std::stod(cell[5]);
      r.final_energy = std::stod(cell[6]);
      r.displacement = std::stod(cell[7]);
      r.force_calls = std::stoull(cell[8]);
      rows.push_back(r);
    } catch (const std::exception&) {
      throw InputError(path, static_cast<std::size_t>(number), "bad number");
    }
  }
  return rows;
}

std::string format_row(const EventRow& r) {
  return fmt::format("{},{},{},{:.6f},{:.6f},{:.6f},{:.6f},{:.4f},{}", r.atom, r.event, r.status, r.barrier, r.saddle,
                     r.initial, r.final_energy, r.displacement, r.force_calls);
}

/// Rewrites the CSV with the complete rows (drops a partial last line), then opens it for appending.
std::FILE* open_events(const std::string& path, const std::vector<EventRow>& rows) {
  {
    std::string text = std::string(kCsvHeader) + "\n";
    for (const auto& r : rows) text += format_row(r) + "\n";
    const std::string tmp = path + ".tmp";
    std::FILE* f = std::fopen(tmp.c_str(), "w");
    if (!f || std::fputs(text.c_str(), f) < 0 || std::fclose(f) != 0 || std::rename(tmp.c_str(), path.c_str()) != 0)
      throw std::runtime_error(fmt::format("{}: cannot write", path));
  }
  std::FILE* f = std::fopen(path.c_str(), "a");
  if (!f) throw std::runtime_error(fmt::format("{}: cannot append", path));
  return f;
}

EventRow run_event(const artn::EnergySurface& surface, const Configuration& sample, const std::vector<double>& x0,
                   std::size_t atom, int event, const ActivateOptions& o) {
  artn::ArtnParameters p;  // SPEC §7 defaults
  p.seed = event_seed(o.seed, sample.id[atom], event);
  if (o.trace)
    p.trace = [](const artn::TracePoint& t) {
      fmt::print(stderr, "  {:10s} {:3d} lambda {:8.3f} F.v {:8.4f} |Fperp| {:8.4f} |F| {:8.4f} disp {:6.3f} E {:8.4f} ds {:6.3f} calls {}\n",
                 t.phase, t.iteration, t.eigenvalue, t.force_parallel, t.force_perpendicular, t.max_force,
                 t.displacement, t.energy, t.step, t.force_calls);
    };
  const auto mask = artn::local_push_mask(sample.position, sample.box, atom, p.push_radius);
  const auto r = artn::artn_search(surface, x0, mask, p);
  EventRow row;
  row.atom = sample.id[atom];
  row.event = event;
  row.status = status_name(r.status);
  row.force_calls = r.force_calls.total();
  row.initial = r.initial_energy;
  if (!r.saddle.empty()) row.saddle = r.saddle_energy, row.barrier = r.barrier;
  if (!r.final_minimum.empty()) row.final_energy = r.final_energy, row.displacement = r.largest_displacement;
  return row;
}

/// Per atom: mean and standard deviation of the barriers of its successful events, their
/// number, η = η0 exp(⟨ΔQ⟩/k_B T); written as a dump in id order.
void write_activation_dump(const ActivateOptions& o, const Configuration& sample, const std::vector<EventRow>& rows) {
  std::map<std::int64_t, std::vector<double>> barriers;
  for (const auto& r : rows)
    if (r.status == "success") barriers[r.atom].push_back(r.barrier);
  std::vector<double> mean(sample.size(), NAN), sd(sample.size(), NAN), n(sample.size(), 0.0), eta(sample.size(), NAN);
  for (std::size_t i = 0; i < sample.size(); ++i) {
    auto it = barriers.find(sample.id[i]);
    if (it == barriers.end()) continue;
    const auto& b = it->second;
    double s = 0, s2 = 0;
    for (double x : b) s += x;
    const double m = s / static_cast<double>(b.size());
    for (double x : b) s2 += (x - m) * (x - m);
    mean[i] = m;
    sd[i] = b.size() > 1 ? std::sqrt(s2 / static_cast<double>(b.size() - 1)) : 0.0;
    n[i] = static_cast<double>(b.size());
    eta[i] = kEta0 * std::exp(m / (kBoltzmann * o.temperature));
  }
  Configuration out = sample;
  out.columns.clear();
  out.set_column("dQ_mean_eV", std::move(mean));
  out.set_column("dQ_std_eV", std::move(sd));
  out.set_column("n_events", std::move(n));
  out.set_column("eta_Pa_s", std::move(eta));
  io::write_structure(o.output, out);
}

void run_activate(ActivateOptions o) {
  if (o.events < 1) throw ParameterError("--events: must be at least 1");
  if (!(o.temperature > 0)) throw ParameterError("--temperature: must be positive (K)");
  if (o.events_csv.empty()) o.events_csv = stem_of(o.output) + ".events.csv";
  if (o.log.empty()) o.log = stem_of(o.output) + ".lammps.log";
  const md::PotentialSettings settings = resolve_potential_options(o.potential);
  auto [sample, potential] = read_sample_for_potential(o.input, o.potential, settings);
  const auto atoms = choose_atoms(sample, o.atoms, o.seed);

  std::vector<EventRow> rows = read_events(o.events_csv);
  std::set<std::pair<std::int64_t, int>> done;
  for (const auto& r : rows) done.insert({r.atom, r.event});
  std::vector<std::pair<std::size_t, int>> todo;
  for (auto i : atoms)
    for (int e = 0; e < o.events; ++e)
      if (!done.count({sample.id[i], e})) todo.push_back({i, e});
  if (!rows.empty()) fmt::print(stderr, "glassml activate: resuming: {} events already in {}\n", rows.size(), o.events_csv);

  if (!todo.empty()) {
    md::MpiEnvironment mpi;
    md::LammpsPotentialOptions po;
    po.log_path = o.log;
    po.optimized_pair = settings.optimized;
    md::LammpsPotential lammps(sample, potential, po);
    const artn::EnergySurface surface = [&](const std::vector<double>& x, std::vector<double>& f) {
      std::vector<Vec3> forces;
      const double e = lammps.energy_forces(artn::unflatten(x), forces);
      f = artn::flatten(forces);
      return e;
    };
    const auto x0 = artn::flatten(sample.position);
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> csv(open_events(o.events_csv, rows), std::fclose);
    Progress progress(fmt::format("ARTn ({} searches)", todo.size()), todo.size());
    std::size_t finished = 0;
    for (const auto& [atom, event] : todo) {
      const EventRow row = run_event(surface, sample, x0, atom, event, o);
      std::fputs((format_row(row) + "\n").c_str(), csv.get());
      std::fflush(csv.get());
      rows.push_back(row);
      progress.update(++finished);
    }
    progress.finish();
  }
  write_activation_dump(o, sample, rows);
  std::size_t ok = 0;
  std::vector<std::size_t> calls;
  for (const auto& r : rows)
    if (r.status == "success") ++ok, calls.push_back(r.force_calls);
  std::sort(calls.begin(), calls.end());
  fmt::print("{} of {} searches found a connected saddle ({:.0f} %); median force calls per successful search {}\n", ok,
             rows.size(), rows.empty() ? 0.0 : 100.0 * static_cast<double>(ok) / static_cast<double>(rows.size()),
             calls.empty() ? 0 : calls[calls.size() / 2]);
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
      "eta_Pa_s) and OUT.events.csv (one row per search, appended as it finishes: rerun the same command to resume).");
  cmd->add_option("sample", o->input, "Minimized structure (LAMMPS data file, dump or extended XYZ)")->required();
  cmd->add_option("-o,--output", o->output, "Output dump (e.g. SAMPLE.act.dump)")->required();
  cmd->add_option("--events", o->events, "Searches per atom")->capture_default_str();
  cmd->add_option("--atoms", o->atoms, "Atoms to activate: all, N (N random atoms) or id,id,... (one id: 'ID,')")
      ->capture_default_str();
  cmd->add_option("--seed", o->seed, "Random seed (atom choice; pushes are seeded per (seed, atom, event))")->capture_default_str();
  cmd->add_option("--temperature", o->temperature, "Temperature T of eta (K)")->capture_default_str();
  cmd->add_option("--events-csv", o->events_csv, "Per-search table (default: OUT without .dump + .events.csv)");
  cmd->add_option("--log", o->log, "LAMMPS log (default: OUT without .dump + .lammps.log)");
  add_potential_options(*cmd, o->potential);
  cmd->add_flag("--trace", o->trace, "Print every basin step and activation iteration of each search (diagnostics)");
  cmd->callback([o] { run_activate(*o); });
}

static Registrar reg{"activate", 70, add_activate_command};

}  // namespace glassml::cli
