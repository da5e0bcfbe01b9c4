#include "veil/agent/launch/workload_uid.h"

#include <grp.h>
#include <pwd.h>

#include <charconv>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace veil::agent {
namespace {

constexpr std::uint64_t kMaxUid = 4294967294;  // (uid_t)-1 means "no change" to setuid

bool ParseNumber(std::string_view text, std::uint64_t& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

// The four uids of a "Uid:\t<real>\t<effective>\t<saved>\t<fs>" line of /proc/<pid>/status.
void AddStatusUids(const std::filesystem::path& status_file, std::set<uid_t>& uids) {
  std::ifstream in(status_file);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.starts_with("Uid:")) continue;
    std::istringstream fields(line.substr(4));
    std::uint64_t uid = 0;
    while (fields >> uid) {
      if (uid <= kMaxUid) uids.insert(static_cast<uid_t>(uid));
    }
    return;
  }
}

}  // namespace

Result<UidRange> ParseUidRange(std::string_view text) {
  const std::size_t dash = text.find('-');
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  if (dash == std::string_view::npos || !ParseNumber(text.substr(0, dash), first) ||
      !ParseNumber(text.substr(dash + 1), last) || first < 1 || first > last || last > kMaxUid) {
    return Fail(InvalidArgument("uid range \"" + std::string(text) +
                                "\" is not FIRST-LAST with 1 <= FIRST <= LAST <= 4294967294"));
  }
  return UidRange{static_cast<uid_t>(first), static_cast<uid_t>(last)};
}

std::set<uid_t> UidsInUse(const std::filesystem::path& proc) {
  std::set<uid_t> uids;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(proc, error)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    AddStatusUids(entry.path() / "status", uids);
  }
  return uids;
}

Result<uid_t> PickFreeUid(UidRange range, const std::set<uid_t>& in_use,
                          const std::function<bool(uid_t)>& has_account, uid_t start) {
  const std::uint64_t size = std::uint64_t{range.last} - range.first + 1;
  const std::uint64_t offset = start < range.first || start > range.last ? 0 : start - range.first;
  for (std::uint64_t i = 0; i < size; ++i) {
    const auto uid = static_cast<uid_t>(range.first + (offset + i) % size);
    if (in_use.count(uid) == 0 && !has_account(uid)) return uid;
  }
  return Fail(Unavailable("no free uid in " + std::to_string(range.first) + "-" +
                          std::to_string(range.last) +
                          ": each one runs a process or names an account or group"));
}

bool HasAccount(uid_t id) {
  std::vector<char> buffer(16384);
  passwd account{};
  passwd* found_account = nullptr;
  if (getpwuid_r(id, &account, buffer.data(), buffer.size(), &found_account) == 0 &&
      found_account != nullptr) {
    return true;
  }
  group entry{};
  group* found_group = nullptr;
  return getgrgid_r(static_cast<gid_t>(id), &entry, buffer.data(), buffer.size(), &found_group) ==
             0 &&
         found_group != nullptr;
}

Result<WorkloadUser> AllocateWorkloadUser(UidRange range, const std::filesystem::path& proc) {
  std::random_device random;
  const std::uint64_t size = std::uint64_t{range.last} - range.first + 1;
  const auto start = static_cast<uid_t>(range.first + random() % size);
  VEIL_ASSIGN_OR_RETURN(const uid_t uid, PickFreeUid(range, UidsInUse(proc), &HasAccount, start));
  return WorkloadUser{
      "uid " + std::to_string(uid), uid, static_cast<gid_t>(uid), {static_cast<gid_t>(uid)}};
}

Status RequireUnusedUid(const WorkloadUser& user, const std::filesystem::path& proc) {
  if (UidsInUse(proc).count(user.uid) == 0) return {};
  return Fail(PolicyDenied(
      "workload user " + user.name + " (uid " + std::to_string(user.uid) +
      ") is already used by another process, which could read the workload's secrets through "
      "/proc; give the workload a user of its own, or leave [workload] user unset so that the "
      "agent allocates an unused uid from [workload] uid_range"));
}

}  // namespace veil::agent
