#include "io/csv.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"
#include "io/line_reader.hpp"

namespace glassml::io {

std::vector<std::string_view> split_csv(std::string_view line) {
  std::vector<std::string_view> cells;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    cells.push_back(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) return cells;
    start = comma + 1;
  }
}

std::vector<std::string_view> csv_cells(std::string_view line, std::size_t columns, const std::string& path,
                                        std::size_t line_number) {
  auto cells = split_csv(line);
  if (cells.size() != columns)
    throw InputError(path, line_number, fmt::format("expected {} columns, found {}", columns, cells.size()));
  return cells;
}

double csv_double(std::string_view cell, std::string_view column, const std::string& path, std::size_t line_number,
                  bool allow_nan) {
  double v = 0;
  if (try_parse_double(cell, v)) return v;
  if (allow_nan && (cell == "nan" || cell == "-nan")) return NAN;
  throw InputError(path, line_number, fmt::format("{}: '{}' is not a number", column, cell));
}

std::int64_t csv_int(std::string_view cell, std::string_view column, const std::string& path, std::size_t line_number,
                     std::int64_t lo, std::int64_t hi) {
  std::int64_t v = 0;
  if (!try_parse_int(cell, v)) throw InputError(path, line_number, fmt::format("{}: '{}' is not an integer", column, cell));
  if (v < lo || v > hi)
    throw InputError(path, line_number, fmt::format("{}: {} is out of range [{}, {}]", column, v, lo, hi));
  return v;
}

}  // namespace glassml::io
