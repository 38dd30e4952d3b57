#include "core/elements.hpp"

#include <array>
#include <cmath>
#include <utility>

namespace glassml {
namespace {

struct Element {
  const char* symbol;
  double mass;  // g/mol
};

// Z = 1..94, standard atomic weights (abridged); radioactive elements carry the mass number of
// their longest-lived isotope.
constexpr std::array<Element, 94> kElements{{
    {"H", 1.008},     {"He", 4.0026},   {"Li", 6.94},      {"Be", 9.0122},   {"B", 10.81},
    {"C", 12.011},    {"N", 14.007},    {"O", 15.999},     {"F", 18.998},    {"Ne", 20.180},
    {"Na", 22.990},   {"Mg", 24.305},   {"Al", 26.982},    {"Si", 28.085},   {"P", 30.974},
    {"S", 32.06},     {"Cl", 35.45},    {"Ar", 39.948},    {"K", 39.098},    {"Ca", 40.078},
    {"Sc", 44.956},   {"Ti", 47.867},   {"V", 50.942},     {"Cr", 51.996},   {"Mn", 54.938},
    {"Fe", 55.845},   {"Co", 58.933},   {"Ni", 58.693},    {"Cu", 63.546},   {"Zn", 65.38},
    {"Ga", 69.723},   {"Ge", 72.630},   {"As", 74.922},    {"Se", 78.971},   {"Br", 79.904},
    {"Kr", 83.798},   {"Rb", 85.468},   {"Sr", 87.62},     {"Y", 88.906},    {"Zr", 91.224},
    {"Nb", 92.906},   {"Mo", 95.95},    {"Tc", 98.0},      {"Ru", 101.07},   {"Rh", 102.91},
    {"Pd", 106.42},   {"Ag", 107.87},   {"Cd", 112.41},    {"In", 114.82},   {"Sn", 118.71},
    {"Sb", 121.76},   {"Te", 127.60},   {"I", 126.90},     {"Xe", 131.29},   {"Cs", 132.91},
    {"Ba", 137.33},   {"La", 138.91},   {"Ce", 140.12},    {"Pr", 140.91},   {"Nd", 144.24},
    {"Pm", 145.0},    {"Sm", 150.36},   {"Eu", 151.96},    {"Gd", 157.25},   {"Tb", 158.93},
    {"Dy", 162.50},   {"Ho", 164.93},   {"Er", 167.26},    {"Tm", 168.93},   {"Yb", 173.05},
    {"Lu", 174.97},   {"Hf", 178.49},   {"Ta", 180.95},    {"W", 183.84},    {"Re", 186.21},
    {"Os", 190.23},   {"Ir", 192.22},   {"Pt", 195.08},    {"Au", 196.97},   {"Hg", 200.59},
    {"Tl", 204.38},   {"Pb", 207.2},    {"Bi", 208.98},    {"Po", 209.0},    {"At", 210.0},
    {"Rn", 222.0},    {"Fr", 223.0},    {"Ra", 226.0},     {"Ac", 227.0},    {"Th", 232.04},
    {"Pa", 231.04},   {"U", 238.03},    {"Np", 237.0},     {"Pu", 244.0},
}};

}  // namespace

std::optional<double> element_mass(std::string_view symbol) {
  for (const auto& e : kElements)
    if (symbol == e.symbol) return e.mass;
  return std::nullopt;
}

bool is_element(std::string_view symbol) { return element_mass(symbol).has_value(); }

std::optional<std::string> element_from_mass(double mass, double tolerance) {
  if (!std::isfinite(mass)) return std::nullopt;
  const Element* best = nullptr;
  double best_d = INFINITY, second_d = INFINITY;
  for (const auto& e : kElements) {
    double d = std::abs(e.mass - mass);
    if (d < best_d) { second_d = best_d; best_d = d; best = &e; }
    else if (d < second_d) second_d = d;
  }
  // Ambiguous if another element is almost as close (Co 58.933 / Ni 58.693 are 0.24 apart).
  if (!best || best_d > tolerance || second_d < 2.0 * best_d + 1e-3) return std::nullopt;
  return std::string(best->symbol);
}

}  // namespace glassml
