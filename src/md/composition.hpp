#pragma once
// Alloy compositions written as chemists do: "Cu50Zr50", "Cu64.5Zr35.5", "Cu" (fractions are
// normalized, so "Cu1Zr1" is Cu50Zr50).
#include <cstddef>
#include <string>
#include <vector>

namespace glassml::md {

struct Composition {
  std::vector<std::string> elements;  ///< in the order written; type t+1 is elements[t]
  std::vector<double> fractions;      ///< sum 1

  /// Atoms of each element among n: fractions*n rounded by largest remainder (sum exactly n).
  std::vector<std::size_t> counts(std::size_t n) const;
};

/// Parses "Cu50Zr50"; throws ParameterError naming the text on an unknown element, a repeated
/// element, a non-positive amount or trailing garbage.
Composition parse_composition(const std::string& text);

}  // namespace glassml::md
