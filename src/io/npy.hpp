#pragma once
// NumPy .npy files (format version 1.0, https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html):
// a 2-D little-endian float64 array in C order, readable with numpy.load() as it is.
#include <cstddef>
#include <string>
#include <vector>

namespace glassml::io {

struct NpyArray {
  std::size_t rows = 0, cols = 0;
  std::vector<double> data;  ///< row-major, rows*cols
};

/// Writes data (row-major rows x cols) atomically.
void write_npy(const std::string& path, const double* data, std::size_t rows, std::size_t cols);
inline void write_npy(const std::string& path, const NpyArray& a) { write_npy(path, a.data.data(), a.rows, a.cols); }
/// Reads a 1-D or 2-D '<f8' C-order array (1-D as rows x 1); throws InputError otherwise.
NpyArray read_npy(const std::string& path);

}  // namespace glassml::io
