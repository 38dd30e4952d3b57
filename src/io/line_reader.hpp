#pragma once
// Reads a text file line by line, plain or gzip-compressed (detected from the content), and
// knows where it is, so that every parse error names the file and the line.
//
// Defensive against bad input: lines longer than kMaxLine, NUL bytes and other binary
// control characters are errors; nothing is sized from counts in the file before they are read.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace glassml::io {

class LineReader {
 public:
  static constexpr std::size_t kMaxLine = 1 << 20;

  /// Opens `path`; throws InputError if it cannot be opened.
  explicit LineReader(const std::string& path);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  /// Reads the next line (without '\n' or trailing '\r'); false at end of file.
  bool next(std::string& line);
  /// Like next() but an end of file is an error that says what was expected.
  std::string require(const char* expected);
  /// The line number of the last line returned (1-based).
  std::size_t line_number() const { return line_no_; }
  const std::string& path() const { return path_; }

  /// An InputError at the current line.
  [[noreturn]] void fail(const std::string& what) const;

 private:
  bool fill();

  std::string path_;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<char> buf_;
  std::size_t pos_ = 0, end_ = 0;
  std::size_t line_no_ = 0;
  bool eof_ = false;
};

/// Splits on blanks (space, tab); an empty line gives no tokens.
std::vector<std::string_view> split(std::string_view line);
/// Removes leading and trailing blanks.
std::string_view trim(std::string_view s);
/// Removes a '#' comment and trims.
std::string_view strip_comment(std::string_view s);

/// Parses a finite double; the whole token must be a number. Errors name `what` and the token.
double parse_double(const LineReader& in, std::string_view token, const char* what);
/// Parses an integer in [lo, hi].
std::int64_t parse_int(const LineReader& in, std::string_view token, const char* what,
                       std::int64_t lo = INT64_MIN, std::int64_t hi = INT64_MAX);

/// Tries to parse a finite double; false if the token is not a complete finite number.
bool try_parse_double(std::string_view token, double& out);
bool try_parse_int(std::string_view token, std::int64_t& out);

}  // namespace glassml::io
