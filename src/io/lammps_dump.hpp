#pragma once
// LAMMPS text dumps (https://docs.lammps.org/dump.html), "custom" style: columns in any order;
// positions as x y z (wrapped), xu yu zu (unwrapped), or xs ys zs / xsu ysu zsu (scaled);
// image flags ix iy iz; an element column names species; every other column is kept by name.
// Several frames; orthogonal and triclinic boxes; plain or gzip.
#include <string>
#include <vector>

#include "core/configuration.hpp"

namespace glassml::io {

struct ReadOptions;
std::vector<Configuration> read_lammps_dump(const std::string& path, const ReadOptions& options);
/// Writes frames with the standard columns "id type element x y z" (plus "ix iy iz" when
/// present), then every named column, so OVITO and ASE read it as it is.
void write_lammps_dump(const std::string& path, const std::vector<Configuration>& frames);

}  // namespace glassml::io
