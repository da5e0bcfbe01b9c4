#include "veil/initdata/annotation.h"

#include <zlib.h>

#include <array>
#include <limits>

#include "veil/base/base64.h"
#include "veil/base/error.h"

namespace veil::initdata {
namespace {

constexpr std::size_t kMaxToml = std::size_t{1} << 20;
constexpr int kGzipWindowBits = 15 + 16;  // zlib: 15-bit window, gzip wrapper instead of zlib's
constexpr int kUnixOs = 3;                // RFC 1952 §2.3.1 OS field

Error AnnotationError(ErrorCode code, std::string message) {
  return Error{code, std::move(message), "init-data annotation"};
}

// Owns a z_stream for deflate or inflate and ends it on every path.
class ZStream {
 public:
  ZStream(const ZStream&) = delete;
  ZStream& operator=(const ZStream&) = delete;
  static ZStream Deflater() { return ZStream(true); }
  static ZStream Inflater() { return ZStream(false); }
  ~ZStream() {
    if (ok_) deflating_ ? deflateEnd(&stream_) : inflateEnd(&stream_);
  }
  bool ok() const { return ok_; }
  z_stream& get() { return stream_; }

 private:
  explicit ZStream(bool deflating) : deflating_(deflating) {
    if (deflating) {
      ok_ = deflateInit2(&stream_, 9, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) == Z_OK;
      header_.os = kUnixOs;  // zlib writes its build's OS_CODE otherwise
      ok_ = ok_ && deflateSetHeader(&stream_, &header_) == Z_OK;
    } else {
      ok_ = inflateInit2(&stream_, kGzipWindowBits) == Z_OK;
    }
  }
  bool deflating_;
  bool ok_ = false;
  z_stream stream_{};
  gz_header header_{};  // zeroed: mtime 0, no name, no comment, no extra field
};

}  // namespace

std::string EncodeAnnotation(std::string_view toml) {
  VEIL_CHECK(toml.size() <= std::numeric_limits<uInt>::max());
  ZStream deflater = ZStream::Deflater();
  VEIL_CHECK(deflater.ok());
  z_stream& stream = deflater.get();
  Bytes gzip(deflateBound(&stream, static_cast<uLong>(toml.size())) + 32);
  // zlib's interface is not const-correct; deflate only reads next_in.
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(toml.data()));
  stream.avail_in = static_cast<uInt>(toml.size());
  stream.next_out = gzip.data();
  stream.avail_out = static_cast<uInt>(gzip.size());
  VEIL_CHECK(deflate(&stream, Z_FINISH) == Z_STREAM_END);  // deflateBound guarantees room
  gzip.resize(stream.total_out);
  return Base64Encode(gzip);
}

Result<std::string> DecodeAnnotation(std::string_view annotation) {
  if (annotation.size() > kMaxToml * 2) {  // gzip of at most 1 MiB, in base64, is far smaller
    return Fail(AnnotationError(ErrorCode::kInvalidArgument, "longer than 2 MiB"));
  }
  auto gzip = Base64Decode(annotation);
  if (!gzip) return Fail(AnnotationError(ErrorCode::kMalformed, "not base64 (RFC 4648 §4)"));
  ZStream inflater = ZStream::Inflater();
  VEIL_CHECK(inflater.ok());
  z_stream& stream = inflater.get();
  stream.next_in = gzip->data();
  stream.avail_in = static_cast<uInt>(gzip->size());
  std::string toml;
  std::array<char, 16384> chunk{};
  int status = Z_OK;
  while (status != Z_STREAM_END) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk.data());
    stream.avail_out = static_cast<uInt>(chunk.size());
    status = inflate(&stream, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) {
      return Fail(AnnotationError(ErrorCode::kMalformed, "not gzip data, or cut short"));
    }
    toml.append(chunk.data(), chunk.size() - stream.avail_out);
    if (toml.size() > kMaxToml) {
      return Fail(AnnotationError(ErrorCode::kInvalidArgument, "inflates past 1 MiB"));
    }
  }
  if (stream.avail_in != 0) {
    return Fail(AnnotationError(ErrorCode::kMalformed,
                                std::to_string(stream.avail_in) + " bytes after the gzip member"));
  }
  return toml;
}

}  // namespace veil::initdata
