// The key check value and KEK rotation on a real SQLite store: a wrong key is refused at start,
// rotation re-seals everything in one transaction with one audit entry, and a process killed half
// way through a rotation leaves the store exactly as it was.

#include "veil/trustee/kek_rotation.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <memory>

#include "veil/audit/verify_chain.h"
#include "veil/crypto/random.h"
#include "veil/store/sqlite/sqlite_store.h"
#include "veil/testing/scratch_dir.h"
#include "veil/trustee/key_check.h"

namespace veil::trustee {
namespace {

const TimePoint kT0 = TimePoint() + std::chrono::seconds(1'700'000'000);

kbs::SecretSealer NewSealer() {
  return kbs::SecretSealer::Create(crypto::RandomSecretBytes(32)).value();
}

protocol::ResourcePath Path(std::string_view text) {
  return protocol::ResourcePath::Parse(text).value();
}

audit::AuditEvent Put(const protocol::ResourcePath& path) {
  return {"admin:test", "resource.put", path.str(), {}};
}

std::string Opened(store::Store& store, const kbs::SecretSealer& sealer, std::string_view path) {
  const Bytes sealed = store.GetResource(Path(path)).value().value();
  auto opened = sealer.Open(sealed, path);
  if (!opened) return "(does not open: " + opened.error().message + ")";
  return {opened->span().begin(), opened->span().end()};
}

class KekRotation : public ::testing::Test {
 protected:
  std::unique_ptr<store::Store> Open() {
    return store::sqlite::OpenSqliteStore(dir_ / "trustee.db", clock_).value();
  }
  void PutSecrets(store::Store& store, const kbs::SecretSealer& sealer, int count) {
    for (int i = 0; i < count; ++i) {
      const auto path = Path("default/key/s" + std::to_string(i));
      const std::string value = "secret number " + std::to_string(i);
      ASSERT_TRUE(
          store.PutResource(path, sealer.Seal(AsBytes(value), path.str()).value(), Put(path)));
    }
  }

  testing::ScratchDir dir_{"kek-rotation"};
  FixedClock clock_{kT0};
  kbs::SecretSealer old_ = NewSealer();
  kbs::SecretSealer new_ = NewSealer();
};

TEST_F(KekRotation, TheFirstStartStoresAKeyCheckAndAnotherKeyIsRefusedAfterwards) {
  auto store = Open();
  ASSERT_TRUE(CheckKeyEncryptionKey(*store, old_, "file a"));
  const Bytes check = store->GetKeyCheck().value().value();
  EXPECT_TRUE(KeyCheckMatches(old_, check));
  EXPECT_FALSE(KeyCheckMatches(new_, check));
  ASSERT_TRUE(CheckKeyEncryptionKey(*store, old_, "file a"));  // the same key again: accepted

  auto refused = CheckKeyEncryptionKey(*store, new_, "file b");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(refused.error().message.rfind(
                "the key-encryption key from the file b is not the one that sealed the stored "
                "secrets (its key check value does not match); start with the key they were "
                "sealed under",
                0),
            0u)
      << refused.error().message;
  EXPECT_TRUE(ReadAllAudit(*store).value().empty());
}

TEST_F(KekRotation, AStoreWithSecretsButNoKeyCheckAcceptsOnlyTheKeyTheyOpenUnder) {
  // A store written before schema version 4 has sealed secrets and no key check value.
  auto store = Open();
  PutSecrets(*store, old_, 2);
  auto refused = CheckKeyEncryptionKey(*store, new_, "data directory file k");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("(the stored secret default/key/s0 does not open)"),
            std::string::npos)
      << refused.error().message;
  EXPECT_EQ(store->GetKeyCheck().value(), std::nullopt);  // a refused key stores nothing

  ASSERT_TRUE(CheckKeyEncryptionKey(*store, old_, "data directory file k"));
  EXPECT_TRUE(KeyCheckMatches(old_, store->GetKeyCheck().value().value()));
}

TEST_F(KekRotation, ReSealsEverySecretUnderTheNewKeyWithOneAuditEntry) {
  auto store = Open();
  PutSecrets(*store, old_, 3);
  ASSERT_TRUE(CheckKeyEncryptionKey(*store, old_, "old"));
  auto rotated = RotateKeyEncryptionKey(*store, old_, new_, "veil-trustee rotate-kek");
  ASSERT_TRUE(rotated) << rotated.error().ToString();
  EXPECT_EQ(*rotated, 3u);

  for (int i = 0; i < 3; ++i) {
    const std::string path = "default/key/s" + std::to_string(i);
    EXPECT_EQ(Opened(*store, new_, path), "secret number " + std::to_string(i));
    EXPECT_FALSE(old_.Open(store->GetResource(Path(path)).value().value(), path));
  }
  EXPECT_TRUE(CheckKeyEncryptionKey(*store, new_, "new"));
  EXPECT_FALSE(CheckKeyEncryptionKey(*store, old_, "old"));

  const auto entries = ReadAllAudit(*store).value();
  ASSERT_EQ(entries.size(), 4u);  // three puts, one rotation
  EXPECT_EQ(entries[3].action, "kek.rotate");
  EXPECT_EQ(entries[3].actor, "veil-trustee rotate-kek");
  EXPECT_EQ(entries[3].details, R"({"secrets":3})");
  EXPECT_TRUE(audit::VerifyAuditChain(entries).intact);

  // Rotating again from the key that is no longer current changes nothing.
  auto stale = RotateKeyEncryptionKey(*store, old_, NewSealer(), "veil-trustee rotate-kek");
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(ReadAllAudit(*store).value().size(), 4u);
}

TEST_F(KekRotation, RefusesTheCurrentKeyAsTheNewOne) {
  auto store = Open();
  PutSecrets(*store, old_, 1);
  ASSERT_TRUE(CheckKeyEncryptionKey(*store, old_, "old"));
  auto refused = RotateKeyEncryptionKey(*store, old_, old_, "veil-trustee rotate-kek");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ReadAllAudit(*store).value().size(), 1u);
}

TEST_F(KekRotation, ASecretThatDoesNotOpenStopsTheRotationAndChangesNothing) {
  auto store = Open();
  PutSecrets(*store, old_, 2);
  ASSERT_TRUE(CheckKeyEncryptionKey(*store, old_, "old"));
  // A third secret sealed under some other key (corruption, or a write by a misconfigured
  // trustee): the rotation must not half-succeed.
  const auto odd = Path("default/key/zz");
  ASSERT_TRUE(store->PutResource(odd, NewSealer().Seal(AsBytes("x"), odd.str()).value(), Put(odd)));
  auto failed = RotateKeyEncryptionKey(*store, old_, new_, "veil-trustee rotate-kek");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(Opened(*store, old_, "default/key/s0"), "secret number 0");
  EXPECT_TRUE(KeyCheckMatches(old_, store->GetKeyCheck().value().value()));
  EXPECT_EQ(ReadAllAudit(*store).value().size(), 3u);
}

TEST_F(KekRotation, AProcessKilledHalfWayThroughLeavesTheStoreAsItWas) {
  {
    auto store = Open();
    PutSecrets(*store, old_, 5);
    ASSERT_TRUE(CheckKeyEncryptionKey(*store, old_, "old"));
  }
  const Bytes old_check = Open()->GetKeyCheck().value().value();
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The child re-seals three of the five secrets inside the transaction, then dies without
    // unwinding, committing or rolling back, as SIGKILL or a power cut would leave it.
    auto store = store::sqlite::OpenSqliteStore(dir_ / "trustee.db", clock_);
    if (!store) ::_exit(3);
    int resealed = 0;
    const store::Store::Resealer reseal = [&](std::string_view path,
                                              ByteSpan sealed) -> Result<Bytes> {
      if (resealed == 3) ::_exit(0);
      ++resealed;
      auto opened = old_.Open(sealed, path);
      if (!opened) ::_exit(4);
      return new_.Seal(opened->span(), path);
    };
    (void)(*store)->ResealResources(old_check, reseal, AsBytes("never stored"),
                                    {"veil-trustee rotate-kek", "kek.rotate", "", {}});
    ::_exit(5);  // the rotation finished: the test did not crash it
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0) << "the child did not die half way through the rotation";

  auto store = Open();
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Opened(*store, old_, "default/key/s" + std::to_string(i)),
              "secret number " + std::to_string(i));
  }
  EXPECT_EQ(store->GetKeyCheck().value().value(), old_check);
  EXPECT_TRUE(CheckKeyEncryptionKey(*store, old_, "old"));
  const auto entries = ReadAllAudit(*store).value();
  EXPECT_EQ(entries.size(), 5u);
  EXPECT_TRUE(audit::VerifyAuditChain(entries).intact);

  // And the rotation, run again, completes.
  auto rotated = RotateKeyEncryptionKey(*store, old_, new_, "veil-trustee rotate-kek");
  ASSERT_TRUE(rotated) << rotated.error().ToString();
  EXPECT_EQ(*rotated, 5u);
  EXPECT_EQ(Opened(*store, new_, "default/key/s4"), "secret number 4");
}

}  // namespace
}  // namespace veil::trustee
