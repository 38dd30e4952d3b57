#pragma once
// The dense kernels of the pseudo-inverse (Cholesky, triangular inverse, matrix products) from
// OpenBLAS: BLAS-3 and LAPACK with kernels chosen at run time for the CPU (AVX-512, AVX2, SSE2),
// several times Eigen's portable SSE2 build on the 3,000 x 3,000 and larger blocks of a Hessian.
// Matrices are Eigen column-major views (leading dimension = outer stride).
#include <Eigen/Dense>
#include <string>

namespace glassml::md::blas {

using Eigen::MatrixXd;
using MatRef = Eigen::Ref<MatrixXd>;
using ConstMatRef = Eigen::Ref<const MatrixXd>;

/// OpenBLAS's name for the kernels in use, e.g. "SkylakeX" (loads the library).
std::string kernel_name();

/// A = L Lᵀ in place (LAPACK dpotrf, lower triangle read and overwritten; the strict upper
/// triangle is left as it was). False if A is not positive definite.
bool cholesky_lower(MatRef a);
/// L <- L⁻¹ in place for lower-triangular L (LAPACK dtrtri; strict upper triangle untouched).
void invert_lower(MatRef l);
/// C <- alpha op(A) op(B) + beta C, op = transpose when the flag is set (dgemm).
void gemm(bool transpose_a, bool transpose_b, double alpha, const ConstMatRef& a, const ConstMatRef& b, double beta, MatRef c);
/// B <- B L⁻ᵀ for lower-triangular L (dtrsm, right side).
void solve_right_lower_transposed(const ConstMatRef& l, MatRef b);
/// B <- B L for lower-triangular L (dtrmm, right side).
void multiply_right_lower(const ConstMatRef& l, MatRef b);

/// Eigenvalues (ascending) and eigenvectors of a symmetric matrix (LAPACK dsyevd, lower triangle
/// read): A is overwritten by the eigenvectors as columns. False if dsyevd did not converge.
bool symmetric_eigen(MatRef a, Eigen::VectorXd& w);

/// Threads OpenBLAS uses inside one call, for the lifetime of this object (1 inside loops that
/// are already parallel; the previous count is restored).
class ThreadScope {
 public:
  explicit ThreadScope(int threads);
  ~ThreadScope();
  ThreadScope(const ThreadScope&) = delete;
  ThreadScope& operator=(const ThreadScope&) = delete;

 private:
  int previous_;
};

}  // namespace glassml::md::blas
