#pragma once
// Errors the user can act on. Every message is one line that says what is wrong and where.
#include <cstddef>
#include <stdexcept>
#include <string>

namespace glassml {

/// Bad input in a file: the message is "FILE:LINE: what" (LINE omitted when 0).
class InputError : public std::runtime_error {
 public:
  InputError(const std::string& file, std::size_t line, const std::string& what)
      : std::runtime_error(format(file, line, what)), file_(file), line_(line) {}
  const std::string& file() const { return file_; }
  std::size_t line() const { return line_; }

 private:
  static std::string format(const std::string& file, std::size_t line, const std::string& what) {
    std::string m = file;
    if (line) {
      m += ':';
      m += std::to_string(line);
    }
    m += ": ";
    m += what;
    return m;
  }
  std::string file_;
  std::size_t line_;
};

/// An impossible parameter or a request that cannot be met (box too small for a cutoff, ...).
class ParameterError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace glassml
