#pragma once
// Shortest decimal text that reads back to the same double (std::to_chars), so that
// write -> read round-trips bit for bit.
#include <charconv>
#include <cstdint>
#include <string>

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

inline std::string format_double(double v) {
  std::string s;
  append_double(s, v);
  return s;
}

}  // namespace glassml::io
