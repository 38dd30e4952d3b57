#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>

#include "md/initial_structure.hpp"
#include "md/lammps_session.hpp"
#include "mpi_fixture.hpp"

using namespace glassml;
using namespace glassml::md;

namespace {
std::string temp_log(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / "glassml_test_md";
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}
}  // namespace

TEST(LammpsSession, AtomsGoInAndComeOutOrderedById) {
  test_mpi();
  // A triclinic box, shuffled non-consecutive ids, some atoms outside the box (image != 0).
  Configuration c;
  c.box = Box::orthogonal({-1, -2, 0.5}, {19, 17, 21.5});
  c.box.xy = 1.5;
  c.box.xz = -0.7;
  c.box.yz = 0.9;
  c.species_of_type = {"Cu", "Zr"};
  c.mass_of_type = {63.546, 91.224};
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> s(-0.3, 1.3);
  for (int i = 0; i < 300; ++i) {
    c.id.push_back(1000 - 3 * i);
    c.type.push_back(1 + i % 2);
    c.position.push_back(c.box.lo + c.box.to_cartesian({s(rng), s(rng), s(rng)}));
  }
  LammpsSession lmp(temp_log("session.log"));
  lmp.create_atoms(c);
  EXPECT_EQ(lmp.natoms(), 300);
  auto out = lmp.gather_configuration(c);
  ASSERT_EQ(out.size(), 300u);
  EXPECT_TRUE(std::is_sorted(out.id.begin(), out.id.end()));
  Box b = lmp.box();
  EXPECT_NEAR(b.xy, 1.5, 1e-12);
  EXPECT_NEAR(b.yz, 0.9, 1e-12);
  // Oracle: input atom with the same id; unwrapped output (x + image·H) equals the input.
  for (std::size_t k = 0; k < out.size(); ++k) {
    auto it = std::find(c.id.begin(), c.id.end(), out.id[k]);
    ASSERT_NE(it, c.id.end());
    std::size_t i = static_cast<std::size_t>(it - c.id.begin());
    EXPECT_EQ(out.type[k], c.type[i]);
    const auto& im = out.image[k];
    Vec3 unwrapped = out.position[k] + c.box.to_cartesian({double(im[0]), double(im[1]), double(im[2])});
    EXPECT_LT(norm(unwrapped - c.position[i]), 1e-9) << "id " << out.id[k];
    Vec3 f = b.to_fractional(out.position[k] - b.lo);
    for (int d = 0; d < 3; ++d) EXPECT_TRUE(f[d] >= -1e-12 && f[d] < 1 + 1e-12);
  }
}

TEST(LammpsSession, PerfectFccCopperIsAtRestWithTheFilesLatticeConstant) {
  test_mpi();
  // The Cu part of CuZr_mm.eam.fs lists fcc with a0 = 3.639 Å (line 6 of the file): at that
  // lattice constant the perfect crystal must be near zero pressure, compressed above it.
  auto pressure_at = [](double a) {
    auto c = perfect_lattice(Lattice::Fcc, 5, a, "Cu", 63.546);
    LammpsSession lmp(temp_log("fcc.log"));
    lmp.create_atoms(c);
    lmp.command("pair_style eam/fs");
    lmp.command("pair_coeff * * /usr/share/lammps/potentials/CuZr_mm.eam.fs Cu");
    lmp.command("thermo_style custom step pe press");
    lmp.command("run 0");
    return std::pair{lmp.thermo("press"), lmp.thermo("pe") / 500.0};
  };
  auto [p0, e0] = pressure_at(3.639);
  auto [pc, ec] = pressure_at(3.60);
  auto [pe, ee] = pressure_at(3.68);
  EXPECT_LT(std::fabs(p0), 2000.0);  // bar; vs ±tens of kbar at ±1 % strain
  EXPECT_GT(pc, 10000.0);
  EXPECT_LT(pe, -10000.0);
  EXPECT_LT(e0, ec);
  EXPECT_LT(e0, ee);
}
