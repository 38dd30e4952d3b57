// libFuzzer target: the lammps_dump reader on arbitrary bytes.
#include "fuzz_reader.hpp"
#include "io/lammps_dump.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return glassml::fuzz::read_bytes(data, size, ".dump", [](const std::string& path) {
    glassml::io::ReadOptions options;
    glassml::io::read_lammps_dump(path, options);
  });
}
