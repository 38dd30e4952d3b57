#pragma once
// Embedded-atom potential files in the DYNAMO "setfl" layout that LAMMPS reads for
// pair_style eam/alloy and eam/fs (https://docs.lammps.org/pair_eam.html): three comment
// lines, then "Nelements El1 El2 ...", then "Nrho drho Nr dr cutoff", then per element a line
// "Z mass a0 lattice" and its tables. Only the header is read here: it is what must be checked
// before LAMMPS sees the file (a missing element would end the process).
#include <string>
#include <vector>

namespace glassml::md {

struct EamPotential {
  std::string path;
  std::string style;                  ///< "eam/fs" or "eam/alloy"
  std::vector<std::string> elements;  ///< in file order
  std::vector<double> masses;         ///< g/mol, per element, from the file
  double cutoff = 0.0;                ///< Å

  /// Index of an element in the file, or -1.
  int index_of(const std::string& element) const;
  /// Mass of a listed element; throws ParameterError naming the file if it is not listed.
  double mass_of(const std::string& element) const;
  /// Throws ParameterError (naming the file and the element) unless every species is listed.
  void require_elements(const std::vector<std::string>& species) const;
  /// "pair_style ..." and "pair_coeff * * FILE El_type1 El_type2 ..." for these type species.
  /// `optimized` appends /opt (the OPT package's kernels, same physics).
  std::string pair_style_command(bool optimized) const;
  std::string pair_coeff_command(const std::vector<std::string>& species_of_type) const;
};

/// Reads and checks the header. The style comes from `style` if not empty, else from the name
/// (*.fs -> eam/fs, *.alloy / *.setfl -> eam/alloy). Throws InputError (file, line, what) on a
/// missing file or a malformed header, ParameterError on an unknown style.
EamPotential read_eam_potential(const std::string& path, const std::string& style = "");

}  // namespace glassml::md
