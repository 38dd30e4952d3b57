// The per-atom RDF averaged over atoms against LAMMPS' compute rdf.
//
// LAMMPS (compute_rdf.cpp) counts ordered pairs (i of type I, j of type J) per bin and divides by
// V_shell/V · N_I · (N_J − δ_IJ), V_shell = 4π/3 (r_out³ − r_in³). So the mean number of J
// neighbours of an I atom in a bin is g_LAMMPS · V_shell/V · (N_J − δ_IJ). Ours, with the exact
// shell volume, is mean_i g_i · ρ_J · V_shell with ρ_J = N_J/V. Both are compared as such counts.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <random>
#include <sstream>

#include "io/structure_file.hpp"
#include "structure/rdf.hpp"

namespace glassml::structure {
namespace {

namespace fs = std::filesystem;

/// Rows of a `fix ave/time ... mode vector` file of compute rdf: [row][column], columns as in
/// the file (row, r, g_11, coord_11, ...).
std::vector<std::vector<double>> read_lammps_rdf(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::string line;
  std::vector<std::vector<double>> rows;
  bool header_seen = false;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ss(line);
    std::vector<double> v;
    for (double x; ss >> x;) v.push_back(x);
    if (!header_seen) {  // "timestep nrows"
      header_seen = true;
      continue;
    }
    rows.push_back(v);
  }
  return rows;
}

/// Mean number of neighbours of species `nbr` around atoms of species `centre` (empty: all),
/// per bin, from our features with shell-volume normalization.
std::vector<double> our_counts(const Configuration& c, const FeatureMatrix& m, const RdfSettings& s,
                               const std::vector<std::string>& species, const std::string& centre, const std::string& nbr) {
  const std::size_t nb = s.num_bins();
  std::size_t block = 0, n_nbr = c.size(), n_centre = 0;
  if (!nbr.empty()) {
    block = std::find(species.begin(), species.end(), nbr) - species.begin();
    n_nbr = 0;
    for (std::size_t i = 0; i < c.size(); ++i) n_nbr += c.species(i) == nbr;
  }
  std::vector<double> out(nb, 0.0);
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (!centre.empty() && c.species(i) != centre) continue;
    ++n_centre;
    for (std::size_t k = 0; k < nb; ++k) out[k] += m.at(i, block * nb + k);
  }
  for (std::size_t k = 0; k < nb; ++k) {
    const double r_in = s.r_min + k * s.dr, r_out = r_in + s.dr;
    const double shell = 4.0 / 3.0 * std::numbers::pi * (std::pow(r_out, 3) - std::pow(r_in, 3));
    out[k] *= n_nbr / c.box.volume() * shell / n_centre;
  }
  return out;
}

/// The same from LAMMPS rows: column `gcol` of the file, LAMMPS bin width `ldr`, summed into
/// our bins.
std::vector<double> lammps_counts(const std::vector<std::vector<double>>& rows, std::size_t gcol, double ldr,
                                  double volume, double n_j_minus_dup, const RdfSettings& s) {
  std::vector<double> out(s.num_bins(), 0.0);
  for (std::size_t m = 0; m < rows.size(); ++m) {
    const double r_in = m * ldr, r_out = (m + 1) * ldr, r_c = rows[m][1];
    if (r_c < s.r_min || r_c > s.r_max) continue;
    const std::size_t k = static_cast<std::size_t>((r_c - s.r_min) / s.dr);
    const double vfrac = 4.0 / 3.0 * std::numbers::pi * (std::pow(r_out, 3) - std::pow(r_in, 3)) / volume;
    out[k] += rows[m][gcol] * vfrac * n_j_minus_dup;
  }
  return out;
}

/// Compares count vectors with a relative tolerance.
void expect_counts(const std::vector<double>& ours, const std::vector<double>& lammps, double rel, const std::string& what) {
  ASSERT_EQ(ours.size(), lammps.size());
  for (std::size_t k = 0; k < ours.size(); ++k)
    EXPECT_NEAR(ours[k], lammps[k], rel * std::abs(lammps[k]) + 1e-12) << what << " bin " << k;
}

