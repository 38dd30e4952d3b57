#pragma once
// Shortest decimal text that reads back to the same double (std::to_chars), so that
// write -> read round-trips bit for bit.
#include <charconv>
#include <cstdint>
#include <string>

#include "core/configuration.hpp"

namespace glassml::io {

inline void append_double(std::string& out, double v) {
  char buf[32];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, p);
}

inline void append_int(std::string& out, std::int64_t v) {
  char buf[24];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, p);
}

/// " id type" (with " element" when given) " x y z" and " ix iy iz" when the configuration has
/// image flags: the leading columns of an atom's line in data files and dumps (no newline).
inline void append_atom_columns(std::string& out, const Configuration& c, std::size_t i, bool element) {
  append_int(out, c.id[i]);
  out += ' ';
  append_int(out, c.type[i]);
  if (element) {
    out += ' ';
    out += c.species(i);
  }
  for (int d = 0; d < 3; ++d) {
    out += ' ';
    append_double(out, c.position[i][d]);
  }
  if (!c.image.empty())
    for (int d = 0; d < 3; ++d) {
      out += ' ';
      append_int(out, c.image[i][d]);
    }
}

inline std::string format_double(double v) {
  std::string s;
  append_double(s, v);
  return s;
}

}  // namespace glassml::io
