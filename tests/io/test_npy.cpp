// .npy files: header layout per the NumPy format spec, data bit-exact.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "core/error.hpp"
#include "io/npy.hpp"
#include "io_test_util.hpp"

using namespace glassml;

TEST(Npy, HeaderIsAlignedAndDataRoundTrips) {
  test::ScratchDir dir("npy");
  io::NpyArray a{3, 2, {1.0, -2.5, 1e-300, 3.0, 0.1, 7.0}};
  io::write_npy(dir.file("a.npy"), a);
  std::ifstream in(dir.file("a.npy"), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  ASSERT_GE(bytes.size(), 128u);
  EXPECT_EQ(bytes.substr(1, 5), "NUMPY");
  std::size_t hlen = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
  EXPECT_EQ((10 + hlen) % 64, 0u);  // the spec aligns the data to 64 bytes
  EXPECT_EQ(bytes[10 + hlen - 1], '\n');
  EXPECT_NE(bytes.find("'shape': (3, 2)"), std::string::npos);
  EXPECT_EQ(bytes.size(), 10 + hlen + 6 * sizeof(double));
  auto b = io::read_npy(dir.file("a.npy"));
  EXPECT_EQ(b.rows, 3u);
  EXPECT_EQ(b.cols, 2u);
  EXPECT_EQ(b.data, a.data);
  std::ofstream(dir.file("bad.npy")) << "hello";
  EXPECT_THROW(io::read_npy(dir.file("bad.npy")), InputError);
}

TEST(Npy, NumpyReadsIt) {
  if (std::system("/usr/bin/python3 -c 'import numpy' > /dev/null 2>&1") != 0) GTEST_SKIP() << "numpy not installed";
  test::ScratchDir dir("npy2");
  io::NpyArray a{2, 3, {1, 2, 3, 4, 5, 6.5}};
  io::write_npy(dir.file("a.npy"), a);
  std::string cmd = "/usr/bin/python3 -c \"import numpy as np; a = np.load('" + dir.file("a.npy") +
                    "'); assert a.shape == (2, 3) and a.dtype == np.float64 and a[1, 2] == 6.5 and a.sum() == 21.5\"";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}
