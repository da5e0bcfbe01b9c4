#pragma once
// A plain directory that behaves like the kernel's configfs-tsm report interface, for tests.
// Entries are made and removed through CreateEntry/RemoveEntry (the driver's ReportEntryOps seam:
// configfs creates the attribute files with the mkdir, which a plain directory cannot). Each entry
// gets `provider`, `generation` ("0"), `inblob`, `auxblob` and a FIFO `outblob`: as with the
// kernel, reading outblob blocks until the "TEE" answers, which it does when a reader opens it —
// recording what inblob holds, counting that one write in `generation` and writing the fixed
// report (real fixture bytes) given here.

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::testing {

class FakeConfigfsTsm {
 public:
  // Creates <root>/report. `provider` as the kernel names it ("sev_guest", "tdx_guest");
  // `outblob` below 64 KiB, the pipe's capacity (the kernel's own limit is 32 KiB).
  FakeConfigfsTsm(std::filesystem::path root, std::string provider, Bytes outblob, Bytes auxblob);
  // Stops any answer still pending; entries never removed are left on disk.
  ~FakeConfigfsTsm();
  FakeConfigfsTsm(const FakeConfigfsTsm&) = delete;
  FakeConfigfsTsm& operator=(const FakeConfigfsTsm&) = delete;

  const std::filesystem::path& root() const { return root_; }

  // mkdir of an entry, with its attribute files in place, and the outblob answer armed.
  Status CreateEntry(const std::filesystem::path& entry);
  // rmdir of an entry: cancels an answer nobody asked for and removes the files.
  void RemoveEntry(const std::filesystem::path& entry);

  // What inblob held for every answered request, in order.
  std::vector<Bytes> requests() const;
  int entries_created() const;
  int entries_removed() const;
  // The next answer also counts a write by another process to the same entry (generation + 2).
  void SimulateRacingWriter() { race_ = true; }

 private:
  struct PendingAnswer {
    std::atomic<bool> cancelled{false};
    std::thread thread;
  };

  void Answer(const std::filesystem::path& entry, const PendingAnswer& pending);
  void Cancel(const std::filesystem::path& entry, PendingAnswer& pending);

  std::filesystem::path root_;
  std::string provider_;
  Bytes outblob_;
  Bytes auxblob_;
  std::atomic<bool> race_{false};
  mutable std::mutex mutex_;
  std::vector<Bytes> requests_;
  int created_ = 0;
  int removed_ = 0;
  std::map<std::filesystem::path, std::unique_ptr<PendingAnswer>> pending_;
};

}  // namespace veil::testing
