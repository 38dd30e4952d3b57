#pragma once
// The options of every LAMMPS-backed command (quench, stiffness, harmonic, activate):
// --potential FILE, --pair-style eam/fs|eam/alloy, --opt/--no-opt and, for commands that read a
// structure, --species El1,El2,... Added and checked in one place, so that they read and fail
// the same way everywhere.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "core/configuration.hpp"
#include "md/eam_potential.hpp"

namespace glassml::cli {

struct PotentialOptions {
  md::PotentialSettings settings;    ///< as given on the command line
  std::vector<std::string> species;  ///< element per atom type; empty: from the structure file
  const CLI::Option* opt_flag = nullptr;  ///< set by add_potential_options: was --opt/--no-opt given?
};

/// Adds --potential, --pair-style, --opt/--no-opt and (if `with_species`) --species to `cmd`,
/// storing into `o`, which must outlive the parse (keep it in the command's shared options).
void add_potential_options(CLI::App& cmd, PotentialOptions& o, bool with_species = true);

/// Checks the options and returns the settings the md module takes, pair style resolved (from the
/// file name when not given; "eam/fs/opt" = "eam/fs" with --opt) and --opt dropped when the build
/// has no OPT package and the user did not ask for it. Reads the potential file's header. Throws
/// ParameterError "--option: what" or InputError "FILE:LINE: what".
md::PotentialSettings resolve_potential_options(const PotentialOptions& o);

/// A structure read for a run with `potential`: species from --species or the file, every element
/// checked against the potential file, masses the file lacks taken from the potential.
struct SampleForPotential {
  Configuration sample;
  md::EamPotential potential;
};
SampleForPotential read_sample_for_potential(const std::string& path, const PotentialOptions& o,
                                             const md::PotentialSettings& settings);

}  // namespace glassml::cli
