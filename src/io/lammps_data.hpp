#pragma once
// LAMMPS data files, atom_style atomic (https://docs.lammps.org/read_data.html).
// Header: "N atoms", "N atom types", "xlo xhi", "ylo yhi", "zlo zhi", optional "xy xz yz";
// sections Masses, Atoms (id type x y z [ix iy iz]) and Velocities (kept as columns vx vy vz).
// Other sections are refused: they would be silently lost.
#include <string>

#include "core/configuration.hpp"

namespace glassml::io {

struct ReadOptions;
Configuration read_lammps_data(const std::string& path, const ReadOptions& options);
/// Writes atom_style atomic with Masses, Atoms # atomic (with image flags if present) and
/// Velocities if the configuration has vx, vy, vz columns. Other columns are not stored.
void write_lammps_data(const std::string& path, const Configuration& config);

}  // namespace glassml::io
