// The OpenBLAS kernels of the pseudo-inverse (md/harmonic_blas.hpp) against Eigen's own
// products and decompositions, on sub-blocks of larger matrices so that every leading
// dimension differs from the row count (the tiles and in-place views of the callers).
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cstdlib>

#include "md/harmonic_blas.hpp"

namespace glassml::md {
namespace {

using Eigen::MatrixXd;

MatrixXd random_matrix(Eigen::Index r, Eigen::Index c, unsigned seed) {
  std::srand(seed);
  return MatrixXd::Random(r, c);
}

TEST(Blas, KernelsAreLoadedAndNamed) { EXPECT_FALSE(blas::kernel_name().empty()); }

TEST(Blas, CholeskyAndTriangularInverseMatchEigen) {
  const MatrixXd b = random_matrix(37, 37, 1);
  const MatrixXd spd = b * b.transpose() + 37 * MatrixXd::Identity(37, 37);
  MatrixXd big = MatrixXd::Constant(50, 45, 7.0);  // the 37x37 view has leading dimension 50
  big.block(5, 3, 37, 37) = spd;
  ASSERT_TRUE(blas::cholesky_lower(big.block(5, 3, 37, 37)));
  const MatrixXd l = big.block(5, 3, 37, 37).triangularView<Eigen::Lower>();
  const MatrixXd ref = spd.llt().matrixL();
  EXPECT_LT((l - ref).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_EQ(big(4, 3), 7.0);  // outside the view: untouched
  MatrixXd inv = l;
  blas::invert_lower(inv);
  EXPECT_LT((inv.triangularView<Eigen::Lower>() * l - MatrixXd::Identity(37, 37)).cwiseAbs().maxCoeff(), 1e-12);
  MatrixXd not_pd = -spd;
  EXPECT_FALSE(blas::cholesky_lower(not_pd));
}

TEST(Blas, ProductsAndTriangularSolvesMatchEigen) {
  const MatrixXd a = random_matrix(20, 30, 2), b = random_matrix(25, 30, 3), c0 = random_matrix(20, 25, 4);
  MatrixXd big = MatrixXd::Zero(40, 30);
  big.block(10, 2, 20, 25) = c0;
  blas::gemm(false, true, -2.0, a, b, 0.5, big.block(10, 2, 20, 25));  // C = 0.5 C − 2 A Bᵀ
  EXPECT_LT((big.block(10, 2, 20, 25) - (0.5 * c0 - 2.0 * a * b.transpose())).cwiseAbs().maxCoeff(), 1e-12);
  const MatrixXd at = a.transpose();  // 30 x 20
  MatrixXd c = c0;
  blas::gemm(true, true, 1.0, at, b, 1.0, c);
  EXPECT_LT((c - (c0 + a * b.transpose())).cwiseAbs().maxCoeff(), 1e-12);

  const MatrixXd m = random_matrix(12, 12, 5);
  const MatrixXd l = MatrixXd(m.triangularView<Eigen::Lower>()) + 12 * MatrixXd::Identity(12, 12);
  const MatrixXd x0 = random_matrix(9, 12, 6);
  MatrixXd x = x0;
  blas::solve_right_lower_transposed(l, x);  // X L⁻ᵀ
  EXPECT_LT((x * l.transpose() - x0).cwiseAbs().maxCoeff(), 1e-12);
  x = x0;
  blas::multiply_right_lower(l, x);  // X L
  EXPECT_LT((x - x0 * l).cwiseAbs().maxCoeff(), 1e-12);
}

}  // namespace
}  // namespace glassml::md
