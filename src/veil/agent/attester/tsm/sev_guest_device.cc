#include "veil/agent/attester/tsm/sev_guest_device.h"

#include <fcntl.h>
#include <linux/sev-guest.h>
#include <sys/ioctl.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include "veil/agent/attester/tsm/report_response.h"
#include "veil/base/hex.h"

namespace veil::agent::tsm {
namespace {

constexpr std::size_t kPageSize = 4096;
constexpr std::size_t kDefaultCertsSize = 4 * kPageSize;  // the kernel's SEV_FW_BLOB_MAX_SIZE
constexpr std::size_t kMaxCertsSize = 16 * kPageSize;
constexpr std::uint8_t kMessageVersion = 1;

struct IoctlOutcome {
  int error = 0;                 // errno, 0 on success
  std::uint32_t fw_error = 0;    // exitinfo2 bits 31:0
  std::uint32_t vmm_error = 0;   // exitinfo2 bits 63:32
  std::size_t needed_certs = 0;  // certs_len as the kernel left it
};

// One SNP_GET_EXT_REPORT. The kernel reads the request and writes the response and certificates
// through the addresses in `guest` and `request`, so all three buffers live here until it returns.
IoctlOutcome ExtReportIoctl(int fd, ByteSpan report_data, snp_report_resp& response, Bytes& certs) {
  snp_ext_report_req request{};
  std::copy(report_data.begin(), report_data.end(), request.data.user_data);
  request.data.vmpl = 0;
  request.certs_address = reinterpret_cast<std::uintptr_t>(certs.data());
  request.certs_len = static_cast<std::uint32_t>(certs.size());
  snp_guest_request_ioctl guest{};
  guest.msg_version = kMessageVersion;
  guest.req_data = reinterpret_cast<std::uintptr_t>(&request);
  guest.resp_data = reinterpret_cast<std::uintptr_t>(&response);
  IoctlOutcome outcome;
  if (::ioctl(fd, SNP_GET_EXT_REPORT, &guest) != 0) outcome.error = errno;
  outcome.fw_error = static_cast<std::uint32_t>(guest.exitinfo2 & 0xFFFFFFFFu);
  outcome.vmm_error = static_cast<std::uint32_t>(guest.exitinfo2 >> 32);
  outcome.needed_certs = request.certs_len;
  return outcome;
}

bool NeedsLargerBuffer(const IoctlOutcome& outcome, std::size_t current) {
  return outcome.error != 0 && outcome.vmm_error == SNP_GUEST_VMM_ERR_INVALID_LEN &&
         outcome.needed_certs > current && outcome.needed_certs <= kMaxCertsSize;
}

Error IoctlError(const std::filesystem::path& path, const IoctlOutcome& outcome) {
  return Error{ErrorCode::kUnavailable,
               "SNP_GET_EXT_REPORT on " + path.string() +
                   " failed: " + std::strerror(outcome.error) + " (firmware error " +
                   HexU64(outcome.fw_error) + ", VMM error " + HexU64(outcome.vmm_error) + ")",
               "sev-guest"};
}

}  // namespace

Result<SevGuestDevice> SevGuestDevice::Open(const std::filesystem::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CLOEXEC));
  if (!fd.valid()) {
    return Fail(Error{ErrorCode::kUnavailable,
                      "cannot open " + path.string() + ": " + std::strerror(errno), "sev-guest"});
  }
  return SevGuestDevice(path, std::move(fd));
}

Result<ExtendedReport> SevGuestDevice::GetExtendedReport(ByteSpan report_data) const {
  if (report_data.size() != sizeof(snp_report_req::user_data)) {
    return Fail(Error{ErrorCode::kInvalidArgument,
                      "report data must be 64 bytes, got " + std::to_string(report_data.size()),
                      "sev-guest"});
  }
  snp_report_resp response{};
  Bytes certs(kDefaultCertsSize, 0);
  IoctlOutcome outcome = ExtReportIoctl(fd_.get(), report_data, response, certs);
  if (NeedsLargerBuffer(outcome, certs.size())) {
    certs.assign(outcome.needed_certs, 0);
    outcome = ExtReportIoctl(fd_.get(), report_data, response, certs);
  }
  if (outcome.error != 0) return Fail(IoctlError(path_, outcome));
  auto report = ParseReportResponse(ByteSpan(response.data, sizeof response.data));
  if (!report) return Fail(std::move(report).error().WithContext("sev-guest"));
  return ExtendedReport{std::move(*report), std::move(certs)};
}

}  // namespace veil::agent::tsm
