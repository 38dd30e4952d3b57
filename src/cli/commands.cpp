#include "cli/commands.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace glassml::cli {
namespace {
struct Entry {
  std::string name;
  int order;
  AddCommand add;
};
std::vector<Entry>& registry() {
  static std::vector<Entry> entries;  // function-local: safe from static initialization order
  return entries;
}
}  // namespace

Registrar::Registrar(const char* name, int order, AddCommand add) { registry().push_back({name, order, add}); }

void add_registered_commands(CLI::App& app) {
  auto entries = registry();
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.order != b.order ? a.order < b.order : a.name < b.name; });
  for (const auto& e : entries) e.add(app);
}

std::string strip_suffix(const std::string& path, std::initializer_list<std::string_view> suffixes) {
  for (const auto suffix : suffixes)
    if (path.size() > suffix.size() && path.ends_with(suffix)) return path.substr(0, path.size() - suffix.size());
  return path;
}

}  // namespace glassml::cli
