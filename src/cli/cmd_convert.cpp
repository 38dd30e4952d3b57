// glassml convert IN OUT: between LAMMPS data, LAMMPS dump and extended XYZ, keeping every
// per-atom column the output format can hold.
#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "io/structure_file.hpp"

namespace glassml::cli {
namespace {

struct ConvertOptions {
  std::string input, output;
  std::vector<std::string> species;
  int frame = -1;  // -1: all frames
};

void add_convert_command(CLI::App& app) {
  auto opt = std::make_shared<ConvertOptions>();
  auto* cmd = app.add_subcommand("convert",
                                 "Convert a structure file between LAMMPS data, LAMMPS dump (.gz) and extended XYZ (.gz); "
                                 "the output format follows the output file's extension");
  cmd->add_option("input", opt->input, "Input structure file")->required()->check(CLI::ExistingFile);
  cmd->add_option("output", opt->output, "Output file (.data, .dump, .lammpstrj, .xyz, .extxyz; add .gz to compress)")->required();
  cmd->add_option("--species", opt->species, "Element of each atom type, in type order (e.g. Cu,Zr)")->delimiter(',');
  cmd->add_option("--frame", opt->frame,
                  "Only this frame (0-based; negative counts from the end, e.g. -1 = last). "
                  "Default: all frames, and a data-file output needs --frame when the input has several")
      ->default_str("all");
  cmd->callback([opt, cmd] {
    auto frames = io::read_frames(opt->input, io::ReadOptions{opt->species});
    if (cmd->count("--frame")) {
      const long n = static_cast<long>(frames.size());
      const long k = opt->frame < 0 ? n + opt->frame : opt->frame;
      if (k < 0 || k >= n)
        throw ParameterError("--frame " + std::to_string(opt->frame) + ": " + opt->input + " has " + std::to_string(n) + " frames");
      frames = {std::move(frames[k])};
    }
    io::write_frames(opt->output, frames);
    fmt::print(stderr, "wrote {} ({} frame{}, {} atoms)\n", opt->output, frames.size(), frames.size() == 1 ? "" : "s",
               frames.front().size());
  });
}

Registrar reg{"convert", 15, add_convert_command};

}  // namespace
}  // namespace glassml::cli
