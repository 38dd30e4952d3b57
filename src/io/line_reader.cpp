#include "io/line_reader.hpp"

#include <zlib.h>

#include <charconv>
#include <cmath>
#include <cstring>

namespace glassml::io {

struct LineReader::Impl {
  gzFile file = nullptr;
  ~Impl() {
    if (file) gzclose(file);
  }
};

LineReader::LineReader(const std::string& path) : path_(path), impl_(std::make_unique<Impl>()) {
  impl_->file = gzopen(path.c_str(), "rb");
  if (!impl_->file) throw InputError(path, 0, std::string("cannot open: ") + std::strerror(errno));
  gzbuffer(impl_->file, 1 << 18);
  buf_.resize(1 << 18);
}

LineReader::~LineReader() = default;

bool LineReader::fill() {
  if (eof_) return false;
  // Keep the unread tail, then append.
  if (pos_ > 0) {
    std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
    end_ -= pos_;
    pos_ = 0;
  }
  if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);
  int n = gzread(impl_->file, buf_.data() + end_, static_cast<unsigned>(buf_.size() - end_));
  if (n < 0) {
    int err = 0;
    const char* msg = gzerror(impl_->file, &err);
    throw InputError(path_, line_no_ + 1, std::string("read error: ") + (msg ? msg : "unknown"));
  }
  if (n == 0) {
    eof_ = true;
    // A truncated gzip stream reads as a short file; zlib reports it here.
    int err = 0;
    const char* msg = gzerror(impl_->file, &err);
    if (err != Z_OK && err != Z_STREAM_END)
      throw InputError(path_, line_no_ + 1, std::string("corrupt compressed data: ") + (msg ? msg : ""));
    return false;
  }
  end_ += static_cast<std::size_t>(n);
  return true;
}

bool LineReader::next(std::string& line) {
  for (;;) {
    const char* begin = buf_.data() + pos_;
    const void* nl = std::memchr(begin, '\n', end_ - pos_);
    if (nl || (eof_ && pos_ < end_)) {
      std::size_t len = nl ? static_cast<const char*>(nl) - begin : end_ - pos_;
      ++line_no_;
      if (len > kMaxLine) fail("line longer than " + std::to_string(kMaxLine) + " bytes");
      line.assign(begin, len);
      pos_ += len + (nl ? 1 : 0);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      for (unsigned char c : line)
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
          char hex[8];
          std::snprintf(hex, sizeof hex, "0x%02x", c);
          fail(std::string("binary data (byte ") + hex + "): not a text file");
        }
      return true;
    }
    if (end_ - pos_ > kMaxLine) {
      ++line_no_;
      fail("line longer than " + std::to_string(kMaxLine) + " bytes");
    }
    if (!fill() && pos_ >= end_) return false;
  }
}

std::string LineReader::require(const char* expected) {
  std::string line;
  if (!next(line)) throw InputError(path_, line_no_ + 1, std::string("unexpected end of file: expected ") + expected);
  return line;
}

void LineReader::fail(const std::string& what) const { throw InputError(path_, line_no_ ? line_no_ : 1, what); }

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0, n = line.size();
  while (i < n) {
    while (i < n && (line[i] == ' ' || line[i] == '\t')) ++i;
    std::size_t j = i;
    while (j < n && line[j] != ' ' && line[j] != '\t') ++j;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

std::string_view trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

std::string_view strip_comment(std::string_view s) {
  auto hash = s.find('#');
  return trim(hash == std::string_view::npos ? s : s.substr(0, hash));
}

bool try_parse_double(std::string_view token, double& out) {
  if (token.empty()) return false;
  const char* b = token.data();
  const char* e = b + token.size();
  if (*b == '+') ++b;  // from_chars does not accept a leading '+'
  auto [p, ec] = std::from_chars(b, e, out);
  return ec == std::errc() && p == e && std::isfinite(out);
}

bool try_parse_int(std::string_view token, std::int64_t& out) {
  if (token.empty()) return false;
  const char* b = token.data();
  const char* e = b + token.size();
  if (*b == '+') ++b;
  auto [p, ec] = std::from_chars(b, e, out);
  return ec == std::errc() && p == e;
}

namespace {
std::string quoted(std::string_view token) {
  constexpr std::size_t kShow = 40;
  std::string t(token.substr(0, kShow));
  if (token.size() > kShow) t += "...";
  return "'" + t + "'";
}
}  // namespace

double parse_double(const LineReader& in, std::string_view token, const char* what) {
  double v;
  if (!try_parse_double(token, v)) {
    double tmp;
    auto [p, ec] = std::from_chars(token.data(), token.data() + token.size(), tmp);
    bool numeric = ec == std::errc() && p == token.data() + token.size();
    in.fail(std::string(what) + " " + quoted(token) + (numeric ? " is not finite" : " is not a number"));
  }
  return v;
}

std::int64_t parse_int(const LineReader& in, std::string_view token, const char* what, std::int64_t lo,
                       std::int64_t hi) {
  std::int64_t v;
  if (!try_parse_int(token, v)) in.fail(std::string(what) + " " + quoted(token) + " is not an integer");
  if (v < lo || v > hi)
    in.fail(std::string(what) + " " + std::to_string(v) + " is out of range [" + std::to_string(lo) + ", " +
            std::to_string(hi) + "]");
  return v;
}

}  // namespace glassml::io
