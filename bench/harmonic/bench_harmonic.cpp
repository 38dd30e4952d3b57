// Harmonic stiffness benchmark (issue 9). For one minimized sample:
//   1. the default Hessian (central differences of the tables' forces, h = 1e-3 Å), the analytic
//      EAM Hessian, and (with --fd) the finite-difference one from LAMMPS forces, timed;
//   2. the diagonal blocks of the pseudo-inverse, dense and sparse (--method), timed;
//   3. the dense Hessian and glassml's K_h written as .npy for the NumPy/SciPy peer
//      (pseudo_inverse_numpy.py), which recomputes K_h independently and is timed beside;
//   4. with --steps h1,h2,...: K_h of the table finite differences at each step, and the table of
//      relative K_h differences (max, 99th percentile, mean) between every pair of definitions
//      ("Which Hessian" in docs/BENCHMARKS.md), with the analytic Hessian of the tables read as
//      C² cubic splines; with --fd the LAMMPS one joins the table.
// usage: bench_harmonic SAMPLE OUTDIR [--fd] [--method dense|sparse|both|none] [--no-npy] [--steps LIST]
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "core/progress.hpp"
#include "io/npy.hpp"
#include "io/structure_file.hpp"
#include "md/eam_hessian.hpp"
#include "md/eam_potential.hpp"
#include "md/eam_tables.hpp"
#include "md/harmonic_sparse_inverse.hpp"
#include "md/harmonic_stiffness.hpp"
#include "md/hessian.hpp"
#include "md/lammps_potential.hpp"
#include "md/mpi_environment.hpp"

using namespace glassml;
using Clock = std::chrono::steady_clock;

namespace {
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

double max_relative(const std::vector<double>& a, const std::vector<double>& b) {
  double w = 0;
  for (std::size_t i = 0; i < a.size(); ++i) w = std::max(w, std::abs(a[i] / b[i] - 1));
  return w;
}

/// Max, 99th percentile and mean of |a_i / b_i − 1|.
std::array<double, 3> relative_stats(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> d(a.size());
  double mean = 0;
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = std::abs(a[i] / b[i] - 1), mean += d[i] / a.size();
  std::sort(d.begin(), d.end());
  return {d.back(), d[static_cast<std::size_t>(0.99 * (d.size() - 1))], mean};
}

double max_entry_difference(const md::BlockSparseMatrix& a, const md::BlockSparseMatrix& b) {
  double w = 0;
  for (std::size_t q = 0; q < a.block.size(); ++q)
    for (int e = 0; e < 9; ++e) w = std::max(w, std::abs(a.block[q][e] - b.block[q][e]));
  return w;
}

void write_dense_npy(const std::string& path, const md::BlockSparseMatrix& h) {
  const std::size_t n = 3 * h.natoms;
  std::vector<double> dense(n * n, 0.0);
  for (std::size_t i = 0; i < h.natoms; ++i)
    for (std::size_t q = h.row_start[i]; q < h.row_start[i + 1]; ++q)
      for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) dense[(3 * i + a) * n + 3 * h.col[q] + b] = h.block[q][3 * a + b];
  io::write_npy(path, dense.data(), n, n);
}

