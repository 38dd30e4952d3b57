#include "cli/activate_workers.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <stdexcept>

#include "core/child_process.hpp"

namespace glassml::cli {
namespace {

/// Sends all of `text`; false if the other side is gone (no SIGPIPE).
bool send_all(int fd, const std::string& text) {
  std::size_t sent = 0;
  while (sent < text.size()) {
    const ssize_t n = ::send(fd, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

/// Reads what is there into `buffer`; false at end of input or on error.
bool receive_some(int fd, std::string& buffer) {
  char chunk[4096];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
    return true;
  }
}

/// Takes the first whole line out of `buffer`.
std::optional<std::string> take_line(std::string& buffer) {
  const auto nl = buffer.find('\n');
  if (nl == std::string::npos) return std::nullopt;
  std::string line = buffer.substr(0, nl);
  buffer.erase(0, nl + 1);
  return line;
}

struct Worker {
  int job = 0;
  pid_t pid = -1;
  int fd = -1;                      ///< parent's end of the socket pair; -1 once closed
  std::optional<SearchTask> busy;   ///< the search it is running
  std::string buffer;               ///< bytes of an answer not yet complete
  std::string failure;              ///< why it was dropped (empty: fine)
};

class Pool {
 public:
  Pool(const Configuration& sample, const std::vector<SearchTask>& todo, EventsLog& log, std::vector<EventRow>& rows,
       Progress& progress)
      : sample_(sample), todo_(todo), log_(log), rows_(rows), progress_(progress) {}
  ~Pool() {  // on an exception: the workers see end of input (and die with this process)
    for (auto& w : workers_)
      if (w.fd >= 0) ::close(w.fd);
  }
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  void start(int jobs, const WorkerCommand& command);
  /// Serves the workers until every one has closed.
  void run();
  /// Waits for the worker processes; throws if any failed.
  void finish();

 private:
  void dispatch(Worker& w);
  void on_readable(Worker& w);
  void drop(Worker& w, const std::string& why);

  const Configuration& sample_;
  const std::vector<SearchTask>& todo_;
  EventsLog& log_;
  std::vector<EventRow>& rows_;
  Progress& progress_;
  std::vector<Worker> workers_;
  std::size_t next_ = 0, done_ = 0;
};

void Pool::start(int jobs, const WorkerCommand& command) {
  for (int j = 0; j < jobs; ++j) {
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
      throw std::runtime_error(fmt::format("socketpair failed: {}", std::strerror(errno)));
    ChildSpec spec;
    spec.argv = command(j, pair[1]);
    spec.inherit_fd = pair[1];
    Worker w;
    w.job = j;
    try {
      w.pid = start_child(spec);
    } catch (...) {
      ::close(pair[0]), ::close(pair[1]);
      throw;
    }
    ::close(pair[1]);
    w.fd = pair[0];
    workers_.push_back(std::move(w));
  }
  for (auto& w : workers_) dispatch(w);
}

void Pool::dispatch(Worker& w) {
  if (next_ == todo_.size()) {
    ::shutdown(w.fd, SHUT_WR);  // no more searches: the worker sees end of input and exits
    return;
  }
  const SearchTask t = todo_[next_++];
  w.busy = t;
  if (!send_all(w.fd, fmt::format("{} {}\n", t.atom, t.event))) drop(w, "connection lost");
}

void Pool::drop(Worker& w, const std::string& why) {
  if (w.fd < 0) return;
  ::close(w.fd);
  w.fd = -1;
  if (w.busy)
    w.failure = fmt::format("{} while running the search of atom {} event {}", why, sample_.id[w.busy->atom], w.busy->event);
}

void Pool::on_readable(Worker& w) {
  if (!receive_some(w.fd, w.buffer)) {
    drop(w, "ended");
    return;
  }
  while (auto line = take_line(w.buffer)) {
    EventRow row;
    try {
      row = parse_event_row(*line, fmt::format("worker {}", w.job), 0);
    } catch (const std::exception& e) {
      drop(w, fmt::format("sent a bad row ({})", e.what()));
      return;
    }
    if (!w.busy || row.atom != sample_.id[w.busy->atom] || row.event != w.busy->event) {
      drop(w, "answered out of turn");
      return;
    }
    log_.append(row);
    rows_.push_back(std::move(row));
    w.busy.reset();
    progress_.update(++done_);
    dispatch(w);
    if (w.fd < 0) return;
  }
}

void Pool::run() {
  for (;;) {
    std::vector<pollfd> fds;
    std::vector<Worker*> of;
    for (auto& w : workers_)
      if (w.fd >= 0) fds.push_back({w.fd, POLLIN, 0}), of.push_back(&w);
    if (fds.empty()) return;
    const int n = ::poll(fds.data(), fds.size(), 1000);
    if (n < 0 && errno != EINTR) throw std::runtime_error(fmt::format("poll failed: {}", std::strerror(errno)));
    for (std::size_t k = 0; n > 0 && k < fds.size(); ++k)
      if (fds[k].revents & (POLLIN | POLLHUP | POLLERR)) on_readable(*of[k]);
  }
}

void Pool::finish() {
  std::string failures;
  for (auto& w : workers_) {
    int status = 0;
    while (::waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
    }
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (code == 0 && w.failure.empty()) continue;
    failures += fmt::format("{}worker {} (exit code {}){}{}", failures.empty() ? "" : "; ", w.job, code,
                            w.failure.empty() ? "" : ": ", w.failure);
  }
  if (!failures.empty()) throw std::runtime_error(failures);
}

}  // namespace

void run_in_workers(const Configuration& sample, const std::vector<SearchTask>& todo, int jobs,
                    const WorkerCommand& command, EventsLog& log, std::vector<EventRow>& rows, Progress& progress) {
  if (todo.empty()) return;
  Pool pool(sample, todo, log, rows, progress);
  pool.start(std::min<int>(jobs, static_cast<int>(todo.size())), command);
  pool.run();
  pool.finish();
}

void serve_searches(int fd, const Configuration& sample, const SearchRunner& run) {
  std::string buffer;
  for (;;) {
    auto line = take_line(buffer);
    if (!line) {
      if (!receive_some(fd, buffer)) {
        if (!buffer.empty()) throw std::runtime_error("--worker-fd: the request ends in the middle of a line");
        return;  // the parent has no more searches
      }
      continue;
    }
    unsigned long long atom = 0;
    int event = -1, used = 0;
    if (std::sscanf(line->c_str(), "%llu %d%n", &atom, &event, &used) != 2 || used != static_cast<int>(line->size()) ||
        atom >= sample.size() || event < 0)
      throw std::runtime_error(fmt::format("--worker-fd: bad request '{}'", *line));
    const EventRow row = run({static_cast<std::size_t>(atom), event});
    if (!send_all(fd, format_event_row(row) + "\n")) throw std::runtime_error("--worker-fd: the parent is gone");
  }
}

}  // namespace glassml::cli
