#include "io/atomic_file.hpp"

#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace glassml::io {

struct AtomicFile::Impl {
  std::FILE* plain = nullptr;
  gzFile gz = nullptr;
};

namespace {
bool ends_with(const std::string& s, const char* suffix) {
  std::size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}
[[noreturn]] void io_fail(const std::string& path, const char* what) {
  throw std::runtime_error(path + ": " + what + ": " + std::strerror(errno));
}
}  // namespace

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)), impl_(std::make_unique<Impl>()) {
  tmp_ = path_ + ".tmp." + std::to_string(::getpid());
  if (ends_with(path_, ".gz")) {
    impl_->gz = gzopen(tmp_.c_str(), "wb6");
    if (!impl_->gz) io_fail(path_, "cannot create");
  } else {
    impl_->plain = std::fopen(tmp_.c_str(), "wb");
    if (!impl_->plain) io_fail(path_, "cannot create");
  }
}

AtomicFile::~AtomicFile() {
  if (impl_->plain) std::fclose(impl_->plain);
  if (impl_->gz) gzclose(impl_->gz);
  if (!committed_) std::remove(tmp_.c_str());
}

void AtomicFile::write(const void* data, std::size_t bytes) {
  if (impl_->gz) {
    if (bytes && gzwrite(impl_->gz, data, static_cast<unsigned>(bytes)) == 0) io_fail(path_, "write failed");
    return;
  }
  if (bytes && std::fwrite(data, 1, bytes, impl_->plain) != bytes) io_fail(path_, "write failed");
}

void AtomicFile::write(std::string_view data) { write(data.data(), data.size()); }

void AtomicFile::commit() {
  if (committed_) return;
  if (impl_->gz) {
    int rc = gzclose(impl_->gz);
    impl_->gz = nullptr;
    if (rc != Z_OK) io_fail(path_, "write failed");
  } else {
    bool ok = std::fflush(impl_->plain) == 0 && ::fsync(fileno(impl_->plain)) == 0;
    ok = (std::fclose(impl_->plain) == 0) && ok;
    impl_->plain = nullptr;
    if (!ok) io_fail(path_, "write failed");
  }
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0) io_fail(path_, "cannot rename temporary file onto");
  committed_ = true;
}

void write_file_atomic(const std::string& path, std::string_view contents) {
  AtomicFile f(path);
  f.write(contents);
  f.commit();
}

}  // namespace glassml::io
