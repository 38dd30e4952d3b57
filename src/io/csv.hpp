#pragma once
// The comma-separated tables glassml writes and reads back (the events of `glassml activate`,
// the cross-validation grid of `glassml train --cv`): one header line, then one row per line,
// cells separated by commas, no quoting (no cell holds a comma). Errors name the file and line.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace glassml::io {

/// Cells of one line, split at every comma ("" gives one empty cell, "a," two cells).
std::vector<std::string_view> split_csv(std::string_view line);

/// The cells of a line that must have `columns` of them; else InputError "path:line: expected
/// N columns, found M".
std::vector<std::string_view> csv_cells(std::string_view line, std::size_t columns, const std::string& path,
                                        std::size_t line_number);

/// A cell as a number: the whole cell must parse ("nan" only when `allow_nan`); else
/// InputError "path:line: column: 'cell' is not a number".
double csv_double(std::string_view cell, std::string_view column, const std::string& path, std::size_t line_number,
                  bool allow_nan = false);
/// A cell as an integer in [lo, hi]; else InputError "path:line: column: ...".
std::int64_t csv_int(std::string_view cell, std::string_view column, const std::string& path, std::size_t line_number,
                     std::int64_t lo = INT64_MIN, std::int64_t hi = INT64_MAX);

}  // namespace glassml::io
