// glassml: how rigid is each atom of a metallic glass, and can a neural network tell that from
// the structure alone? Entry point: subcommands, global options, and error reporting.
#include <cstdio>
#include <exception>
#include <string>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/parallel.hpp"
#include "core/progress.hpp"
#include "glassml/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "glassml: atomic stiffness of metallic glasses -- LAMMPS samples, per-atom structure descriptors,\n"
      "neural networks, ARTn activation energies and figures. Units are LAMMPS metal (A, eV, ps, K, bar)."};
  app.set_version_flag("--version", std::string("glassml ") + glassml::kVersion);
  app.require_subcommand(1);
  int threads = 0;
  bool quiet = false;
  app.add_option("--threads", threads, "Threads for parallel loops (default: all cores or OMP_NUM_THREADS)")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("-q,--quiet", quiet, "No progress output");
  app.fallthrough();
  app.parse_complete_callback([&] {
    glassml::set_num_threads(threads);
    glassml::Progress::set_enabled(!quiet);
  });

  glassml::cli::add_registered_commands(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "glassml: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
