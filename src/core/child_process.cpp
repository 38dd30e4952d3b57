#include "core/child_process.hpp"

#include <sys/wait.h>
#include <unistd.h>

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

}  // namespace glassml
