#pragma once
// The SplitMix64 output function (Steele, Lea & Flood, "Fast splittable pseudorandom number
// generators", OOPSLA 2014; constants from Vigna's reference implementation): a bijective
// 64-bit mix, the one place where seeds are derived from other seeds (ml::Random, the push seeds
// of ARTn searches and campaigns).
#include <cstdint>

namespace glassml {

/// SplitMix64's finalizer of `z` (the generator adds 0x9e3779b97f4a7c15 to its state, then mixes).
constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// The golden-ratio increment of SplitMix64.
inline constexpr std::uint64_t kGoldenGamma = 0x9e3779b97f4a7c15ULL;

}  // namespace glassml
