#include "structure/distance_filter.hpp"

namespace glassml::structure::detail {

std::size_t filter_within_portable(const double* __restrict x, const double* __restrict y, const double* __restrict z,
                                   std::size_t begin, std::size_t end, double qx, double qy, double qz, double cut2,
                                   std::uint32_t* __restrict hit, double* __restrict hit_r2) {
  // Squared distances first (a loop the compiler vectorizes), then a branch-free compaction:
  // about one candidate in four is a hit, so a branch would mispredict often.
  constexpr std::size_t kChunk = 64;
  double r2[kChunk];
  std::size_t n = 0;
  for (std::size_t b = begin; b < end; b += kChunk) {
    const std::size_t len = end - b < kChunk ? end - b : kChunk;
    for (std::size_t k = 0; k < len; ++k) {
      const double dx = x[b + k] - qx, dy = y[b + k] - qy, dz = z[b + k] - qz;
      r2[k] = dx * dx + dy * dy + dz * dz;
    }
    for (std::size_t k = 0; k < len; ++k) {
      const double v = r2[k];
      hit[n] = static_cast<std::uint32_t>(b + k);
      hit_r2[n] = v;
      n += (v < cut2);
    }
  }
  return n;
}

bool filter_uses_avx512() {
#if defined(__x86_64__) && defined(GLASSML_HAVE_AVX512_FILTER)
  static const bool yes = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl");
  return yes;
#else
  return false;
#endif
}

FilterFunction filter_function() {
#if defined(GLASSML_HAVE_AVX512_FILTER)
  if (filter_uses_avx512()) return &filter_within_avx512;
#endif
  return &filter_within_portable;
}

std::size_t filter_within(const double* x, const double* y, const double* z, std::size_t begin, std::size_t end, double qx,
                          double qy, double qz, double cut2, std::uint32_t* hit, double* hit_r2) {
  return filter_function()(x, y, z, begin, end, qx, qy, qz, cut2, hit, hit_r2);
}

}  // namespace glassml::structure::detail
