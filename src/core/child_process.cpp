#include "core/child_process.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <stdexcept>

namespace glassml {

std::string self_executable() { return std::filesystem::read_symlink("/proc/self/exe").string(); }

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
    results[it->second].exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
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

int run_program(const std::vector<std::string>& argv, const std::string& cwd, const std::string& log) {
  if (argv.empty()) throw std::runtime_error("run_program: no program");
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
  if (pid == 0) {  // child: only async-signal-safe calls until exec
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(127);
    if (!log.empty()) {
      const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (fd < 0) _exit(127);
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
      close(fd);
    }
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw std::runtime_error(std::string("waitpid failed: ") + std::strerror(errno));
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace glassml
