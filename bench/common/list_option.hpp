#pragma once
// Comma-separated numbers of a benchmark's command-line option ("0,2,4.5").
#include <sstream>
#include <string>
#include <vector>

namespace glassml::bench {

inline std::vector<double> parse_list(const std::string& s) {
  std::vector<double> v;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) v.push_back(std::stod(item));
  return v;
}

}  // namespace glassml::bench
