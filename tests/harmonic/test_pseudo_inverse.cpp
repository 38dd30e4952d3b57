// Diagonal blocks of the pseudo-inverse, dense and sparse, on spring networks: against a full
// eigendecomposition (small) and against each other (larger, where nested dissection and zero
// tiles come into play).
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "md/harmonic_sparse_inverse.hpp"
#include "md/harmonic_stiffness.hpp"
#include "oracle.hpp"
#include "spring_network.hpp"

using namespace glassml;
using namespace glassml::md;

TEST(PseudoInverse, DenseAndSparseEqualTheEigendecomposition) {
  const auto s = harmonic_test::spring_network(6, 1);  // 216 atoms, 645 grounded dofs = 4 tiles
  const auto oracle = harmonic_test::oracle_pseudo_inverse(s.h);
  EXPECT_LT(std::abs(oracle.eigenvalues(2)), 1e-10);  // translations
  EXPECT_GT(oracle.eigenvalues(3), 1e-3);             // rigid: nothing else is soft
  double scale = 0;
  for (const auto& b : oracle.blocks) scale = std::max(scale, b[0]);
  const auto dense = pseudo_inverse_blocks_dense(s.h);
  EXPECT_LT(harmonic_test::max_block_difference(dense, oracle.blocks), 1e-10 * scale);
  SparseInverseStats stats;
  const auto sparse = pseudo_inverse_blocks_sparse(s.h, nested_dissection_order(s.positions, s.box, s.range), nullptr, &stats);
  EXPECT_LT(harmonic_test::max_block_difference(sparse, oracle.blocks), 1e-10 * scale);
  EXPECT_EQ(stats.total_tiles, 10u);  // 4 tile rows
  // Any elimination order and ground give the same pseudo-inverse.
  std::vector<std::size_t> reversed(s.positions.size());
  for (std::size_t i = 0; i < reversed.size(); ++i) reversed[i] = reversed.size() - 1 - i;
  const auto sparse2 = pseudo_inverse_blocks_sparse(s.h, reversed);
  EXPECT_LT(harmonic_test::max_block_difference(sparse2, oracle.blocks), 1e-10 * scale);
}

TEST(PseudoInverse, SparseEqualsDenseOnALargerNetworkAndSkipsZeroTiles) {
  const auto s = harmonic_test::spring_network(10, 2);  // 1,000 atoms in a 25 Å box
  const auto dense = pseudo_inverse_blocks_dense(s.h);
  const auto order = nested_dissection_order(s.positions, s.box, s.range);
  SparseInverseStats stats;
  const auto sparse = pseudo_inverse_blocks_sparse(s.h, order, nullptr, &stats);
  double scale = 0;
  for (const auto& b : dense) scale = std::max(scale, b[0]);
  EXPECT_LT(harmonic_test::max_block_difference(sparse, dense), 1e-9 * scale);
  EXPECT_LT(stats.stored_tiles, stats.total_tiles * 8 / 10) << stats.stored_tiles << " of " << stats.total_tiles;
  // K_h = 1 / trace, positive.
  for (double k : harmonic_stiffness(sparse)) EXPECT_GT(k, 0);
}

TEST(PseudoInverse, LocalCurvaturesAreTheEigenvaluesOfTheOwnBlock) {
  const auto s = harmonic_test::spring_network(4, 3);
  const auto lam = local_curvatures(s.h);
  for (std::size_t i = 0; i < s.h.natoms; ++i) {
    const Block3& b = s.h.diagonal(i);
    // Oracle: trace and determinant of the block are the sum and product of its eigenvalues.
    const double tr = b[0] + b[4] + b[8];
    const double det = b[0] * (b[4] * b[8] - b[5] * b[7]) - b[1] * (b[3] * b[8] - b[5] * b[6]) + b[2] * (b[3] * b[7] - b[4] * b[6]);
    EXPECT_NEAR(lam[i][0] + lam[i][1] + lam[i][2], tr, 1e-12 * std::abs(tr));
    EXPECT_NEAR(lam[i][0] * lam[i][1] * lam[i][2], det, 1e-10 * std::abs(tr * tr * tr));
    EXPECT_LE(lam[i][0], lam[i][1]);
    EXPECT_LE(lam[i][1], lam[i][2]);
  }
}

TEST(PseudoInverse, MethodNames) {
  EXPECT_EQ(parse_inverse_method("dense"), InverseMethod::Dense);
  EXPECT_EQ(parse_inverse_method("sparse"), InverseMethod::Sparse);
  EXPECT_EQ(parse_inverse_method("auto"), InverseMethod::Auto);
  EXPECT_THROW(parse_inverse_method("lu"), ParameterError);
}
