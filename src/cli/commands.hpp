#pragma once
// Each subcommand lives in its own cmd_<name>.cpp and registers itself at start-up:
//
//   static glassml::cli::Registrar reg{"info", 10, add_info_command};
//
// `order` sorts the commands in --help (pipeline order: 10 info, 20 quench, 30 stiffness, ...).
// A command's callback throws on error; main() turns exceptions into one-line messages.
#include <CLI/CLI.hpp>
#include <initializer_list>
#include <string>
#include <string_view>

namespace glassml::cli {

using AddCommand = void (*)(CLI::App& app);

struct Registrar {
  Registrar(const char* name, int order, AddCommand add);
};

/// Adds every registered command to the application, in order.
void add_registered_commands(CLI::App& app);

/// `path` without the first of `suffixes` it ends with (and is longer than), else `path`: the stem
/// from which a command names its default outputs (SAMPLE.dump -> SAMPLE.stiff.dump, ...).
std::string strip_suffix(const std::string& path, std::initializer_list<std::string_view> suffixes);

}  // namespace glassml::cli
