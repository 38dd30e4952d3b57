#include "io/npy.hpp"

#include <bit>
#include <cstring>
#include <fstream>
#include <regex>

#include "core/error.hpp"
#include "io/atomic_file.hpp"

namespace glassml::io {

static_assert(std::endian::native == std::endian::little, "npy writer assumes a little-endian host");

void write_npy(const std::string& path, const double* data, std::size_t rows, std::size_t cols) {
  std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + std::to_string(rows) + ", " +
                       std::to_string(cols) + "), }";
  // Magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64,
  // ending in '\n'.
  std::size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');
  std::string pre = "\x93NUMPY";
  pre.push_back('\x01');
  pre.push_back('\x00');
  const auto len = static_cast<std::uint16_t>(header.size());
  pre.push_back(static_cast<char>(len & 0xff));
  pre.push_back(static_cast<char>(len >> 8));
  AtomicFile out(path);
  out.write(pre);
  out.write(header);
  out.write(data, rows * cols * sizeof(double));
  out.commit();
}

NpyArray read_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot open");
  char magic[10];
  if (!in.read(magic, 10) || std::memcmp(magic, "\x93NUMPY", 6) != 0) throw InputError(path, 0, "not a .npy file");
  std::size_t hlen = static_cast<unsigned char>(magic[8]) | (static_cast<unsigned char>(magic[9]) << 8);
  if (magic[6] != 1) throw InputError(path, 0, "unsupported .npy version " + std::to_string(int(magic[6])));
  std::string header(hlen, '\0');
  if (!in.read(header.data(), static_cast<std::streamsize>(hlen))) throw InputError(path, 0, "truncated .npy header");
  if (header.find("'<f8'") == std::string::npos) throw InputError(path, 0, "only float64 ('<f8') arrays are supported");
  if (header.find("'fortran_order': False") == std::string::npos) throw InputError(path, 0, "Fortran-order arrays are not supported");
  std::smatch m;
  NpyArray a;
  static const std::regex two(R"('shape': \((\d+), (\d+)\))"), one(R"('shape': \((\d+),\))");
  if (std::regex_search(header, m, two)) {
    a.rows = std::stoull(m[1]);
    a.cols = std::stoull(m[2]);
  } else if (std::regex_search(header, m, one)) {
    a.rows = std::stoull(m[1]);
    a.cols = 1;
  } else {
    throw InputError(path, 0, "only 1-D and 2-D arrays are supported");
  }
  a.data.resize(a.rows * a.cols);
  if (!in.read(reinterpret_cast<char*>(a.data.data()), static_cast<std::streamsize>(a.data.size() * sizeof(double))))
    throw InputError(path, 0, "truncated .npy data");
  return a;
}

}  // namespace glassml::io
