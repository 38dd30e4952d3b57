// The RDF binning kernel (rdf_kernel.hpp) for AVX-512: 16 candidates per instruction, hits
// compacted in registers. Compiled with -mavx512f; called only after a run-time CPU check. The
// same decisions as the portable version up to float rounding, and both leave every pair whose
// rounding could matter to the double-precision caller, so the counts are the same.
//
// GCC 12's avx512fintrin.h marks some vectors undefined by initializing them from themselves
// (__Y = __Y), which -Wmaybe-uninitialized reports wherever the intrinsics are inlined. That is
// the header's idiom, not a read of uninitialized data here; silence it for this file only.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include "structure/rdf_kernel.hpp"

namespace glassml::structure::detail {

namespace {
__mmask16 tail_mask(std::size_t len) { return len >= 16 ? __mmask16(0xFFFF) : static_cast<__mmask16>((1u << len) - 1u); }

// Compress in registers, then store all 16 lanes (compress stores to memory are slow on Intel
// cores); lanes past the kept ones are scratch, overwritten by the next store.
void store_compressed(std::uint32_t* dst, __mmask16 keep, __m512i v) {
  _mm512_storeu_si512(dst, _mm512_maskz_compress_epi32(keep, v));
}
}  // namespace

BinKernelResult bin_candidates_avx512(const float* x, const float* y, const float* z, std::size_t begin, std::size_t end,
                                      float qx, float qy, float qz, const BinKernelParams& p, BinKernelScratch scratch,
                                      std::uint32_t* sure_idx, std::uint32_t* sure_bin, std::uint32_t* unsure_idx) {
  // Pass 1: r² = (dx² + dy²) + dz² of 16 candidates at a time; hits (r² < cut2_hi) compacted.
  const __m512 vqx = _mm512_set1_ps(qx), vqy = _mm512_set1_ps(qy), vqz = _mm512_set1_ps(qz);
  const __m512 cut_hi = _mm512_set1_ps(p.cut2_hi);
  const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  std::size_t n = 0;
  for (std::size_t b = begin; b < end; b += 16) {
    const __mmask16 valid = tail_mask(end - b);
    const __m512 dx = _mm512_sub_ps(_mm512_maskz_loadu_ps(valid, x + b), vqx);
    const __m512 dy = _mm512_sub_ps(_mm512_maskz_loadu_ps(valid, y + b), vqy);
    const __m512 dz = _mm512_sub_ps(_mm512_maskz_loadu_ps(valid, z + b), vqz);
    const __m512 r2 = _mm512_add_ps(_mm512_add_ps(_mm512_mul_ps(dx, dx), _mm512_mul_ps(dy, dy)), _mm512_mul_ps(dz, dz));
    const __mmask16 in = _mm512_mask_cmp_ps_mask(valid, r2, cut_hi, _CMP_LT_OQ);
    const __m512i idx = _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(b)), lane);
    store_compressed(scratch.hit + n, in, idx);
    _mm512_storeu_ps(scratch.hit_r2 + n, _mm512_maskz_compress_ps(in, r2));
    n += static_cast<std::size_t>(__builtin_popcount(in));
  }
  // Pass 2: bins, as in bin_candidates_portable.
  const __m512 r_min = _mm512_set1_ps(p.r_min), inv_dr = _mm512_set1_ps(p.inv_dr), one = _mm512_set1_ps(1.0f);
  const __m512 eps = _mm512_set1_ps(p.eps), neg_eps = _mm512_set1_ps(-p.eps), one_minus_eps = _mm512_set1_ps(1.0f - p.eps);
  const __m512 cut_lo = _mm512_set1_ps(p.cut2_lo);
  const __m512i one_i = _mm512_set1_epi32(1), nb = _mm512_set1_epi32(p.num_bins);
  BinKernelResult out;
  for (std::size_t h = 0; h < n; h += 16) {
    const __mmask16 valid = tail_mask(n - h);
    const __m512 r2 = _mm512_maskz_loadu_ps(valid, scratch.hit_r2 + h);
    const __m512i idx = _mm512_maskz_loadu_epi32(valid, scratch.hit + h);
    const __m512 xb = _mm512_mul_ps(_mm512_sub_ps(_mm512_sqrt_ps(r2), r_min), inv_dr);
    const __mmask16 kept = _mm512_mask_cmp_ps_mask(valid, xb, neg_eps, _CMP_GE_OQ);
    const __m512 xp = _mm512_add_ps(xb, one);
    const __m512i ki = _mm512_cvttps_epi32(xp);
    const __m512 frac = _mm512_sub_ps(xp, _mm512_cvtepi32_ps(ki));
    const __m512i k = _mm512_sub_epi32(ki, one_i);
    const __mmask16 unsure = kept & (_mm512_cmp_ps_mask(frac, eps, _CMP_LT_OQ) | _mm512_cmp_ps_mask(frac, one_minus_eps, _CMP_GT_OQ) |
                                     _mm512_cmp_ps_mask(r2, cut_lo, _CMP_GE_OQ) | _mm512_cmpge_epi32_mask(k, nb));
    const __mmask16 sure = kept & static_cast<__mmask16>(~unsure);
    store_compressed(sure_idx + out.sure, sure, idx);
    store_compressed(sure_bin + out.sure, sure, k);
    out.sure += static_cast<std::size_t>(__builtin_popcount(sure));
    store_compressed(unsure_idx + out.unsure, unsure, idx);
    out.unsure += static_cast<std::size_t>(__builtin_popcount(unsure));
  }
  return out;
}

}  // namespace glassml::structure::detail
