#include "io/structure_file.hpp"

#include <cstring>

#include "core/error.hpp"
#include "io/extxyz.hpp"
#include "io/lammps_data.hpp"
#include "io/lammps_dump.hpp"
#include "io/line_reader.hpp"

namespace glassml::io {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::optional<Format> format_from_name(std::string name) {
  if (ends_with(name, ".gz")) name.resize(name.size() - 3);
  for (const char* e : {".data", ".lmp", ".lammps"})
    if (ends_with(name, e)) return Format::LammpsData;
  for (const char* e : {".dump", ".lammpstrj"})
    if (ends_with(name, e)) return Format::LammpsDump;
  for (const char* e : {".xyz", ".extxyz"})
    if (ends_with(name, e)) return Format::ExtXyz;
  return std::nullopt;
}

}  // namespace

const char* format_name(Format f) {
  switch (f) {
    case Format::LammpsData: return "LAMMPS data";
    case Format::LammpsDump: return "LAMMPS dump";
    case Format::ExtXyz: return "extended XYZ";
  }
  return "?";
}

Format detect_format(const std::string& path) {
  if (auto f = format_from_name(path)) return *f;
  LineReader in(path);
  std::string line;
  while (in.next(line)) {
    auto s = trim(line);
    if (s.empty()) continue;
    if (s.rfind("ITEM:", 0) == 0) return Format::LammpsDump;
    std::int64_t n;
    if (try_parse_int(s, n)) return Format::ExtXyz;
    return Format::LammpsData;  // a data file starts with a free title line
  }
  throw InputError(path, 1, "empty file");
}

std::vector<Configuration> read_frames(const std::string& path, const ReadOptions& options) {
  switch (detect_format(path)) {
    case Format::LammpsData: return {read_lammps_data(path, options)};
    case Format::LammpsDump: return read_lammps_dump(path, options);
    case Format::ExtXyz: return read_extxyz(path, options);
  }
  return {};
}

void finish_configuration(const LineReader& in, Configuration& config, const ReadOptions& options,
                          const std::string& context) {
  try {
    assign_species(config, options.species);
    config.validate();
  } catch (const ParameterError& e) {
    in.fail(context + e.what());
  }
  config.sort_by_id();
}

Configuration read_structure(const std::string& path, const ReadOptions& options) {
  auto frames = read_frames(path, options);
  return std::move(frames.front());
}

void write_frames(const std::string& path, const std::vector<Configuration>& frames) {
  auto f = format_from_name(path);
  if (!f) throw ParameterError(path + ": unknown output format (use .data, .dump, .lammpstrj or .xyz, optionally .gz)");
  switch (*f) {
    case Format::LammpsData:
      if (frames.size() != 1)
        throw ParameterError(path + ": a LAMMPS data file holds one configuration, not " + std::to_string(frames.size()));
      write_lammps_data(path, frames.front());
      break;
    case Format::LammpsDump: write_lammps_dump(path, frames); break;
    case Format::ExtXyz: write_extxyz(path, frames); break;
  }
}

void write_structure(const std::string& path, const Configuration& config) {
  auto f = format_from_name(path);
  if (f == Format::LammpsData) {
    write_lammps_data(path, config);  // no copy for the common case
    return;
  }
  write_frames(path, {config});
}

}  // namespace glassml::io
