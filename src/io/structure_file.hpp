#pragma once
// Structure files by format: LAMMPS data, LAMMPS text dump (plain or .gz), extended XYZ.
// The format comes from the extension (.data .lmp .lammps | .dump .lammpstrj | .xyz .extxyz,
// each optionally .gz), else from the first line of the content.
#include <optional>
#include <string>
#include <vector>

#include "core/configuration.hpp"

namespace glassml::io {

enum class Format { LammpsData, LammpsDump, ExtXyz };

struct ReadOptions {
  /// Species per atom type, in type order (--species Cu,Zr). Empty: an element column, else
  /// masses matched to elements.
  std::vector<std::string> species;
  /// Dumps: the named per-atom columns (not ids, types or positions) may hold "nan" for a missing
  /// value, as `glassml activate` writes for atoms it did not search. Off: nan is an error.
  bool allow_nan_columns = false;
};

const char* format_name(Format f);
/// Format from the file name, else from its first line; throws InputError if neither tells.
Format detect_format(const std::string& path);

/// All frames of a file (one for a data file), each validated and sorted by atom id.
std::vector<Configuration> read_frames(const std::string& path, const ReadOptions& options = {});
/// The first frame.
Configuration read_structure(const std::string& path, const ReadOptions& options = {});
/// Writes one configuration in the format of the path's extension, atomically.
void write_structure(const std::string& path, const Configuration& config);
/// Writes several frames (dump and extended XYZ; a data file takes exactly one), atomically.
void write_frames(const std::string& path, const std::vector<Configuration>& frames);

class LineReader;
/// The last step of every reader: species names from `options` or masses, a consistency check
/// (an error is reported at the reader's current line, after `context`), atoms sorted by id.
void finish_configuration(const LineReader& in, Configuration& config, const ReadOptions& options,
                          const std::string& context = {});

}  // namespace glassml::io
