#include "md/eam_potential.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/elements.hpp"
#include "core/error.hpp"

namespace glassml::md {
namespace {

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::string style_from_name(const std::string& path) {
  if (ends_with(path, ".fs")) return "eam/fs";
  if (ends_with(path, ".alloy") || ends_with(path, ".setfl")) return "eam/alloy";
  throw ParameterError("cannot tell eam/fs from eam/alloy by the name of " + path +
                       " (expected *.eam.fs or *.eam.alloy); give the pair style explicitly");
}

}  // namespace

int EamPotential::index_of(const std::string& element) const {
  for (std::size_t i = 0; i < elements.size(); ++i)
    if (elements[i] == element) return static_cast<int>(i);
  return -1;
}

double EamPotential::mass_of(const std::string& element) const {
  int i = index_of(element);
  if (i < 0) {
    std::string listed;
    for (const auto& e : elements) listed += (listed.empty() ? "" : ",") + e;
    throw ParameterError(path + ": potential has no element '" + element + "' (it lists " + listed + ")");
  }
  return masses[i];
}

void EamPotential::require_elements(const std::vector<std::string>& species) const {
  for (const auto& s : species) mass_of(s);
}

void EamPotential::require_box(const Box& box) const {
  if (!(box.periodic[0] || box.periodic[1] || box.periodic[2])) return;
  const double width = box.min_periodic_width();
  if (width <= 2 * cutoff)
    throw ParameterError(fmt::format("box too small: shortest periodic width {:.4g} Å must exceed twice the cutoff "
                                     "{:.4g} Å of {}",
                                     width, cutoff, path));
}

std::string EamPotential::pair_style_command(bool optimized) const {
  return "pair_style " + style + (optimized ? "/opt" : "");
}

std::string EamPotential::pair_coeff_command(const std::vector<std::string>& species_of_type) const {
  require_elements(species_of_type);
  std::string cmd = "pair_coeff * * " + path;
  for (const auto& s : species_of_type) cmd += " " + s;
  return cmd;
}

EamPotential read_eam_potential(const std::string& path, const std::string& style) {
  if (!std::filesystem::is_regular_file(path)) throw InputError(path, 0, "potential file not found");
  if (path.find_first_of(" \t\"'") != std::string::npos)
    throw InputError(path, 0, "potential path must not contain spaces or quotes (LAMMPS would split it)");
  std::ifstream in(path);
  if (!in) throw InputError(path, 0, "cannot open potential file");
  EamPotential pot;
  pot.path = path;
  pot.style = style.empty() ? style_from_name(path) : style;
  if (pot.style != "eam/fs" && pot.style != "eam/alloy")
    throw ParameterError("unsupported pair style '" + pot.style + "' (eam/fs or eam/alloy)");
  std::string line;
  for (int i = 0; i < 3; ++i)
    if (!std::getline(in, line)) throw InputError(path, i + 1, "file ends inside the 3 comment lines");
  // Line 4: Nelements El1 El2 ...
  if (!std::getline(in, line)) throw InputError(path, 4, "missing element line");
  std::istringstream l4(line);
  int nel = 0;
  if (!(l4 >> nel) || nel < 1 || nel > 118) throw InputError(path, 4, "bad element count in '" + line + "'");
  for (int i = 0; i < nel; ++i) {
    std::string el;
    if (!(l4 >> el)) throw InputError(path, 4, "lists fewer than " + std::to_string(nel) + " elements");
    if (!is_element(el)) throw InputError(path, 4, "'" + el + "' is not an element symbol");
    pot.elements.push_back(el);
  }
  // Line 5: Nrho drho Nr dr cutoff
  if (!std::getline(in, line)) throw InputError(path, 5, "missing tabulation line");
  std::istringstream l5(line);
  double nrho, drho, nr, dr;
  if (!(l5 >> nrho >> drho >> nr >> dr >> pot.cutoff) || !(pot.cutoff > 0 && pot.cutoff < 100))
    throw InputError(path, 5, "bad 'Nrho drho Nr dr cutoff' line '" + line + "'");
  // Per element: a line "Z mass a0 lattice", then Nrho values of F(rho) and Nr (eam/alloy)
  // or Nelements*Nr (eam/fs) values of rho(r), any number per line. Tokens are counted to
  // find each element's header line.
  const long per_element = static_cast<long>(nrho) + static_cast<long>(nr) * (pot.style == "eam/fs" ? nel : 1);
  std::size_t lineno = 5;
  for (int e = 0; e < nel; ++e) {
    if (!std::getline(in, line)) throw InputError(path, lineno + 1, "missing header of element " + pot.elements[e]);
    ++lineno;
    std::istringstream hl(line);
    double z, mass;
    if (!(hl >> z >> mass) || !(mass > 0))
      throw InputError(path, lineno, "bad 'Z mass a0 lattice' line '" + line + "'");
    pot.masses.push_back(mass);
    for (long read = 0; read < per_element;) {
      if (!std::getline(in, line)) throw InputError(path, lineno, "tables of " + pot.elements[e] + " are cut short");
      ++lineno;
      std::istringstream tl(line);
      std::string tok;
      while (tl >> tok) ++read;
    }
  }
  return pot;
}

}  // namespace glassml::md
