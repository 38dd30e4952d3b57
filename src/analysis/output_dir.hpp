#pragma once
// A folder of results that appears whole or not at all: files are written into DIR.tmp, and
// commit() replaces DIR by it (an existing DIR is removed only then). If the report fails or the
// process dies first, DIR is untouched; the destructor removes DIR.tmp.
#include <string>

namespace glassml::analysis {

class OutputDir {
 public:
  /// Throws ParameterError when the parent folder of `path` does not exist or `path` is a file.
  explicit OutputDir(std::string path);
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  /// Where to write now (DIR.tmp).
  const std::string& dir() const { return tmp_; }
  void commit();

 private:
  std::string path_, tmp_;
  bool committed_ = false;
};

}  // namespace glassml::analysis
