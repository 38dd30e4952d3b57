// Compiled with -mavx512f -mavx512vl; called only after a run-time CPU check.
//
// GCC 12's avx512fintrin.h marks some vectors undefined by initializing them from themselves
// (__Y = __Y), which -Wmaybe-uninitialized reports wherever the intrinsics are inlined. That is
// the header's idiom, not a read of uninitialized data here; silence it for this file only.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include "structure/distance_filter.hpp"

namespace glassml::structure::detail {

std::size_t filter_within_avx512(const double* x, const double* y, const double* z, std::size_t begin, std::size_t end,
                                 double qx, double qy, double qz, double cut2, std::uint32_t* hit, double* hit_r2) {
  const __m512d vqx = _mm512_set1_pd(qx), vqy = _mm512_set1_pd(qy), vqz = _mm512_set1_pd(qz), vcut = _mm512_set1_pd(cut2);
  const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  std::size_t n = 0;
  for (std::size_t b = begin; b < end; b += 8) {
    const std::size_t len = end - b < 8 ? end - b : 8;
    const __mmask8 valid = static_cast<__mmask8>((1u << len) - 1u);
    const __m512d dx = _mm512_sub_pd(_mm512_maskz_loadu_pd(valid, x + b), vqx);
    const __m512d dy = _mm512_sub_pd(_mm512_maskz_loadu_pd(valid, y + b), vqy);
    const __m512d dz = _mm512_sub_pd(_mm512_maskz_loadu_pd(valid, z + b), vqz);
    // (dx² + dy²) + dz², no FMA: the same rounding as the portable version.
    const __m512d r2 = _mm512_add_pd(_mm512_add_pd(_mm512_mul_pd(dx, dx), _mm512_mul_pd(dy, dy)), _mm512_mul_pd(dz, dz));
    const __mmask8 in = _mm512_mask_cmp_pd_mask(valid, r2, vcut, _CMP_LT_OQ);
    const __m256i idx = _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(b)), lane);
    // Compress in registers, then store all eight lanes (compress stores to memory are slow on
    // Intel cores); lanes past the hits are scratch, overwritten by the next step.
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(hit + n), _mm256_maskz_compress_epi32(in, idx));
    _mm512_storeu_pd(hit_r2 + n, _mm512_maskz_compress_pd(in, r2));
    n += static_cast<std::size_t>(__builtin_popcount(in));
  }
  return n;
}

}  // namespace glassml::structure::detail
