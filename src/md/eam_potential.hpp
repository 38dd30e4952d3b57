#pragma once
// Embedded-atom potential files in the DYNAMO "setfl" layout that LAMMPS reads for
// pair_style eam/alloy and eam/fs (https://docs.lammps.org/pair_eam.html): three comment
// lines, then "Nelements El1 El2 ...", then "Nrho drho Nr dr cutoff", then per element a line
// "Z mass a0 lattice" and its tables. Only the header is read here: it is what must be checked
// before LAMMPS sees the file (a missing element would end the process).
#include <string>
#include <vector>

#include "core/box.hpp"

namespace glassml::md {

/// The potential of an LAMMPS run: file, pair style and kernel. What the --potential,
/// --pair-style and --opt options of every LAMMPS-backed command set (cli/potential_options.hpp).
struct PotentialSettings {
  std::string path = "/usr/share/lammps/potentials/CuZr_mm.eam.fs";
  std::string pair_style;  ///< "eam/fs" or "eam/alloy"; "" = from the file name
  /// The OPT package kernel (<style>/opt, same physics) where the build has it. Off by default:
  /// in Debian's LAMMPS 29 Sep 2021 it is slower than the plain kernel (docs/BENCHMARKS.md, MD).
  bool optimized = false;
};

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
  /// Throws ParameterError ("box too small", the width, the cutoff and the file) unless the
  /// shortest periodic width of `box` exceeds twice the cutoff: LAMMPS's neighbour lists would
  /// otherwise see an atom's own images (and end the process). A non-periodic box passes.
  void require_box(const Box& box) const;
  /// "pair_style ..." and "pair_coeff * * FILE El_type1 El_type2 ..." for these type species.
  /// `optimized` appends /opt (the OPT package's kernels, same physics).
  std::string pair_style_command(bool optimized) const;
  std::string pair_coeff_command(const std::vector<std::string>& species_of_type) const;
};

/// Reads and checks the header. The style comes from `style` if not empty, else from the name
/// (*.fs -> eam/fs, *.alloy / *.setfl -> eam/alloy). Throws InputError (file, line, what) on a
/// missing file or a malformed header, ParameterError on an unknown style.
EamPotential read_eam_potential(const std::string& path, const std::string& style = "");
inline EamPotential read_eam_potential(const PotentialSettings& s) { return read_eam_potential(s.path, s.pair_style); }

}  // namespace glassml::md
