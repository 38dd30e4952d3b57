#pragma once
// Chemical elements: symbols and standard atomic weights (IUPAC 2013/2021 conventional values,
// g/mol), used to name species from the masses of a LAMMPS data file and to compute densities.
#include <optional>
#include <string>
#include <string_view>

namespace glassml {

/// Standard atomic weight of an element symbol ("Cu" -> 63.546), or nullopt if unknown.
std::optional<double> element_mass(std::string_view symbol);

/// The element whose standard atomic weight is within `tolerance` g/mol of `mass` and clearly
/// closer than any other (so 63.546 -> "Cu"); nullopt when none or ambiguous.
std::optional<std::string> element_from_mass(double mass, double tolerance = 0.1);

/// True if `symbol` is a known element symbol (case-sensitive: "Cu", not "CU").
bool is_element(std::string_view symbol);

}  // namespace glassml
