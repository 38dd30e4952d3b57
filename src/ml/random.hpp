#pragma once
// A small, portable pseudo-random generator, so that a seed gives the same model on every
// platform and standard library (std::uniform_*_distribution and std::shuffle are
// implementation-defined). SplitMix64: Steele, Lea & Flood, "Fast splittable pseudorandom
// number generators", OOPSLA 2014; constants from Vigna's reference implementation.
#include <cstdint>
#include <utility>
#include <vector>

#include "core/mix64.hpp"

namespace glassml::ml {

class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    return mix64(state_ += kGoldenGamma);
  }
  /// Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// Uniform in [a, b).
  double uniform(double a, double b) { return a + (b - a) * uniform(); }
  /// Uniform integer in [0, n) (n > 0), by rejection so that it is unbiased.
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t r;
    do r = next(); while (r >= limit);
    return r % n;
  }
  /// Fisher–Yates shuffle (Knuth, TAOCP vol. 2, Algorithm P).
  template <class T>
  void shuffle(std::vector<T>& v) {
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
  }

 private:
  std::uint64_t state_;
};

}  // namespace glassml::ml
