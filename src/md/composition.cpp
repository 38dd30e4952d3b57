#include "md/composition.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>

#include "core/elements.hpp"
#include "core/error.hpp"

namespace glassml::md {

Composition parse_composition(const std::string& text) {
  Composition c;
  std::vector<double> amounts;
  std::size_t i = 0;
  auto fail = [&](const std::string& why) {
    throw ParameterError("composition '" + text + "': " + why + " (expected e.g. Cu50Zr50)");
  };
  while (i < text.size()) {
    if (!std::isupper(static_cast<unsigned char>(text[i]))) fail("expected an element symbol at position " + std::to_string(i + 1));
    std::string el(1, text[i++]);
    while (i < text.size() && std::islower(static_cast<unsigned char>(text[i]))) el += text[i++];
    if (!is_element(el)) fail("'" + el + "' is not an element");
    if (std::find(c.elements.begin(), c.elements.end(), el) != c.elements.end()) fail("'" + el + "' appears twice");
    std::size_t start = i;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
    double amount = 1.0;
    if (i > start) {
      try {
        std::size_t used = 0;
        amount = std::stod(text.substr(start, i - start), &used);
        if (used != i - start) fail("bad amount '" + text.substr(start, i - start) + "'");
      } catch (const std::logic_error&) {
        fail("bad amount '" + text.substr(start, i - start) + "'");
      }
    }
    if (!(amount > 0) || !std::isfinite(amount)) fail("amounts must be positive");
    c.elements.push_back(el);
    amounts.push_back(amount);
  }
  if (c.elements.empty()) fail("empty");
  double total = std::accumulate(amounts.begin(), amounts.end(), 0.0);
  for (double a : amounts) c.fractions.push_back(a / total);
  return c;
}

std::vector<std::size_t> Composition::counts(std::size_t n) const {
  // Largest-remainder (Hamilton) rounding: floor everything, then hand the missing atoms to
  // the largest fractional parts (ties to the earlier element).
  std::vector<std::size_t> out(fractions.size());
  std::vector<std::pair<double, std::size_t>> rem;
  std::size_t assigned = 0;
  for (std::size_t e = 0; e < fractions.size(); ++e) {
    double exact = fractions[e] * static_cast<double>(n);
    out[e] = static_cast<std::size_t>(std::floor(exact));
    assigned += out[e];
    rem.push_back({exact - std::floor(exact), e});
  }
  std::stable_sort(rem.begin(), rem.end(), [](auto& a, auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; assigned < n; ++k, ++assigned) ++out[rem[k % rem.size()].second];
  return out;
}

}  // namespace glassml::md
