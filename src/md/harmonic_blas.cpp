#include "md/harmonic_blas.hpp"

#include <cblas.h>
#include <dlfcn.h>

#include <cstddef>
#include <cstdlib>
#include <stdexcept>
#include <vector>

// OpenBLAS is opened at run time rather than linked: it picks its kernels once, when it is
// loaded, from the CPU model, and on virtual machines that report a generic "Intel Xeon
// Processor" it falls back to its SSE3 (Prescott) kernels, 4x slower than AVX-512 here
// (dgemm 15 vs 58 GFlop/s per core). OPENBLAS_CORETYPE, read at load, overrides the choice;
// it is set from the instruction sets the CPU reports unless the user set it.

// LAPACK (Fortran ABI, gfortran: character lengths as trailing hidden arguments).
extern "C" {
using DpotrfFn = void(const char*, const int*, double*, const int*, int*, std::size_t);
using DtrtriFn = void(const char*, const char*, const int*, double*, const int*, int*, std::size_t, std::size_t);
using DsyevdFn = void(const char*, const char*, const int*, double*, const int*, double*, double*, const int*, int*,
                      const int*, int*, std::size_t, std::size_t);
}

namespace glassml::md::blas {
namespace {

struct OpenBlas {
  decltype(&cblas_dgemm) dgemm = nullptr;
  decltype(&cblas_dtrsm) dtrsm = nullptr;
  decltype(&cblas_dtrmm) dtrmm = nullptr;
  DpotrfFn* dpotrf = nullptr;
  DtrtriFn* dtrtri = nullptr;
  DsyevdFn* dsyevd = nullptr;
  int (*get_threads)() = nullptr;
  void (*set_threads)(int) = nullptr;
  char* (*corename)() = nullptr;
};

template <class F>
void bind(void* lib, const char* name, F& f) {
  f = reinterpret_cast<F>(dlsym(lib, name));
  if (!f) throw std::runtime_error(std::string("libopenblas.so.0 has no symbol ") + name);
}

OpenBlas open_blas() {
  if (!std::getenv("OPENBLAS_CORETYPE")) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512dq"))
      setenv("OPENBLAS_CORETYPE", "SkylakeX", 0);
    else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
      setenv("OPENBLAS_CORETYPE", "Haswell", 0);
  }
  void* lib = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);
  if (!lib)
    throw std::runtime_error(std::string("cannot load OpenBLAS (install libopenblas0, see scripts/setup.sh): ") + dlerror());
  OpenBlas b;
  bind(lib, "cblas_dgemm", b.dgemm);
  bind(lib, "cblas_dtrsm", b.dtrsm);
  bind(lib, "cblas_dtrmm", b.dtrmm);
  bind(lib, "dpotrf_", b.dpotrf);
  bind(lib, "dtrtri_", b.dtrtri);
  bind(lib, "dsyevd_", b.dsyevd);
  bind(lib, "openblas_get_num_threads", b.get_threads);
  bind(lib, "openblas_set_num_threads", b.set_threads);
  bind(lib, "openblas_get_corename", b.corename);
  return b;  // the library stays loaded for the life of the process
}

const OpenBlas& lib() {
  static const OpenBlas b = open_blas();
  return b;
}

int dim(Eigen::Index n) { return static_cast<int>(n); }

}  // namespace

std::string kernel_name() { return lib().corename(); }

bool cholesky_lower(MatRef a) {
  const int n = dim(a.rows()), lda = dim(a.outerStride());
  int info = 0;
  if (n == 0) return true;
  lib().dpotrf("L", &n, a.data(), &lda, &info, 1);
  return info == 0;
}

void invert_lower(MatRef l) {
  const int n = dim(l.rows()), lda = dim(l.outerStride());
  int info = 0;
  if (n == 0) return;
  lib().dtrtri("L", "N", &n, l.data(), &lda, &info, 1, 1);  // info > 0 only for a zero diagonal, excluded by Cholesky
}

void gemm(bool transpose_a, bool transpose_b, double alpha, const ConstMatRef& a, const ConstMatRef& b, double beta, MatRef c) {
  const int k = dim(transpose_a ? a.rows() : a.cols());
  if (c.rows() == 0 || c.cols() == 0) return;
  lib().dgemm(CblasColMajor, transpose_a ? CblasTrans : CblasNoTrans, transpose_b ? CblasTrans : CblasNoTrans, dim(c.rows()),
              dim(c.cols()), k, alpha, a.data(), dim(a.outerStride()), b.data(), dim(b.outerStride()), beta, c.data(),
              dim(c.outerStride()));
}

void solve_right_lower_transposed(const ConstMatRef& l, MatRef b) {
  if (b.rows() == 0 || b.cols() == 0) return;
  lib().dtrsm(CblasColMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit, dim(b.rows()), dim(b.cols()), 1.0, l.data(),
              dim(l.outerStride()), b.data(), dim(b.outerStride()));
}

void multiply_right_lower(const ConstMatRef& l, MatRef b) {
  if (b.rows() == 0 || b.cols() == 0) return;
  lib().dtrmm(CblasColMajor, CblasRight, CblasLower, CblasNoTrans, CblasNonUnit, dim(b.rows()), dim(b.cols()), 1.0, l.data(),
              dim(l.outerStride()), b.data(), dim(b.outerStride()));
}

ThreadScope::ThreadScope(int threads) : previous_(lib().get_threads()) { lib().set_threads(threads); }
ThreadScope::~ThreadScope() { lib().set_threads(previous_); }

bool symmetric_eigen(MatRef a, Eigen::VectorXd& w) {
  const int n = dim(a.rows()), lda = dim(a.outerStride());
  w.resize(n);
  if (n == 0) return true;
  int info = 0, lwork = -1, liwork = -1, iwork_query = 0;
  double work_query = 0;
  lib().dsyevd("V", "L", &n, a.data(), &lda, w.data(), &work_query, &lwork, &iwork_query, &liwork, &info, 1, 1);
  lwork = static_cast<int>(work_query), liwork = iwork_query;
  std::vector<double> work(static_cast<std::size_t>(lwork));
  std::vector<int> iwork(static_cast<std::size_t>(liwork));
  lib().dsyevd("V", "L", &n, a.data(), &lda, w.data(), work.data(), &lwork, iwork.data(), &liwork, &info, 1, 1);
  return info == 0;
}

}  // namespace glassml::md::blas
