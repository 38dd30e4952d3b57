#include "core/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>
#include <thread>

namespace glassml {
namespace {

int exit_code_of(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

// Async-signal-safe message to fd 2 of the child (between fork and exec only such calls are allowed).
void child_fail(const char* what, const char* arg) {
  const char* reason = strerror(errno);
  for (const char* s : {"glassml: cannot ", what, " ", arg, ": ", reason, "\n"})
    if (write(2, s, strlen(s)) < 0) break;
  _exit(127);
}

}  // namespace

std::string self_executable() { return std::filesystem::read_symlink("/proc/self/exe").string(); }

std::vector<std::string> own_command_line() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> args;
  std::string cur;
  for (char c : all) {
    if (c == '\0') args.push_back(cur), cur.clear();
    else cur += c;
  }
  return args;
}

std::vector<ChildResult> run_children(const std::vector<std::vector<std::string>>& argvs, int jobs) {
  const std::string exe = self_executable();
  std::vector<ChildResult> results(argvs.size());
  std::map<pid_t, std::size_t> running;
  std::size_t next = 0;
  auto wait_one = [&] {
    int status = 0;
    pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) throw std::runtime_error(std::string("waitpid failed: ") + std::strerror(errno));
    auto it = running.find(pid);
    if (it == running.end()) return;
    results[it->second].exit_code = exit_code_of(status);
    running.erase(it);
  };
  while (next < argvs.size() || !running.empty()) {
    if (next < argvs.size() && static_cast<int>(running.size()) < std::max(jobs, 1)) {
      std::vector<char*> argv;
      for (const auto& a : argvs[next]) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      pid_t pid = fork();
      if (pid < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
      if (pid == 0) {
        execv(exe.c_str(), argv.data());
        _exit(127);
      }
      running[pid] = next++;
    } else {
      wait_one();
    }
  }
  return results;
}

pid_t start_child(const ChildSpec& spec) {
  if (spec.argv.empty()) throw std::invalid_argument("start_child: empty argv");
  std::vector<char*> argv;  // everything the child needs is prepared before fork
  for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
  if (pid > 0) return pid;
  // Child. The parent may die right after fork, before prctl: then getppid() already differs.
  if (spec.die_with_parent && (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)) _exit(127);
  const int null = open("/dev/null", O_RDONLY);
  if (null >= 0) dup2(null, 0);
  if (!spec.log.empty()) {
    const int log = open(spec.log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log < 0) child_fail("open log", spec.log.c_str());
    dup2(log, 1);
    dup2(log, 2);
  }
  if (spec.inherit_fd >= 0) fcntl(spec.inherit_fd, F_SETFD, 0);  // clear FD_CLOEXEC
  if (!spec.cwd.empty() && chdir(spec.cwd.c_str()) != 0) child_fail("enter", spec.cwd.c_str());
  execvp(argv[0], argv.data());
  child_fail("run", argv[0]);
  return -1;  // not reached
}

std::optional<ChildExit> wait_child(int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    int status = 0;
    rusage ru{};
    const pid_t pid = wait4(-1, &status, timeout_ms < 0 ? 0 : WNOHANG, &ru);
    auto seconds = [](const timeval& t) { return double(t.tv_sec) + 1e-6 * double(t.tv_usec); };
    if (pid > 0) return ChildExit{pid, exit_code_of(status), seconds(ru.ru_utime) + seconds(ru.ru_stime)};
    if (pid < 0 && errno == EINTR) continue;
    if (pid < 0) return std::nullopt;  // ECHILD: no child
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

int run_program(const std::vector<std::string>& argv, const std::string& cwd, const std::string& log) {
  if (argv.empty()) throw std::runtime_error("run_program: no program");
  ChildSpec spec;
  spec.argv = argv, spec.cwd = cwd, spec.log = log;
  const pid_t pid = start_child(spec);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw std::runtime_error(std::string("waitpid failed: ") + std::strerror(errno));
  return exit_code_of(status);
}

}  // namespace glassml
