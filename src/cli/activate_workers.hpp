#pragma once
// `glassml activate --jobs J`: the searches of a campaign in J worker processes.
//
// A worker is this executable again (core/child_process.hpp), started with the parent's own
// command line plus --worker-fd: it sets up the sample and the potential once, then serves
// searches over a socket pair, one at a time: the parent sends "ATOM_INDEX EVENT\n", the worker
// answers with the search's row of the events CSV. The parent hands the next search to whichever
// worker answers first (searches differ in cost by 10x), and it alone writes the events CSV, so
// the table has one writer and every row in it is whole. A worker dies with its parent
// (PR_SET_PDEATHSIG); a worker that dies loses only the search it was running: the parent lets
// the others finish the rest, then fails, and a rerun of the same command does the lost search.
#include <functional>
#include <string>
#include <vector>

#include "cli/activate_campaign.hpp"
#include "core/progress.hpp"

namespace glassml::cli {

/// The command line of worker `job` that will serve searches on descriptor `fd`.
using WorkerCommand = std::function<std::vector<std::string>(int job, int fd)>;

/// Runs `todo` in min(jobs, todo.size()) workers; each row is appended to `log` and `rows` as it
/// arrives and counted on `progress`. Throws std::runtime_error after the surviving workers have
/// finished if a worker died or answered out of turn (the rows that arrived are kept in `log`).
void run_in_workers(const Configuration& sample, const std::vector<SearchTask>& todo, int jobs,
                    const WorkerCommand& command, EventsLog& log, std::vector<EventRow>& rows, Progress& progress);

/// The worker's side: reads searches from descriptor `fd` until the parent closes it, answers
/// each with run(task). Throws std::runtime_error on a malformed request or a lost connection.
void serve_searches(int fd, const Configuration& sample, const SearchRunner& run);

}  // namespace glassml::cli
