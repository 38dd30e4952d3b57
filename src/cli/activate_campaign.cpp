#include "cli/activate_campaign.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>

#include "core/constants.hpp"
#include "core/mix64.hpp"
#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/csv.hpp"
#include "io/structure_file.hpp"

namespace glassml::cli {

const char* const kEventsCsvHeader =
    "atom_id,event,status,barrier_eV,saddle_energy_eV,initial_energy_eV,final_energy_eV,max_displacement_A,force_calls,pushes";
namespace {
constexpr std::size_t kEventsCsvColumns = 10;
}

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
  std::set<std::size_t> unique;
  for (auto id : values) {
    auto it = std::lower_bound(c.id.begin(), c.id.end(), id);
    if (it == c.id.end() || *it != id) throw ParameterError(fmt::format("--atoms: no atom with id {}", id));
    unique.insert(static_cast<std::size_t>(it - c.id.begin()));
  }
  return {unique.begin(), unique.end()};
}

std::uint64_t event_seed(std::uint64_t seed, std::int64_t id, int event) {
  return mix64(seed * kGoldenGamma ^ (static_cast<std::uint64_t>(id) << 20) ^ static_cast<std::uint64_t>(event));
}

std::string format_event_row(const EventRow& r) {
  return fmt::format("{},{},{},{:.6f},{:.6f},{:.6f},{:.6f},{:.4f},{},{}", r.atom, r.event, r.status, r.barrier, r.saddle,
                     r.initial, r.final_energy, r.displacement, r.force_calls, r.pushes);
}

EventRow parse_event_row(const std::string& line, const std::string& path, std::size_t n) {
  const auto cell = io::csv_cells(line, kEventsCsvColumns, path, n);
  EventRow r;
  r.atom = io::csv_int(cell[0], "atom_id", path, n, 1);
  r.event = static_cast<int>(io::csv_int(cell[1], "event", path, n, 0, INT32_MAX));
  r.status = std::string(cell[2]);
  if (r.status.empty()) throw InputError(path, n, "status: empty");
  r.barrier = io::csv_double(cell[3], "barrier_eV", path, n, true);
  r.saddle = io::csv_double(cell[4], "saddle_energy_eV", path, n, true);
  r.initial = io::csv_double(cell[5], "initial_energy_eV", path, n, true);
  r.final_energy = io::csv_double(cell[6], "final_energy_eV", path, n, true);
  r.displacement = io::csv_double(cell[7], "max_displacement_A", path, n, true);
  r.force_calls = static_cast<std::size_t>(io::csv_int(cell[8], "force_calls", path, n, 0));
  r.pushes = static_cast<int>(io::csv_int(cell[9], "pushes", path, n, 1, INT32_MAX));
  if (r.status == "success" && !std::isfinite(r.barrier)) throw InputError(path, n, "a successful search without a barrier");
  return r;
}

EventRow as_recorded(const EventRow& row) { return parse_event_row(format_event_row(row), "(row)", 0); }

std::vector<EventRow> read_events(const std::string& path) {
  std::vector<EventRow> rows;
  std::ifstream in(path, std::ios::binary);
  if (!in) return rows;
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::set<std::pair<std::int64_t, int>> seen;
  std::size_t start = 0, n = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string::npos) break;  // no newline: written partly when the run was killed
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (++n == 1) {
      if (line != kEventsCsvHeader) throw InputError(path, 1, "not an activate events table (header differs)");
      continue;
    }
    EventRow r = parse_event_row(line, path, n);
    if (!seen.insert({r.atom, r.event}).second)
      throw InputError(path, n, fmt::format("atom {} event {} listed twice", r.atom, r.event));
    rows.push_back(std::move(r));
  }
  if (n == 0 && !text.empty()) throw InputError(path, 1, "not an activate events table (no complete header line)");
  return rows;
}

namespace {
std::string events_text(const std::vector<EventRow>& rows) {
  std::string text = std::string(kEventsCsvHeader) + "\n";
  for (const auto& r : rows) text += format_event_row(r) + "\n";
  return text;
}
}  // namespace

void write_events(const std::string& path, const std::vector<EventRow>& rows) {
  io::write_file_atomic(path, events_text(rows));
}

EventsLog::EventsLog(const std::string& path, const std::vector<EventRow>& kept) : path_(path), file_(nullptr, std::fclose) {
  write_events(path, kept);  // drops a partial last line of an earlier attempt
  file_.reset(std::fopen(path.c_str(), "a"));
  if (!file_) throw std::runtime_error(fmt::format("{}: cannot append", path));
}

void EventsLog::append(const EventRow& row) {
  const std::string line = format_event_row(row) + "\n";
  if (std::fputs(line.c_str(), file_.get()) < 0 || std::fflush(file_.get()) != 0)
    throw std::runtime_error(fmt::format("{}: cannot write", path_));
}

std::vector<SearchTask> pending_tasks(const Configuration& sample, const std::vector<std::size_t>& atoms, int events,
                                      const std::vector<EventRow>& done) {
  std::set<std::pair<std::int64_t, int>> have;
  for (const auto& r : done) have.insert({r.atom, r.event});
  std::vector<SearchTask> todo;
  for (auto i : atoms)
    for (int e = 0; e < events; ++e)
      if (!have.count({sample.id[i], e})) todo.push_back({i, e});
  return todo;
}

std::vector<EventRow> campaign_order(const Configuration& sample, const std::vector<std::size_t>& atoms, int events,
                                     const std::vector<EventRow>& rows) {
  std::map<std::pair<std::int64_t, int>, const EventRow*> by_key;
  for (const auto& r : rows) by_key[{r.atom, r.event}] = &r;
  std::vector<EventRow> out;
  for (auto i : atoms)
    for (int e = 0; e < events; ++e)
      if (auto it = by_key.find({sample.id[i], e}); it != by_key.end()) out.push_back(*it->second);
  return out;
}

void write_activation_dump(const std::string& path, const Configuration& sample, const std::vector<EventRow>& rows,
                           double temperature) {
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
    eta[i] = constants::kEta0 * std::exp(m / (constants::kBoltzmann * temperature));  // SPEC §7
  }
  Configuration out = sample;
  out.columns.clear();
  out.set_column("dQ_mean_eV", std::move(mean));
  out.set_column("dQ_std_eV", std::move(sd));
  out.set_column("n_events", std::move(n));
  out.set_column("eta_Pa_s", std::move(eta));
  io::write_structure(path, out);
}

std::string campaign_summary(const std::vector<EventRow>& rows) {
  std::size_t ok = 0, pushes = 0;
  std::vector<std::size_t> calls;
  for (const auto& r : rows) {
    pushes += static_cast<std::size_t>(r.pushes);
    if (r.status == "success") ++ok, calls.push_back(r.force_calls);
  }
  std::sort(calls.begin(), calls.end());
  auto percent = [](std::size_t a, std::size_t b) { return b == 0 ? 0.0 : 100.0 * static_cast<double>(a) / static_cast<double>(b); };
  return fmt::format("{} of {} searches found a connected saddle ({:.0f} %; {} of {} pushes, {:.0f} %); median force "
                     "calls per successful search {}",
                     ok, rows.size(), percent(ok, rows.size()), ok, pushes, percent(ok, pushes),
                     calls.empty() ? 0 : calls[calls.size() / 2]);
}

}  // namespace glassml::cli
