// The RDF binning kernel (rdf_kernel.hpp): margins, the portable version and the dispatch.
#include "structure/rdf_kernel.hpp"

#include <cmath>
#include <limits>

namespace glassml::structure::detail {

namespace {
/// The float nearest v on the given side (v itself when representable).
float float_above(double v) {
  float f = static_cast<float>(v);
  if (static_cast<double>(f) < v) f = std::nextafter(f, std::numeric_limits<float>::infinity());
  return f;
}
float float_below(double v) {
  float f = static_cast<float>(v);
  if (static_cast<double>(f) > v) f = std::nextafter(f, -std::numeric_limits<float>::infinity());
  return f;
}
}  // namespace

BinKernelParams make_bin_kernel_params(double r_cut, double r_min, double dr, std::size_t num_bins, double extent) {
  constexpr double u = 0x1p-24;
  const double delta_r = 16.0 * u * (extent + r_cut);  // 4x the float error bound on r
  BinKernelParams p;
  p.cut2_hi = float_above((r_cut + delta_r) * (r_cut + delta_r));
  p.cut2_lo = r_cut > delta_r ? float_below((r_cut - delta_r) * (r_cut - delta_r)) : 0.0f;
  p.r_min = static_cast<float>(r_min);
  p.inv_dr = static_cast<float>(1.0 / dr);
  // δ_r in bin units, plus the rounding of r − r_min, of the scaling (inv_dr itself rounded) and
  // of x + 1: each below u times r_cut/Δr + 2, taken 8 times.
  p.eps = static_cast<float>(delta_r / dr + 8.0 * u * (r_cut / dr + 2.0));
  p.num_bins = static_cast<std::int32_t>(num_bins);
  return p;
}

BinKernelResult bin_candidates_portable(const float* __restrict x, const float* __restrict y, const float* __restrict z,
                                        std::size_t begin, std::size_t end, float qx, float qy, float qz,
                                        const BinKernelParams& p, BinKernelScratch scratch, std::uint32_t* __restrict sure_idx,
                                        std::uint32_t* __restrict sure_bin, std::uint32_t* __restrict unsure_idx) {
  // Pass 1: squared distances of all candidates, hits compacted without branches (about one
  // candidate in four is a hit, so a branch would mispredict often).
  std::uint32_t* __restrict hit = scratch.hit;
  float* __restrict hit_r2 = scratch.hit_r2;
  std::size_t n = 0;
  for (std::size_t s = begin; s < end; ++s) {
    const float dx = x[s] - qx, dy = y[s] - qy, dz = z[s] - qz;
    const float r2 = (dx * dx + dy * dy) + dz * dz;
    hit[n] = static_cast<std::uint32_t>(s);
    hit_r2[n] = r2;
    n += (r2 < p.cut2_hi);
  }
  // Pass 2: the bin x = (r − r_min)/Δr of each hit; sure when x is farther than eps from every
  // integer, from r_min and from the cutoff. x + 1 > 0 for every kept hit, so truncation floors.
  BinKernelResult out;
  const float one_minus_eps = 1.0f - p.eps;
  for (std::size_t h = 0; h < n; ++h) {
    const float r2 = hit_r2[h];
    const float xb = (std::sqrt(r2) - p.r_min) * p.inv_dr;
    if (xb < -p.eps) continue;  // certainly below r_min
    const float xp = xb + 1.0f;
    const auto ki = static_cast<std::int32_t>(xp);
    const float frac = xp - static_cast<float>(ki);
    const std::int32_t k = ki - 1;
    const bool unsure = frac < p.eps || frac > one_minus_eps || r2 >= p.cut2_lo || k >= p.num_bins;
    if (unsure) {
      unsure_idx[out.unsure++] = hit[h];
    } else {
      sure_idx[out.sure] = hit[h];
      sure_bin[out.sure++] = static_cast<std::uint32_t>(k);
    }
  }
  return out;
}

namespace {
bool cpu_has_avx512() {
#if defined(__x86_64__) && defined(GLASSML_HAVE_AVX512_FILTER)
  static const bool yes = __builtin_cpu_supports("avx512f");
  return yes;
#else
  return false;
#endif
}
}  // namespace

BinKernel bin_kernel() {
#if defined(GLASSML_HAVE_AVX512_FILTER)
  if (cpu_has_avx512()) return &bin_candidates_avx512;
#endif
  return &bin_candidates_portable;
}

BinKernelResult bin_candidates(const float* x, const float* y, const float* z, std::size_t begin, std::size_t end, float qx,
                               float qy, float qz, const BinKernelParams& p, BinKernelScratch scratch, std::uint32_t* sure_idx,
                               std::uint32_t* sure_bin, std::uint32_t* unsure_idx) {
  return bin_kernel()(x, y, z, begin, end, qx, qy, qz, p, scratch, sure_idx, sure_bin, unsure_idx);
}

}  // namespace glassml::structure::detail
