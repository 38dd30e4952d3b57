// glassml harmonic end to end: the dump it writes against the eigendecomposition oracle of the
// same (default) Hessian computed in-process, dense and sparse runs against each other, and one-line
// errors with no output on bad input.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "fixtures.hpp"
#include "io/structure_file.hpp"
#include "md/harmonic_stiffness.hpp"
#include "md/eam_hessian.hpp"
#include "md/eam_tables.hpp"
#include "md/hessian.hpp"
#include "md/inherent_structures.hpp"
#include "md/lammps_session.hpp"
#include "minima.hpp"
#include "oracle.hpp"

using namespace glassml;
using namespace glassml::md;

namespace {

struct CmdResult {
  int code = -1;
  std::string out, err;
};

std::string slurp(const std::string& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

CmdResult glassml_cmd(const std::string& args) {
  const std::string dir = harmonic_test::scratch("");
  const std::string cmd = std::string(GLASSML_BINARY) + " " + args + " > " + dir + "/out.txt 2> " + dir + "/err.txt";
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(dir + "/out.txt"), slurp(dir + "/err.txt")};
}

/// `a`'s column `name` equals `expected` atom by atom within `relative` of `expected`.
void expect_column_near(const Configuration& a, const std::string& name, const std::vector<double>& expected, double relative) {
  const Column* c = a.find_column(name);
  ASSERT_NE(c, nullptr) << name;
  ASSERT_EQ(c->values.size(), expected.size()) << name;
  for (std::size_t i = 0; i < expected.size(); ++i)
    EXPECT_NEAR(c->values[i], expected[i], relative * expected[i]) << name << ", atom " << a.id[i];
}

}  // namespace

TEST(HarmonicCommand, WritesKhThatMatchesTheOracle) {
  const auto& glass = harmonic_test::small_glass();
  const std::string in = harmonic_test::scratch("glass.data");
  io::write_structure(in, glass);
  const std::string dense = harmonic_test::scratch("glass.dense.dump"), sparse = harmonic_test::scratch("glass.sparse.dump");
  std::filesystem::remove(dense);
  CmdResult r = glassml_cmd("--quiet harmonic " + in + " -o " + dense + " --method dense");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("mean K_h"), std::string::npos);
  r = glassml_cmd("--quiet harmonic " + in + " -o " + sparse + " --method sparse");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto a = io::read_structure(dense), b = io::read_structure(sparse);
  ASSERT_EQ(a.size(), glass.size());
  for (const char* name : {"K_h", "lambda1", "lambda2", "lambda3"}) ASSERT_NE(a.find_column(name), nullptr) << name;
  const auto& kh = a.find_column("K_h")->values;
  for (std::size_t i = 0; i < kh.size(); ++i)
    EXPECT_NEAR(b.find_column("K_h")->values[i], kh[i], 1e-6 * kh[i]);  // round-off: grounding cancels ~1e-8

  // Oracle: the default Hessian (central differences of the table forces, h = 1e-3 Å, equal to
  // LAMMPS's: test_eam_fd_hessian) in-process, pseudo-inverse by eigendecomposition.
  const auto h = eam_fd_hessian(read_eam_tables(harmonic_test::kPotential, "eam/fs"), glass, 1e-3);
  const auto oracle = harmonic_stiffness(harmonic_test::oracle_pseudo_inverse(h).blocks);
  const auto lam = local_curvatures(h);
  for (std::size_t i = 0; i < kh.size(); ++i) {
    EXPECT_NEAR(kh[i], oracle[i], 1e-6 * oracle[i]) << "atom " << a.id[i];
    EXPECT_NEAR(a.find_column("lambda1")->values[i], lam[i][0], 1e-9 * std::abs(lam[i][2]));
    EXPECT_NEAR(a.find_column("lambda3")->values[i], lam[i][2], 1e-9 * std::abs(lam[i][2]));
  }
  EXPECT_TRUE(std::filesystem::exists(harmonic_test::scratch("glass.dense.json")));
}

