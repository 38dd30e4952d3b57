#include "analysis/output_dir.hpp"

#include <filesystem>

#include "core/error.hpp"

namespace glassml::analysis {
namespace fs = std::filesystem;

OutputDir::OutputDir(std::string path) : path_(std::move(path)) {
  while (path_.size() > 1 && path_.back() == '/') path_.pop_back();
  if (path_.empty()) throw ParameterError("-o: empty output folder");
  const fs::path parent = fs::absolute(path_).parent_path();
  if (!fs::is_directory(parent)) throw ParameterError("-o: folder " + parent.string() + " does not exist");
  if (fs::exists(path_) && !fs::is_directory(path_)) throw ParameterError("-o: " + path_ + " exists and is not a folder");
  tmp_ = path_ + ".tmp";
  fs::remove_all(tmp_);  // left over from a killed run
  fs::create_directory(tmp_);
}

OutputDir::~OutputDir() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(tmp_, ec);
}

void OutputDir::commit() {
  const std::string old = path_ + ".old";
  fs::remove_all(old);
  if (fs::exists(path_)) fs::rename(path_, old);
  fs::rename(tmp_, path_);
  committed_ = true;
  fs::remove_all(old);
}

}  // namespace glassml::analysis
