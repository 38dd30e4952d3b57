// libFuzzer target: the lammps_data reader on arbitrary bytes.
#include "fuzz_reader.hpp"
#include "io/lammps_data.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return glassml::fuzz::read_bytes(data, size, ".data", [](const std::string& path) {
    glassml::io::ReadOptions options;
    glassml::io::read_lammps_data(path, options);
  });
}
