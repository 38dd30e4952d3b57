// libFuzzer target: the extxyz reader on arbitrary bytes.
#include "fuzz_reader.hpp"
#include "io/extxyz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return glassml::fuzz::read_bytes(data, size, ".xyz", [](const std::string& path) {
    glassml::io::ReadOptions options;
    glassml::io::read_extxyz(path, options);
  });
}
