#include "veil/testing/fake_configfs_tsm.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace veil::testing {
namespace {

constexpr std::size_t kPipeCapacity =
    64 * 1024;  // Linux's default; the kernel's outblob is at most 32 KiB

Status WriteFile(const std::filesystem::path& path, ByteSpan bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  if (!out) return Fail(Internal("fake configfs-tsm: cannot write " + path.string()));
  return {};
}

Bytes ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Stops at the first error: EPIPE when the reader went away (SIGPIPE is blocked by the caller).
void WriteAll(int fd, ByteSpan bytes) {
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return;
    written += static_cast<std::size_t>(n);
  }
}

void BlockSigpipeInThisThread() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

}  // namespace

FakeConfigfsTsm::FakeConfigfsTsm(std::filesystem::path root, std::string provider, Bytes outblob,
                                 Bytes auxblob)
    : root_(std::move(root)),
      provider_(std::move(provider)),
      outblob_(std::move(outblob)),
      auxblob_(std::move(auxblob)) {
  // An answer cancelled after the driver stopped reading early must not block on a full pipe.
  VEIL_CHECK(outblob_.size() < kPipeCapacity);
  std::filesystem::create_directories(root_ / "report");
}

FakeConfigfsTsm::~FakeConfigfsTsm() {
  for (auto& [entry, pending] : pending_) Cancel(entry, *pending);
}

Status FakeConfigfsTsm::CreateEntry(const std::filesystem::path& entry) {
  if (::mkdir(entry.c_str(), 0700) != 0) {
    return Fail(Unavailable("fake configfs-tsm: cannot create " + entry.string() + ": " +
                            std::strerror(errno)));
  }
  VEIL_TRY(WriteFile(entry / "provider", AsBytes(provider_ + "\n")));
  VEIL_TRY(WriteFile(entry / "generation", AsBytes("0\n")));
  VEIL_TRY(WriteFile(entry / "inblob", {}));
  VEIL_TRY(WriteFile(entry / "auxblob", auxblob_));
  if (::mkfifo((entry / "outblob").c_str(), 0600) != 0) {
    return Fail(Internal("fake configfs-tsm: cannot make the outblob FIFO: " +
                         std::string(std::strerror(errno))));
  }
  auto pending = std::make_unique<PendingAnswer>();
  pending->thread = std::thread([this, entry, answer = pending.get()] { Answer(entry, *answer); });
  std::lock_guard lock(mutex_);
  ++created_;
  pending_[entry] = std::move(pending);
  return {};
}

void FakeConfigfsTsm::RemoveEntry(const std::filesystem::path& entry) {
  std::unique_ptr<PendingAnswer> pending;
  {
    std::lock_guard lock(mutex_);
    if (auto it = pending_.find(entry); it != pending_.end()) {
      pending = std::move(it->second);
      pending_.erase(it);
    }
    ++removed_;
  }
  if (pending) Cancel(entry, *pending);
  std::error_code ignored;
  std::filesystem::remove_all(entry, ignored);
}

std::vector<Bytes> FakeConfigfsTsm::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

int FakeConfigfsTsm::entries_created() const {
  std::lock_guard lock(mutex_);
  return created_;
}

int FakeConfigfsTsm::entries_removed() const {
  std::lock_guard lock(mutex_);
  return removed_;
}

void FakeConfigfsTsm::Answer(const std::filesystem::path& entry, const PendingAnswer& pending) {
  BlockSigpipeInThisThread();
  // Blocks until a reader opens outblob; the driver does so after writing and closing inblob.
  const int fd = ::open((entry / "outblob").c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return;
  if (!pending.cancelled) {
    const Bytes inblob = ReadFile(entry / "inblob");
    const int writes = race_.exchange(false) ? 2 : 1;
    // Written before the report, so a reader that saw outblob's end sees this generation.
    (void)WriteFile(entry / "generation", AsBytes(std::to_string(writes) + "\n"));
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(inblob);
    }
    WriteAll(fd, outblob_);
  }
  ::close(fd);
}

void FakeConfigfsTsm::Cancel(const std::filesystem::path& entry, PendingAnswer& pending) {
  pending.cancelled = true;
  // Be a reader until the answer thread is done: its open(2) of outblob then returns, whether it
  // was already waiting or not there yet, and its writes fit in the pipe (see the constructor).
  const int fd = ::open((entry / "outblob").c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  pending.thread.join();
  if (fd >= 0) ::close(fd);
}

}  // namespace veil::testing
