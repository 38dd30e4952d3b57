#include "cli/potential_options.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/elements.hpp"
#include "core/error.hpp"
#include "io/structure_file.hpp"
#include "md/lammps_session.hpp"

namespace glassml::cli {

void add_potential_options(CLI::App& cmd, PotentialOptions& o, bool with_species) {
  auto& s = o.settings;
  cmd.add_option("--potential", s.path, "EAM potential file (setfl: *.eam.fs or *.eam.alloy)")->capture_default_str();
  cmd.add_option("--pair-style", s.pair_style, "eam/fs or eam/alloy (default: from the file name); eam/fs/opt = eam/fs --opt");
  if (with_species)
    cmd.add_option("--species", o.species, "Species per atom type, e.g. Cu,Zr (default: from the file)")->delimiter(',');
  o.opt_flag = cmd.add_flag("--opt,!--no-opt", s.optimized,
                            fmt::format("The OPT package kernel (<style>/opt, same forces) or the plain one (default: {})",
                                        s.optimized ? "--opt" : "--no-opt"));
}

md::PotentialSettings resolve_potential_options(const PotentialOptions& o) {
  md::PotentialSettings s = o.settings;
  if (s.path.empty()) throw ParameterError("--potential: empty file name");
  if (s.pair_style.ends_with("/opt")) {
    s.pair_style.resize(s.pair_style.size() - 4);
    if (o.opt_flag && o.opt_flag->count() > 0 && !s.optimized)
      throw ParameterError(fmt::format("--pair-style {}/opt contradicts --no-opt", s.pair_style));
    s.optimized = true;
  }
  if (!s.pair_style.empty() && s.pair_style != "eam/fs" && s.pair_style != "eam/alloy")
    throw ParameterError(fmt::format("--pair-style {}: expected eam/fs or eam/alloy (optionally with /opt)", o.settings.pair_style));
  const md::EamPotential pot = md::read_eam_potential(s);  // InputError naming the file, or the style from its name
  s.pair_style = pot.style;
  const bool asked = (o.opt_flag && o.opt_flag->count() > 0) || o.settings.pair_style.ends_with("/opt");
  if (s.optimized && !md::lammps_has_package("OPT")) {
    if (asked) throw ParameterError("--opt: this LAMMPS build has no OPT package; use the plain kernel (--no-opt)");
    s.optimized = false;
  }
  for (const auto& el : o.species) {
    if (!is_element(el)) throw ParameterError(fmt::format("--species: '{}' is not an element symbol", el));
    if (pot.index_of(el) < 0)
      throw ParameterError(fmt::format("--species: {} has no element '{}' (it lists {})", s.path, el,
                                       fmt::join(pot.elements, ",")));
  }
  return s;
}

SampleForPotential read_sample_for_potential(const std::string& path, const PotentialOptions& o,
                                             const md::PotentialSettings& settings) {
  io::ReadOptions ro;
  ro.species = o.species;
  SampleForPotential r{io::read_structure(path, ro), md::read_eam_potential(settings)};
  Configuration& c = r.sample;
  r.potential.require_elements(c.species_of_type);
  c.mass_of_type.resize(c.species_of_type.size(), 0.0);
  for (int t = 0; t < c.num_types(); ++t)
    if (!(c.mass_of_type[t] > 0)) c.mass_of_type[t] = r.potential.mass_of(c.species_of_type[t]);
  return r;
}

}  // namespace glassml::cli
