#pragma once
// The data behind a figure, as CSV: a header naming each column with its unit, then rows.
// Numbers are written in their shortest round-trip form, so that reading a value back gives the
// very double that the report's numbers were computed from.
#include <string>
#include <vector>

namespace glassml::analysis {

/// Shortest decimal text that reads back as exactly v ("nan", "inf", "-inf" for the others).
std::string exact_number(double v);

class CsvTable {
 public:
  explicit CsvTable(std::vector<std::string> header) : header_(std::move(header)) {}
  /// One row; the number of cells must match the header.
  void add_row(std::vector<std::string> cells);
  std::size_t rows() const { return rows_.size(); }
  const std::vector<std::string>& header() const { return header_; }
  std::string to_string() const;
  /// Writes DIR/NAME (the directory is the report's temporary folder).
  void write(const std::string& dir, const std::string& name) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace glassml::analysis
