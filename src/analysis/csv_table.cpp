#include "analysis/csv_table.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "io/atomic_file.hpp"

namespace glassml::analysis {

std::string exact_number(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return fmt::format("{}", v);  // shortest representation that round-trips (fmt, Ryu-like)
}

void CsvTable::add_row(std::vector<std::string> cells) {
  if (cells.size() != header_.size())
    throw std::logic_error(fmt::format("CSV row of {} cells for {} columns", cells.size(), header_.size()));
  rows_.push_back(std::move(cells));
}

std::string CsvTable::to_string() const {
  auto line = [](const std::vector<std::string>& cells) {
    std::string s;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i) s += ',';
      s += cells[i];
    }
    return s + '\n';
  };
  std::string s = line(header_);
  for (const auto& r : rows_) s += line(r);
  return s;
}

void CsvTable::write(const std::string& dir, const std::string& name) const {
  io::write_file_atomic(dir + "/" + name, to_string());
}

}  // namespace glassml::analysis
