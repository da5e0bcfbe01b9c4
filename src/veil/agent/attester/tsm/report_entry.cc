#include "veil/agent/attester/tsm/report_entry.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

#include "veil/base/hex.h"

namespace veil::agent::tsm {
namespace {

class ConfigfsOps final : public ReportEntryOps {
 public:
  Status Create(const std::filesystem::path& entry) override {
    if (::mkdir(entry.c_str(), 0700) != 0) {
      return Fail(Error{ErrorCode::kUnavailable,
                        "cannot create " + entry.string() + ": " + std::strerror(errno),
                        "configfs-tsm"});
    }
    return {};
  }
  void Remove(const std::filesystem::path& entry) noexcept override { ::rmdir(entry.c_str()); }
};

// Names only need to be unique among the entries that exist at once; the generation check
// catches anyone who writes to ours anyway.
std::string FreshName() {
  std::random_device random;
  const std::uint64_t value = (std::uint64_t{random()} << 32) | random();
  Bytes bytes(8);
  for (std::size_t i = 0; i < bytes.size(); ++i)
    bytes[i] = static_cast<std::uint8_t>(value >> (8 * i));
  return "veil-" + std::to_string(::getpid()) + "-" + HexEncode(bytes);
}

}  // namespace

std::shared_ptr<ReportEntryOps> ConfigfsReportEntryOps() { return std::make_shared<ConfigfsOps>(); }

Result<ReportEntry> ReportEntry::Create(std::shared_ptr<ReportEntryOps> ops,
                                        const std::filesystem::path& report_dir) {
  std::filesystem::path path = report_dir / FreshName();
  VEIL_TRY(ops->Create(path));
  return ReportEntry(std::move(ops), std::move(path));
}

ReportEntry::~ReportEntry() {
  if (ops_) ops_->Remove(path_);
}

}  // namespace veil::agent::tsm
