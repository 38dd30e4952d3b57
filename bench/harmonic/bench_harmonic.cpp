// Harmonic stiffness benchmark (issue 9). For one minimized sample:
//   1. the analytic EAM Hessian, and (with --fd) the finite-difference one from LAMMPS forces;
//   2. the diagonal blocks of the pseudo-inverse, dense and sparse (--method), timed;
//   3. the dense Hessian and glassml's K_h written as .npy for the NumPy/SciPy peer
//      (pseudo_inverse_numpy.py), which recomputes K_h independently and is timed beside.
// usage: bench_harmonic SAMPLE OUTDIR [--fd] [--method dense|sparse|both] [--no-npy]
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstring>
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
}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    fmt::print(stderr, "usage: bench_harmonic SAMPLE OUTDIR [--fd] [--method dense|sparse|both] [--no-npy]\n");
    return 2;
  }
  const std::string sample_path = argv[1], out = argv[2];
  bool fd = false, npy = true;
  std::string method = "both";
  for (int a = 3; a < argc; ++a) {
    if (!std::strcmp(argv[a], "--fd")) fd = true;
    else if (!std::strcmp(argv[a], "--no-npy")) npy = false;
    else if (!std::strcmp(argv[a], "--method") && a + 1 < argc) method = argv[++a];
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
  const md::BlockSparseMatrix h = md::eam_hessian(tables, c);
  fmt::print("analytic Hessian: {:.2f} s ({} nonzero 3x3 blocks)\n", since(t0), h.nonzero_blocks());

  if (fd) {
    md::LammpsPotentialOptions po;
    po.log_path = out + "/fd.lammps.log";
    md::LammpsPotential lmp(c, potential, po);
    t0 = Clock::now();
    const auto hfd = md::finite_difference_hessian(lmp, c.position, c.box);
    const double t = since(t0);
    fmt::print("finite-difference Hessian (LAMMPS, h = 1e-3 A): {:.1f} s, {} force calls ({:.2f} ms each)\n", t,
               lmp.force_calls(), 1e3 * t / lmp.force_calls());
    if (method != "sparse") {
      const auto kfd = md::harmonic_stiffness(md::pseudo_inverse_blocks_dense(hfd));
      const auto kan = md::harmonic_stiffness(md::pseudo_inverse_blocks_dense(h));
      fmt::print("K_h analytic vs finite-difference Hessian: max relative difference {:.2e}\n", max_relative(kan, kfd));
    }
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
  fmt::print("mean K_h {:.4f} eV/A^2\n", mean);
  if (npy && !k_dense.empty()) {
    const std::size_t n = 3 * c.size();
    std::vector<double> dense(n * n, 0.0);
    for (std::size_t i = 0; i < h.natoms; ++i)
      for (std::size_t q = h.row_start[i]; q < h.row_start[i + 1]; ++q)
        for (int a = 0; a < 3; ++a)
          for (int b = 0; b < 3; ++b) dense[(3 * i + a) * n + 3 * h.col[q] + b] = h.block[q][3 * a + b];
    io::write_npy(out + "/hessian.npy", dense.data(), n, n);
    io::write_npy(out + "/k_h.npy", k.data(), k.size(), 1);
  }
  return 0;
}