std::vector<double> parse_list(const std::string& s) {
  std::vector<double> v;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) v.push_back(std::stod(item));
  return v;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    fmt::print(stderr, "usage: bench_harmonic SAMPLE OUTDIR [--fd] [--method dense|sparse|both|none] [--no-npy] [--steps LIST]\n");
    return 2;
  }
  const std::string sample_path = argv[1], out = argv[2];
  bool fd = false, npy = true;
  std::string method = "both";
  std::vector<double> steps;
  for (int a = 3; a < argc; ++a) {
    if (!std::strcmp(argv[a], "--fd")) fd = true;
    else if (!std::strcmp(argv[a], "--no-npy")) npy = false;
    else if (!std::strcmp(argv[a], "--method") && a + 1 < argc) method = argv[++a];
    else if (!std::strcmp(argv[a], "--steps") && a + 1 < argc) steps = parse_list(argv[++a]);
  }
  Progress::set_enabled(false);
  md::MpiEnvironment mpi;
  io::ReadOptions ro;
  ro.species = {"Cu", "Zr"};
  const Configuration c = io::read_structure(sample_path, ro);
  const std::string potential_path = "/usr/share/lammps/potentials/CuZr_mm.eam.fs";
  const auto potential = md::read_eam_potential(potential_path);
  fmt::print("sample {}: {} atoms, box {:.2f} A\n", sample_path, c.size(), c.box.lx);

  auto t0 = Clock::now();
  const auto tables = md::read_eam_tables(potential_path, potential.style);
  const md::BlockSparseMatrix h = md::eam_fd_hessian(tables, c, 1e-3);
  fmt::print("default Hessian (table forces, central differences h = 1e-3 A): {:.2f} s ({} nonzero 3x3 blocks)\n",
             since(t0), h.nonzero_blocks());
  t0 = Clock::now();
  const md::BlockSparseMatrix analytic = md::eam_hessian(tables, c);
  fmt::print("analytic Hessian: {:.2f} s\n", since(t0));

  // Definitions compared in the K_h table: name, Hessian.
  std::vector<std::pair<std::string, md::BlockSparseMatrix>> defs;
  defs.emplace_back("analytic", analytic);
  if (!steps.empty()) {  // the smooth (C²) reading of the same tables, analytic
    const auto smooth = md::read_eam_tables(potential_path, potential.style, md::EamInterpolation::CubicSpline);
    defs.emplace_back("analytic C2 spline", md::eam_hessian(smooth, c));
  }
  for (double s : steps) defs.emplace_back(fmt::format("tables h={:g}", s), md::eam_fd_hessian(tables, c, s));
  if (fd) {
    md::LammpsPotentialOptions po;
    po.log_path = out + "/fd.lammps.log";
    md::LammpsPotential lmp(c, potential, po);
    t0 = Clock::now();
    md::HessianOptions ho;
    ho.translation_invariant = false;  // as an independent computation has it: symmetrized only
    auto hfd = md::finite_difference_hessian(lmp, c.position, c.box, ho);
    const double t = since(t0);
    fmt::print("finite-difference Hessian (LAMMPS, h = 1e-3 A, symmetrized only): {:.1f} s, {} force calls ({:.2f} ms each)\n", t,
               lmp.force_calls(), 1e3 * t / lmp.force_calls());
    fmt::print("default vs LAMMPS finite differences (same h): max entry difference {:.2e} eV/A^2\n",
               max_entry_difference(h, hfd));
    if (npy) write_dense_npy(out + "/hessian_lammps_fd.npy", hfd);
    defs.emplace_back("LAMMPS h=0.001", std::move(hfd));
  }

  std::vector<double> k_dense, k_sparse;
  if (method == "dense" || method == "both") {
    t0 = Clock::now();
    k_dense = md::harmonic_stiffness(md::pseudo_inverse_blocks_dense(h));
    fmt::print("dense pseudo-inverse blocks: {:.2f} s\n", since(t0));
  }
  if (method == "sparse" || method == "both") {
    t0 = Clock::now();
    const auto order = md::nested_dissection_order(c.position, c.box, 2 * tables.cutoff + 0.5);
    md::SparseInverseStats stats;
    k_sparse = md::harmonic_stiffness(md::pseudo_inverse_blocks_sparse(h, order, nullptr, &stats));
    fmt::print("sparse pseudo-inverse blocks: {:.2f} s ({} of {} tiles of {} dofs stored, {:.2f} GB)\n", since(t0),
               stats.stored_tiles, stats.total_tiles, stats.tile_size, stats.stored_bytes / 1e9);
  }
  if (!k_dense.empty() && !k_sparse.empty())
    fmt::print("K_h sparse vs dense: max relative difference {:.2e}\n", max_relative(k_sparse, k_dense));
  const auto& k = k_dense.empty() ? k_sparse : k_dense;
  double mean = 0;
  for (double v : k) mean += v / k.size();
  if (!k.empty()) fmt::print("mean K_h {:.4f} eV/A^2\n", mean);
  if (npy && !k_dense.empty()) {
    write_dense_npy(out + "/hessian.npy", h);
    io::write_npy(out + "/k_h.npy", k.data(), k.size(), 1);
  }

  if (!k.empty() && (fd || !steps.empty())) {
    std::vector<std::pair<std::string, std::vector<double>>> ks{{"default (tables h=0.001)", k}};
    for (const auto& [name, hd] : defs) ks.emplace_back(name, md::harmonic_stiffness(md::pseudo_inverse_blocks_dense(hd)));
    fmt::print("K_h relative differences |a/b - 1|: max / 99th percentile / mean\n");
    for (std::size_t x = 0; x < ks.size(); ++x)
      for (std::size_t y = x + 1; y < ks.size(); ++y) {
        const auto s = relative_stats(ks[x].second, ks[y].second);
        fmt::print("  {:>26} vs {:<26} {:.2e} / {:.2e} / {:.2e}{}\n", ks[x].first, ks[y].first, s[0], s[1], s[2],
                   s[0] < 1e-3 ? "  agree within 1e-3" : "");
      }
    if (npy)
      for (const auto& [name, kv] : ks)
        if (name.rfind("LAMMPS", 0) == 0) io::write_npy(out + "/k_h_lammps_fd.npy", kv.data(), kv.size(), 1);
  }
  return 0;
}
