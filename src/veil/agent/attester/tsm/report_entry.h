#pragma once
// One configfs-tsm report entry, <root>/report/<name>: a directory whose attribute files
// (inblob, outblob, auxblob, provider, generation) the kernel creates with the mkdir and removes
// with the rmdir. How an entry comes and goes is a seam (ReportEntryOps) because that atomic
// mkdir is what a test double on a plain directory cannot reproduce by itself.

#include <filesystem>
#include <memory>

#include "veil/base/result.h"

namespace veil::agent::tsm {

class ReportEntryOps {
 public:
  virtual ~ReportEntryOps() = default;
  // Creates the entry directory `entry` with all its attribute files in place.
  virtual Status Create(const std::filesystem::path& entry) = 0;
  // Removes the entry and its attribute files. Best effort: there is no one left to tell.
  virtual void Remove(const std::filesystem::path& entry) noexcept = 0;
};

// The kernel's interface: mkdir(2) and rmdir(2). kUnavailable, naming the entry, when mkdir fails.
std::shared_ptr<ReportEntryOps> ConfigfsReportEntryOps();

// Owns one entry with a fresh random name and removes it on destruction, on every path.
class ReportEntry {
 public:
  static Result<ReportEntry> Create(std::shared_ptr<ReportEntryOps> ops,
                                    const std::filesystem::path& report_dir);

  ReportEntry(ReportEntry&& other) noexcept = default;
  ReportEntry& operator=(ReportEntry&&) = delete;
  ReportEntry(const ReportEntry&) = delete;
  ReportEntry& operator=(const ReportEntry&) = delete;
  ~ReportEntry();

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path Attribute(const char* name) const { return path_ / name; }

 private:
  ReportEntry(std::shared_ptr<ReportEntryOps> ops, std::filesystem::path path)
      : ops_(std::move(ops)), path_(std::move(path)) {}

  std::shared_ptr<ReportEntryOps> ops_;  // null once moved from
  std::filesystem::path path_;
};

}  // namespace veil::agent::tsm