// --mode-bins and --anharmonic share one eigendecomposition: the bins add up to 1/K_h of the
// Cholesky route, and at 1e-5 K (analytic Hessian: the point curvature a tiny line sees) K_anh and
// K_th equal K_h; the columns and the summary are written.
TEST(HarmonicCommand, AnharmonicColumnsAtTinyTemperatureAreKh) {
  const auto& glass = harmonic_test::small_glass();
  const std::string in = harmonic_test::scratch("glass_anh.data"), out = harmonic_test::scratch("glass_anh.dump");
  io::write_structure(in, glass);
  CmdResult r = glassml_cmd("--quiet harmonic " + in + " -o " + out +
                            " --hessian analytic --mode-bins --anharmonic --anharmonic-cutoff 2 --anharmonic-temperatures 1e-5,2e-5");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto a = io::read_structure(out);
  for (const char* name : {"g0", "g6", "K_anh", "K_anh_pt", "K_anh_hot", "du2_anh", "K_th", "dx_th"})
    ASSERT_NE(a.find_column(name), nullptr) << name;
  const auto& kh = a.find_column("K_h")->values;
  for (std::size_t i = 0; i < kh.size(); ++i) {
    double g = 0;
    for (const char* bin : {"g0", "g1", "g2", "g3", "g4", "g5", "g6"}) g += a.find_column(bin)->values[i];
    EXPECT_NEAR(g * kh[i], 1.0, 1e-8) << "atom " << a.id[i];
    EXPECT_NEAR(a.find_column("K_anh")->values[i] / kh[i], 1.0, 1e-3) << "atom " << a.id[i];
    EXPECT_NEAR(a.find_column("K_th")->values[i] / kh[i], 1.0, 1e-3) << "atom " << a.id[i];
  }
  const std::string json = slurp(harmonic_test::scratch("glass_anh.json"));
  EXPECT_NE(json.find("\"modes_followed\""), std::string::npos);
  r = glassml_cmd("harmonic " + in + " -o " + out + " --anharmonic --hessian fd-lammps");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("--anharmonic"), std::string::npos) << r.err;
}

// --box-strain: K_qh at zero strain is K_h; at two strains it is the mean of the oracle's K_h of
// the glass expanded and minimized by a plain LAMMPS session (change_box ... remap, CG).
TEST(HarmonicCommand, BoxStrainKqhIsTheMeanKhOfTheExpandedMinima) {
  const auto& glass = harmonic_test::small_glass();
  const std::string in = harmonic_test::scratch("glass_qh.data"), out = harmonic_test::scratch("glass_qh.dump");
  io::write_structure(in, glass);
  CmdResult r = glassml_cmd("--quiet harmonic " + in + " -o " + out + " --box-strain 0");
  ASSERT_EQ(r.code, 0) << r.err;
  auto a = io::read_structure(out);
  expect_column_near(a, "K_qh", a.find_column("K_h")->values, 1e-6);

  r = glassml_cmd("--quiet harmonic " + in + " -o " + out + " --box-strain 0.002,-0.001");
  ASSERT_EQ(r.code, 0) << r.err;
  a = io::read_structure(out);
  std::vector<double> mean(glass.size(), 0.0);
  for (const char* scale : {"1.002", "0.999"}) {
    const auto k = harmonic_test::oracle_kh(harmonic_test::plain_lammps_minimum(
        glass, {fmt::format("change_box all x scale {0} y scale {0} z scale {0} remap", scale)}));
    for (std::size_t i = 0; i < k.size(); ++i) mean[i] += 0.5 * k[i];
  }
  expect_column_near(a, "K_qh", mean, 1e-4);
  const std::string json = slurp(harmonic_test::scratch("glass_qh.json"));
  EXPECT_NE(json.find("\"box_strain\""), std::string::npos);
  EXPECT_NE(json.find("\"pressure_bar\""), std::string::npos);

  r = glassml_cmd("harmonic " + in + " -o " + out + " --box-strain 0.2");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("--box-strain"), std::string::npos) << r.err;
  r = glassml_cmd("harmonic " + in + " -o " + out + " --box-strain 0.001 --hessian fd-lammps");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("--box-strain"), std::string::npos) << r.err;
}

