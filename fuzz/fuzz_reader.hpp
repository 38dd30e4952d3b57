#pragma once
// Shared body of the reader fuzz targets: the readers take paths, so each input is written to a
// scratch file and read back. Bad input must end in InputError or ParameterError; anything else
// (another exception, a crash, a sanitizer report, a hang) is a bug the fuzzer reports.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/error.hpp"
#include "io/structure_file.hpp"

namespace glassml::fuzz {

template <class Reader>
int read_bytes(const std::uint8_t* data, std::size_t size, const char* extension, Reader&& reader) {
  static const std::string path = [&] {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir ? dir : "/tmp") + "/glassml-fuzz-" + std::to_string(::getpid()) + extension;
  }();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  try {
    reader(path);
  } catch (const InputError&) {
  } catch (const ParameterError&) {
  }
  std::remove(path.c_str());
  return 0;
}

}  // namespace glassml::fuzz
