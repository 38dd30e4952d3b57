#pragma once
// The innermost loop of every pair search: which atoms of a contiguous slot range lie within a
// cutoff of a point. Portable code everywhere; on CPUs with AVX-512 (checked at run time) a
// version that computes eight squared distances at once and compacts the hits with compress
// stores. Both compute r² = (dx² + dy²) + dz² in the same order without fused multiply-adds,
// so they return bit-identical results.
#include <cstddef>
#include <cstdint>

namespace glassml::structure::detail {

/// Writes, in order, the slots s in [begin, end) with r² = |(x,y,z)[s] − q|² < cut2 to hit[]
/// and their r² to hit_r2[] (both with room for end − begin + 8 entries: vector stores may write
/// up to 8 scratch entries past the hits); returns their number.
std::size_t filter_within(const double* x, const double* y, const double* z, std::size_t begin, std::size_t end,
                          double qx, double qy, double qz, double cut2, std::uint32_t* hit, double* hit_r2);

std::size_t filter_within_portable(const double* x, const double* y, const double* z, std::size_t begin, std::size_t end,
                                   double qx, double qy, double qz, double cut2, std::uint32_t* hit, double* hit_r2);
/// AVX-512F/VL version; only call when the CPU has both (filter_within checks).
std::size_t filter_within_avx512(const double* x, const double* y, const double* z, std::size_t begin, std::size_t end,
                                 double qx, double qy, double qz, double cut2, std::uint32_t* hit, double* hit_r2);
/// The version filter_within calls on this CPU, for loops that call it many times.
using FilterFunction = std::size_t (*)(const double*, const double*, const double*, std::size_t, std::size_t, double, double,
                                       double, double, std::uint32_t*, double*);
FilterFunction filter_function();
/// Whether filter_within uses the AVX-512 version on this CPU.
bool filter_uses_avx512();

}  // namespace glassml::structure::detail