// --inherent-structures: with a run of 0 ps K_IS is K_h (the sample is its own minimum); with two
// warm runs it is the mean of the oracle's K_h of the minima that a plain LAMMPS session reaches
// with the recipe's input lines and the structures' seeds.
TEST(HarmonicCommand, InherentStructuresKisIsTheMeanKhOfPlainLammpsMinima) {
  const auto& glass = harmonic_test::small_glass();
  const std::string in = harmonic_test::scratch("glass_is.dump"), out = harmonic_test::scratch("glass_is.h.dump");
  Configuration labelled = glass;  // a label column, so that the summary correlates K_IS with it
  labelled.set_column("K", harmonic_test::oracle_kh(glass));
  io::write_structure(in, labelled);
  CmdResult r = glassml_cmd("--quiet harmonic " + in + " -o " + out + " --inherent-structures 1 --is-time 0");
  ASSERT_EQ(r.code, 0) << r.err;
  auto a = io::read_structure(out);
  expect_column_near(a, "K_IS", a.find_column("K_h")->values, 1e-6);

  r = glassml_cmd("--quiet harmonic " + in + " -o " + out + " --inherent-structures 2 --is-temperature 500 --is-time 0.5 --is-seed 3");
  ASSERT_EQ(r.code, 0) << r.err;
  a = io::read_structure(out);
  InherentStructureOptions o;
  o.seed = 3;
  std::vector<double> mean(glass.size(), 0.0);
  for (int k = 0; k < 2; ++k) {
    const auto lines = harmonic_test::inherent_structure_lines(500.0, 250, o.lammps_seed(k));
    const auto kh = harmonic_test::oracle_kh(harmonic_test::plain_lammps_minimum(glass, lines));
    for (std::size_t i = 0; i < kh.size(); ++i) mean[i] += 0.5 * kh[i];
  }
  expect_column_near(a, "K_IS", mean, 1e-4);
  const auto& kis = a.find_column("K_IS")->values;
  double differs = 0;
  for (std::size_t i = 0; i < kis.size(); ++i)
    differs = std::max(differs, std::abs(kis[i] - a.find_column("K_h")->values[i]) / mean[i]);
  EXPECT_GT(differs, 1e-2);  // the warm minima are other structures
  const std::string json = slurp(harmonic_test::scratch("glass_is.h.json"));
  EXPECT_NE(json.find("\"inherent_structures\""), std::string::npos);
  EXPECT_NE(json.find("\"pearson_K_IS_vs_label\""), std::string::npos) << "the summary correlates K_IS too";

  for (const char* bad : {" --inherent-structures -1", " --inherent-structures 2 --is-temperature -5",
                          " --inherent-structures 2 --is-time -1", " --inherent-structures 2 --hessian fd-lammps"}) {
    std::filesystem::remove(out);
    r = glassml_cmd("harmonic " + in + " -o " + out + bad);
    EXPECT_EQ(r.code, 1) << bad;
    EXPECT_NE(r.err.find("--inherent-structures"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(out)) << bad;
  }
}

TEST(HarmonicCommand, BadInputFailsInOneLineWithoutOutput) {
  const std::string out = harmonic_test::scratch("bad.dump");
  std::filesystem::remove(out);
  CmdResult r = glassml_cmd("harmonic /nonexistent/sample.data -o " + out);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("/nonexistent/sample.data"), std::string::npos) << r.err;

  auto small = harmonic_test::b2_lattice(4, 3.26);  // 13 Å box: below twice the 7.6 Å cutoff
  const std::string in = harmonic_test::scratch("small_box.data");
  io::write_structure(in, small);
  r = glassml_cmd("harmonic " + in + " -o " + out);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("box too small"), std::string::npos) << r.err;

  r = glassml_cmd("harmonic " + in + " -o " + out + " --method lu");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("--method"), std::string::npos) << r.err;

  r = glassml_cmd("harmonic " + in + " -o " + out + " --hessian numeric");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("--hessian"), std::string::npos) << r.err;

  r = glassml_cmd("harmonic " + in + " -o " + out + " --species Cu,Al");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("Al"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));

  r = glassml_cmd("harmonic --help");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("eV/A^2"), std::string::npos);
}

TEST(HarmonicCommand, TwoMpiRanksGiveTheSerialResult) {
  if (std::system("command -v mpirun > /dev/null 2>&1") != 0) GTEST_SKIP() << "no mpirun";
  const auto& glass = harmonic_test::small_glass();
  const std::string in = harmonic_test::scratch("glass_mpi.data");
  io::write_structure(in, glass);
  const std::string serial = harmonic_test::scratch("glass.serial.dump"), ranks = harmonic_test::scratch("glass.mpi.dump");
  // --hessian fd-lammps: the LAMMPS side (positions scattered, forces gathered by id across ranks).
  CmdResult r = glassml_cmd("--quiet harmonic " + in + " -o " + serial + " --hessian fd-lammps");
  ASSERT_EQ(r.code, 0) << r.err;
  // This test process initialized MPI (LAMMPS fixture): keep its singleton environment away from
  // the launcher, or mpirun takes itself for a child.
  const std::string mpirun =
      "for v in $(env | grep -o '^\\(OMPI\\|PMIX\\|OPAL\\|PRTE\\)[A-Za-z0-9_]*'); do unset $v; done; "
      "mpirun --allow-run-as-root --oversubscribe -np 2 ";
  const std::string dir = harmonic_test::scratch("");
  const int status = std::system((mpirun + GLASSML_BINARY + " --quiet harmonic " + in + " -o " + ranks +
                                  " --hessian fd-lammps > " + dir + "/mpi_out.txt 2>&1").c_str());
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << slurp(dir + "/mpi_out.txt");
  const auto a = io::read_structure(serial), b = io::read_structure(ranks);
  ASSERT_EQ(a.size(), b.size());
  const auto& ka = a.find_column("K_h")->values;
  const auto& kb = b.find_column("K_h")->values;
  // Same forces up to the order of LAMMPS's sums over ranks (~1e-13 relative).
  for (std::size_t i = 0; i < ka.size(); ++i) EXPECT_NEAR(kb[i], ka[i], 1e-9 * ka[i]);
}
