#pragma once
// Each subcommand lives in its own cmd_<name>.cpp and registers itself at start-up:
//
//   static glassml::cli::Registrar reg{"info", 10, add_info_command};
//
// `order` sorts the commands in --help (pipeline order: 10 info, 20 quench, 30 stiffness, ...).
// A command's callback throws on error; main() turns exceptions into one-line messages.
#include <CLI/CLI.hpp>

namespace glassml::cli {

using AddCommand = void (*)(CLI::App& app);

struct Registrar {
  Registrar(const char* name, int order, AddCommand add);
};

/// Adds every registered command to the application, in order.
void add_registered_commands(CLI::App& app);

}  // namespace glassml::cli