TEST(RdfVsLammps, FrozenReferenceSamples) {
  // sN.rdf.txt: `compute rdf 400 1 1 1 2 2 2 * * cutoff 10.0` of sN.data by Debian's lmp
  // (29 Sep 2021), printed with 6 significant digits (see the folder's README) -> rel. tol. 2e-5.
  RdfSettings s;
  s.partial = true;
  s.normalization = RdfSettings::Normalization::ShellVolume;
  const std::vector<std::string> sp{"Cu", "Zr"};
  for (int n = 1; n <= 10; ++n) {
    const std::string base = std::string(GLASSML_SHARED_DATA) + "/cuzr2000-q1e13/s" + std::to_string(n);
    const Configuration c = io::read_structure(base + ".data");
    const auto rows = read_lammps_rdf(base + ".rdf.txt");
    ASSERT_EQ(rows.size(), 400u);
    const FeatureMatrix m = compute_rdf_features(c, s, sp);
    RdfSettings total = s;
    total.partial = false;
    const FeatureMatrix mt = compute_rdf_features(c, total, sp);
    const auto cnt = c.count_by_type();
    const double ncu = cnt[0], nzr = cnt[1], v = c.box.volume();
    std::string tag = "s";
    tag += std::to_string(n);
    expect_counts(our_counts(c, m, s, sp, "Cu", "Cu"), lammps_counts(rows, 2, 0.025, v, ncu - 1, s), 2e-5, tag + " CuCu");
    expect_counts(our_counts(c, m, s, sp, "Cu", "Zr"), lammps_counts(rows, 4, 0.025, v, nzr, s), 2e-5, tag + " CuZr");
    expect_counts(our_counts(c, m, s, sp, "Zr", "Zr"), lammps_counts(rows, 6, 0.025, v, nzr - 1, s), 2e-5, tag + " ZrZr");
    expect_counts(our_counts(c, mt, total, sp, "", ""), lammps_counts(rows, 8, 0.025, v, ncu + nzr - 1, s), 2e-5, tag + " all");
  }
}

TEST(RdfVsLammps, LiveLammpsOnTiltedBox) {
  // Runs Debian's lmp on a random two-species configuration in a tilted box (tilts within
  // LAMMPS' limits), its g(r) printed with 17 digits, bins of 0.025 Å like ours here.
  if (std::system("command -v lmp > /dev/null 2>&1") != 0) GTEST_SKIP() << "lmp not installed";
  std::mt19937_64 rng(2021);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Configuration c;
  c.box.lo = {-1.0, 2.0, 0.5};
  c.box.lx = 20.0;
  c.box.ly = 19.0;
  c.box.lz = 21.0;
  c.box.xy = 6.0;
  c.box.xz = -5.0;
  c.box.yz = 4.0;
  c.species_of_type = {"Cu", "Zr"};
  c.mass_of_type = {63.546, 91.224};
  for (int i = 0; i < 700; ++i) {
    c.id.push_back(i + 1);
    c.type.push_back(u(rng) < 0.4 ? 1 : 2);
    c.position.push_back(c.box.lo + c.box.to_cartesian({u(rng), u(rng), u(rng)}));
  }
  ASSERT_GT(c.box.min_periodic_width(), 16.0);
  const fs::path dir = fs::temp_directory_path() / ("glassml_rdf_lammps_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  io::write_structure((dir / "cfg.data").string(), c);
  {
    std::ofstream in(dir / "in.rdf");
    in << "units metal\natom_style atomic\nboundary p p p\nread_data cfg.data\n"
          "pair_style zero 8.0\npair_coeff * *\nneighbor 0.5 bin\n"
          "compute rdf all rdf 320 1 1 1 2 2 2 * *\n"
          "fix rdf all ave/time 1 1 1 c_rdf[*] mode vector file rdf.txt format \" %.17g\"\n"
          "run 0\n";
  }
  const std::string cmd = "cd '" + dir.string() + "' && lmp -in in.rdf -log none -screen none";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  const auto rows = read_lammps_rdf((dir / "rdf.txt").string());
  fs::remove_all(dir);
  ASSERT_EQ(rows.size(), 320u);

  RdfSettings s;
  s.r_min = 0.0;
  s.r_max = 8.0;
  s.dr = 0.025;
  s.normalization = RdfSettings::Normalization::ShellVolume;
  s.partial = true;
  const std::vector<std::string> sp{"Cu", "Zr"};
  const FeatureMatrix m = compute_rdf_features(c, s, sp);
  RdfSettings total = s;
  total.partial = false;
  const FeatureMatrix mt = compute_rdf_features(c, total, sp);
  const auto cnt = c.count_by_type();
  const double ncu = cnt[0], nzr = cnt[1], v = c.box.volume();
  expect_counts(our_counts(c, m, s, sp, "Cu", "Cu"), lammps_counts(rows, 2, 0.025, v, ncu - 1, s), 1e-10, "CuCu");
  expect_counts(our_counts(c, m, s, sp, "Cu", "Zr"), lammps_counts(rows, 4, 0.025, v, nzr, s), 1e-10, "CuZr");
  expect_counts(our_counts(c, m, s, sp, "Zr", "Zr"), lammps_counts(rows, 6, 0.025, v, nzr - 1, s), 1e-10, "ZrZr");
  expect_counts(our_counts(c, mt, total, sp, "", ""), lammps_counts(rows, 8, 0.025, v, ncu + nzr - 1, s), 1e-10, "all");
}

}  // namespace
}  // namespace glassml::structure
