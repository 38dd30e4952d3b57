#pragma once
// Output that appears whole or not at all: data goes to "PATH.tmp.<pid>" next to the target and
// is renamed onto PATH by commit(). If the writer throws or the process dies first, the target
// is untouched (the destructor removes the temporary). Paths ending in ".gz" are gzip-compressed.
#include <memory>
#include <string>
#include <string_view>

namespace glassml::io {

class AtomicFile {
 public:
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view data);
  void write(const void* data, std::size_t bytes);
  /// Flushes, closes and renames onto the target; throws std::runtime_error on I/O failure.
  void commit();
  const std::string& path() const { return path_; }

 private:
  struct Impl;
  std::string path_, tmp_;
  std::unique_ptr<Impl> impl_;
  bool committed_ = false;
};

/// Writes a whole string atomically.
void write_file_atomic(const std::string& path, std::string_view contents);

}  // namespace glassml::io
