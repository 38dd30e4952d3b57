// Write -> read gives back exactly what was written, in every format.
#include <gtest/gtest.h>


#include "io/lammps_data.hpp"
#include "io/lammps_dump.hpp"
#include "io/structure_file.hpp"
#include "io_test_util.hpp"

using namespace glassml;

namespace {

void expect_same_atoms(const Configuration& a, const Configuration& b, bool exact_box) {
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.species_of_type, b.species_of_type);
  for (std::size_t i = 0; i < a.size(); ++i) ASSERT_EQ(a.position[i], b.position[i]) << "atom " << a.id[i];
  const double tol = exact_box ? 0.0 : 1e-12 * (a.box.lx + a.box.ly + a.box.lz);
  for (int d = 0; d < 3; ++d) EXPECT_NEAR(a.box.lo[d], b.box.lo[d], tol);
  EXPECT_NEAR(a.box.lx, b.box.lx, tol);
  EXPECT_NEAR(a.box.ly, b.box.ly, tol);
  EXPECT_EQ(a.box.lz, b.box.lz);
  EXPECT_EQ(a.box.xy, b.box.xy);
  EXPECT_EQ(a.box.xz, b.box.xz);
  EXPECT_EQ(a.box.yz, b.box.yz);
}

void expect_same_columns(const Configuration& a, const Configuration& b) {
  for (const auto& col : a.columns) {
    const Column* other = b.find_column(col.name);
    ASSERT_NE(other, nullptr) << col.name;
    EXPECT_EQ(col.values, other->values) << col.name;
  }
}

class RoundTrip : public ::testing::TestWithParam<std::tuple<std::string, bool>> {};

}  // namespace

TEST_P(RoundTrip, ExactInEveryFormat) {
  const auto& [name, tilted] = GetParam();
  test::ScratchDir dir("roundtrip");
  std::mt19937 rng(tilted ? 11 : 5);
  Configuration c = test::random_configuration(rng, 257, tilted);
  const std::string path = dir.file(name);
  io::write_structure(path, c);
  Configuration back = io::read_structure(path);
  // Triclinic dumps store bounding boxes (lo + min(0, xy, ...)): lo/hi come back to within rounding.
  const bool dump = name.find(".dump") != std::string::npos || name.find(".lammpstrj") != std::string::npos;
  expect_same_atoms(c, back, !(dump && tilted));
  if (name.find(".data") == std::string::npos) {
    expect_same_columns(c, back);
    EXPECT_EQ(back.timestep, c.timestep);
  }
  if (name.find(".xyz") == std::string::npos) {
    EXPECT_EQ(back.image, c.image);
  }
  // Nothing but the target is left behind.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path), std::filesystem::directory_iterator{}), 1);
}

INSTANTIATE_TEST_SUITE_P(Formats, RoundTrip,
                         ::testing::Combine(::testing::Values("a.data", "a.dump", "a.dump.gz", "a.lammpstrj", "a.xyz",
                                                              "a.xyz.gz"),
                                            ::testing::Bool()));

TEST(RoundTrip, DataFileKeepsVelocities) {
  test::ScratchDir dir("vel");
  std::mt19937 rng(2);
  Configuration c = test::random_configuration(rng, 10, false);
  c.columns.clear();
  c.set_column("vx", std::vector<double>(10, 0.125));
  c.set_column("vy", std::vector<double>(10, -1.0 / 3.0));
  c.set_column("vz", std::vector<double>(10, 1e-300));
  io::write_structure(dir.file("v.data"), c);
  auto back = io::read_structure(dir.file("v.data"));
  expect_same_columns(c, back);
}

TEST(RoundTrip, SeveralDumpFrames) {
  test::ScratchDir dir("frames");
  std::mt19937 rng(9);
  std::vector<Configuration> frames;
  for (int f = 0; f < 3; ++f) {
    frames.push_back(test::random_configuration(rng, 20 + f, f == 1));
    frames.back().timestep = 100 * f;
  }
  io::write_lammps_dump(dir.file("m.dump"), frames);
  auto back = io::read_frames(dir.file("m.dump"));
  ASSERT_EQ(back.size(), 3u);
  for (int f = 0; f < 3; ++f) {
    EXPECT_EQ(back[f].timestep, 100 * f);
    expect_same_atoms(frames[f], back[f], f != 1);
  }
}

TEST(RoundTrip, ExtXyzGeneralLatticeIsRotatedIntoLammpsForm) {
  // A cubic cell rotated 30 degrees about z: after reading, a is along x and all interatomic
  // distances are unchanged.
  test::ScratchDir dir("rot");
  const double c30 = std::cos(M_PI / 6), s30 = std::sin(M_PI / 6), L = 10.0;
  std::string text = "2\nLattice=\"" + std::to_string(L * c30) + " " + std::to_string(L * s30) + " 0 " +
                     std::to_string(-L * s30) + " " + std::to_string(L * c30) +
                     " 0 0 0 10\" Properties=species:S:1:pos:R:3 pbc=\"T T T\"\nCu 0 0 0\nZr " +
                     std::to_string(1.0 * c30) + " " + std::to_string(1.0 * s30) + " 2\n";
  std::ofstream(dir.file("r.xyz")) << text;
  auto c = io::read_structure(dir.file("r.xyz"));
  EXPECT_NEAR(c.box.lx, L, 1e-5);
  EXPECT_NEAR(c.box.xy, 0.0, 1e-5);
  EXPECT_NEAR(c.box.ly, L, 1e-5);
  EXPECT_NEAR(c.position[1].x, 1.0, 1e-5);
  EXPECT_NEAR(c.position[1].y, 0.0, 1e-5);
  EXPECT_NEAR(norm(c.position[1] - c.position[0]), std::sqrt(5.0), 1e-5);
  EXPECT_EQ(c.species(1), "Zr");
}

TEST(RoundTrip, ScaledAndUnwrappedDumpColumns) {
  // xs ys zs are fractional coordinates of the (triclinic) box; r = lo + H s.
  test::ScratchDir dir("scaled");
  std::ofstream(dir.file("s.dump")) << "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\n"
                                       "ITEM: BOX BOUNDS xy xz yz pp pp pp\n0 12 2\n0 10 0\n0 10 0\n"
                                       "ITEM: ATOMS id type xs ys zs\n1 1 0.5 0.5 0.5\n2 1 0 1 0\n";
  auto c = io::read_structure(dir.file("s.dump"), {{"Cu"}});
  EXPECT_NEAR(c.box.lx, 10.0, 1e-12);  // bounding box 0..12 minus max(0, xy=2)
  EXPECT_NEAR(c.position[0].x, 6.0, 1e-12);
  EXPECT_NEAR(c.position[1].x, 2.0, 1e-12);
  EXPECT_NEAR(c.position[1].y, 10.0, 1e-12);
  EXPECT_EQ(c.species(0), "Cu");
}
