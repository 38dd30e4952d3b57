#pragma once
// SHA-256 (FIPS 180-4) of a byte string, as 64 lowercase hex digits: the content hash that names
// every product of a study in its cache (plan.hpp).
#include <string>
#include <string_view>

namespace glassml::study {

std::string sha256_hex(std::string_view bytes);

/// SHA-256 of a file's contents; throws std::runtime_error naming the file if it cannot be read.
std::string sha256_file_hex(const std::string& path);

}  // namespace glassml::study
