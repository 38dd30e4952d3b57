#include "io/npy.hpp"

#include <bit>
#include <cstring>
#include <fstream>
#include <vector>

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
  // The header is a Python dict literal; the shape is "(R, C)" or "(R,)".
  NpyArray a;
  auto key = header.find("'shape': (");
  auto close = key == std::string::npos ? key : header.find(')', key);
  if (close == std::string::npos) throw InputError(path, 0, "no shape in the .npy header");
  std::string shape = header.substr(key + 10, close - key - 10);
  std::vector<std::size_t> dims;
  for (std::size_t i = 0; i < shape.size();) {
    while (i < shape.size() && (shape[i] == ' ' || shape[i] == ',')) ++i;
    std::size_t j = i;
    while (j < shape.size() && shape[j] >= '0' && shape[j] <= '9') ++j;
    if (j == i && i < shape.size()) throw InputError(path, 0, "bad shape '(" + shape + ")' in the .npy header");
    if (j > i) dims.push_back(std::stoull(shape.substr(i, j - i)));
    i = j;
  }
  if (dims.empty() || dims.size() > 2) throw InputError(path, 0, "only 1-D and 2-D arrays are supported");
  a.rows = dims[0];
  a.cols = dims.size() == 2 ? dims[1] : 1;
  if (a.cols != 0 && a.rows > (std::size_t{1} << 40) / a.cols) throw InputError(path, 0, "array too large");
  a.data.resize(a.rows * a.cols);
  if (!in.read(reinterpret_cast<char*>(a.data.data()), static_cast<std::streamsize>(a.data.size() * sizeof(double))))
    throw InputError(path, 0, "truncated .npy data");
  return a;
}

}  // namespace glassml::io
