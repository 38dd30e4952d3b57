#pragma once
// Extended XYZ (https://github.com/libAtoms/extxyz): line 1 the atom count, line 2 key=value
// pairs with Lattice="ax ay az bx by bz cx cy cz", Properties=species:S:1:pos:R:3:..., pbc and
// an optional Origin="x y z" (OVITO's convention). Lattices not in LAMMPS' upper-triangular
// form are rotated into it (positions with them). Several frames.
#include <string>
#include <vector>

#include "core/configuration.hpp"

namespace glassml::io {

struct ReadOptions;
std::vector<Configuration> read_extxyz(const std::string& path, const ReadOptions& options);
/// Writes Properties=species:S:1:pos:R:3:id:I:1:type:I:1 followed by every named column.
void write_extxyz(const std::string& path, const std::vector<Configuration>& frames);

}  // namespace glassml::io
