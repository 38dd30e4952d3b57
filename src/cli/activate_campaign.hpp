#pragma once
// The bookkeeping of `glassml activate` (SPEC §7), apart from the searches themselves: which
// (atom, event) searches a campaign holds, their rows in the events CSV (appended and flushed as
// each search finishes, read back to resume), and the per-atom activation dump
// (⟨ΔQ⟩, its standard deviation, the number of successful events, η = η0 exp(⟨ΔQ⟩/k_B T)).
//
// A search is identified by (atom id, event); its push is seeded by (--seed, atom id, event)
// only, so the rows do not depend on the order in which searches run, on how many processes
// run them, or on whether the campaign was interrupted and resumed.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/configuration.hpp"

namespace glassml::cli {

/// One search: `atom` is the index in the sample (the row names its id).
struct SearchTask {
  std::size_t atom = 0;
  int event = 0;
};

/// One row of the events CSV: the outcome of one search.
struct EventRow {
  std::int64_t atom = 0;  ///< atom id
  int event = 0;
  std::string status;     ///< "success" or why the search failed (artn::Status, snake_case)
  double barrier = NAN, saddle = NAN, initial = NAN, final_energy = NAN;  ///< eV (ΔQ = saddle − initial)
  double displacement = NAN;  ///< Å, largest atomic move initial → final minimum
  std::size_t force_calls = 0;  ///< over all pushes of the search
  int pushes = 1;               ///< random pushes the search used (--pushes)
};

/// Runs one search and returns its row (in this process or in a worker).
using SearchRunner = std::function<EventRow(const SearchTask&)>;

/// The header of the events CSV (units in the column names).
extern const char* const kEventsCsvHeader;

/// Indices of the atoms to activate: "all", "N" (N distinct random atoms drawn with `seed`, in
/// index order) or "id,id,..." (one id: "ID,"). Throws ParameterError "--atoms: ...".
std::vector<std::size_t> choose_atoms(const Configuration& sample, const std::string& spec, std::uint64_t seed);

/// Seed of the push of search (atom id, event): splitmix64 of the three, independent of run order.
std::uint64_t event_seed(std::uint64_t seed, std::int64_t atom_id, int event);

/// One CSV line (no newline) and back; parse_event_row throws InputError "path:line: what".
std::string format_event_row(const EventRow& row);
EventRow parse_event_row(const std::string& line, const std::string& path, std::size_t line_number);

/// The row as the events CSV records it (energies to 1e-6 eV, displacement to 1e-4 Å): every
/// row a campaign uses goes through this, so a row computed here, in a worker or read back on
/// resume is the same.
EventRow as_recorded(const EventRow& row);

/// The complete rows of an events CSV (none if the file does not exist); a last line without its
/// newline (written partly when a run was killed) is dropped. Throws InputError on a bad file.
std::vector<EventRow> read_events(const std::string& path);

/// The events CSV of a campaign, open for appending: the constructor rewrites it (atomically)
/// with the rows kept from an earlier attempt, append() adds a row and flushes it to the file.
class EventsLog {
 public:
  EventsLog(const std::string& path, const std::vector<EventRow>& kept);
  void append(const EventRow& row);

 private:
  std::string path_;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_;
};

/// The searches of `atoms` x `events` without a row in `done`, in (atom, event) order.
std::vector<SearchTask> pending_tasks(const Configuration& sample, const std::vector<std::size_t>& atoms, int events,
                                      const std::vector<EventRow>& done);

/// `rows` in the order of the campaign's searches ((atom, event) as in pending_tasks), rows of
/// searches outside the campaign dropped: the same table whatever order they finished in.
std::vector<EventRow> campaign_order(const Configuration& sample, const std::vector<std::size_t>& atoms, int events,
                                     const std::vector<EventRow>& rows);

/// Writes the events CSV atomically with exactly `rows`.
void write_events(const std::string& path, const std::vector<EventRow>& rows);

/// Writes the activation dump: the sample's atoms with dQ_mean_eV, dQ_std_eV (sample standard
/// deviation, 0 for one event), n_events (successful) and eta_Pa_s = η0 exp(dQ_mean / k_B T)
/// (SPEC §7, §8); NaN for atoms without a successful event. Atomic.
void write_activation_dump(const std::string& path, const Configuration& sample, const std::vector<EventRow>& rows,
                           double temperature);

/// "k of n searches found a connected saddle (..%); median force calls per successful search m".
std::string campaign_summary(const std::vector<EventRow>& rows);

}  // namespace glassml::cli
