// LAMMPS itself is the reference: it writes a triclinic data file and a dump with wrapped,
// scaled and unwrapped coordinates of the same atoms; we must read the same positions from all.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "io/structure_file.hpp"
#include "io_test_util.hpp"

using namespace glassml;

TEST(LammpsCrossCheck, TriclinicDataAndDumpAgree) {
  if (std::system("command -v lmp > /dev/null 2>&1") != 0) GTEST_SKIP() << "LAMMPS (lmp) is not installed";
  test::ScratchDir dir("lmp");
  std::ofstream(dir.file("in.lmp")) << R"(units metal
atom_style atomic
atom_modify map array
boundary p p p
region box prism -1 11 0.5 11.5 0 10 2.5 -1.5 1.0
create_box 2 box
create_atoms 1 random 60 12345 NULL
create_atoms 2 random 40 54321 NULL
mass 1 63.546
mass 2 91.224
displace_atoms all move 13.0 -4.0 7.0
write_data out.data
write_dump all custom out.dump id type x y z xs ys zs xu yu zu ix iy iz modify sort id format float %.17g
)";
  std::string cmd = "cd " + dir.path.string() + " && lmp -in in.lmp -log none -screen none";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto data = io::read_structure(dir.file("out.data"));
  auto dump = io::read_structure(dir.file("out.dump"), {{"Cu", "Zr"}});
  ASSERT_EQ(data.size(), 100u);
  EXPECT_EQ(data.species_of_type, (std::vector<std::string>{"Cu", "Zr"}));
  EXPECT_NEAR(data.box.lx, 12.0, 1e-12);
  EXPECT_NEAR(data.box.xy, 2.5, 1e-12);
  EXPECT_NEAR(data.box.xz, -1.5, 1e-12);
  EXPECT_NEAR(data.box.yz, 1.0, 1e-12);
  for (int k = 0; k < 3; ++k) EXPECT_NEAR(dump.box.lo[k], data.box.lo[k], 1e-12);
  EXPECT_NEAR(dump.box.lx, data.box.lx, 1e-12);
  EXPECT_NEAR(dump.box.ly, data.box.ly, 1e-12);
  EXPECT_EQ(dump.box.xy, data.box.xy);
  const auto& xs = dump.find_column("xs")->values;
  const auto& ys = dump.find_column("ys")->values;
  const auto& zs = dump.find_column("zs")->values;
  const auto& xu = dump.find_column("xu")->values;
  for (std::size_t i = 0; i < data.size(); ++i) {
    EXPECT_EQ(dump.id[i], data.id[i]);
    EXPECT_EQ(dump.image[i], data.image[i]);
    EXPECT_LT(norm(dump.position[i] - data.position[i]), 1e-12);
    Vec3 from_scaled = data.box.lo + data.box.to_cartesian({xs[i], ys[i], zs[i]});
    EXPECT_LT(norm(from_scaled - data.position[i]), 1e-9);
    // Unwrapped = wrapped + image flags times the cell vectors.
    const auto& im = data.image[i];
    Vec3 unwrapped = data.position[i] + data.box.to_cartesian({double(im[0]), double(im[1]), double(im[2])});
    EXPECT_NEAR(unwrapped.x, xu[i], 1e-9);
  }
}
