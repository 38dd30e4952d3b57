#pragma once
// Test-side glue between the md module (LAMMPS) and artn (which never sees LAMMPS): an
// EnergySurface over a whole configuration, and the reference glass with the potential.
#include <string>
#include <vector>

#include "artn/energy_surface.hpp"
#include "artn/local_push.hpp"
#include "core/configuration.hpp"
#include "io/structure_file.hpp"
#include "md/eam_potential.hpp"
#include "md/lammps_potential.hpp"

namespace glassml::artn::testing {

constexpr const char* kCuZrPotential = "/usr/share/lammps/potentials/CuZr_mm.eam.fs";

/// E and F of the whole configuration from `lammps` (positions flat, Å; forces eV/Å).
inline EnergySurface lammps_surface(md::LammpsPotential& lammps) {
  return [&lammps](const std::vector<double>& x, std::vector<double>& f) {
    std::vector<Vec3> forces;
    const double e = lammps.energy_forces(unflatten(x), forces);
    f = flatten(forces);
    return e;
  };
}

/// A reference sample (LAMMPS data file: types 1 = Cu, 2 = Zr) with masses from the potential.
inline Configuration read_cuzr_sample(const std::string& path, const md::EamPotential& potential) {
  io::ReadOptions ro;
  ro.species = {"Cu", "Zr"};
  Configuration c = io::read_structure(path, ro);
  c.mass_of_type.resize(c.species_of_type.size(), 0.0);
  for (int t = 0; t < c.num_types(); ++t)
    if (!(c.mass_of_type[t] > 0)) c.mass_of_type[t] = potential.mass_of(c.species_of_type[t]);
  return c;
}

}  // namespace glassml::artn::testing
