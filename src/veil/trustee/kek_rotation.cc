#include "veil/trustee/kek_rotation.h"

#include <utility>

#include "veil/trustee/data_dir.h"
#include "veil/trustee/data_dir_lock.h"
#include "veil/trustee/key_check.h"
#include "veil/trustee/key_sources.h"
#include "veil/trustee/trustee_store.h"

namespace veil::trustee {

Result<std::size_t> RotateKeyEncryptionKey(store::Store& store, const kbs::SecretSealer& current,
                                           const kbs::SecretSealer& next, std::string actor) {
  VEIL_ASSIGN_OR_RETURN(const std::optional<Bytes> current_check, store.GetKeyCheck());
  if (!current_check) {
    return Fail(Internal("the store holds no key check value: check the current key first"));
  }
  if (KeyCheckMatches(next, *current_check)) {
    return Fail(InvalidArgument(
        "the new key-encryption key is the current one; generate a new key (e.g. `openssl rand "
        "-base64 32`)"));
  }
  VEIL_ASSIGN_OR_RETURN(const Bytes next_check, MakeKeyCheck(next));
  std::size_t count = 0;
  // Resources and workload CA keys alike: each is sealed for its own associated data.
  const store::Store::Resealer reseal = [&](std::string_view sealed_for,
                                            ByteSpan sealed) -> Result<Bytes> {
    auto opened = current.Open(sealed, sealed_for);
    if (!opened) return Fail(std::move(opened).error());
    ++count;
    return next.Seal(opened->span(), sealed_for);
  };
  // The entry is written before the transaction knows its count: it records the number of secrets
  // listed just before, which is the number resealed when the trustees are stopped, as they must.
  VEIL_ASSIGN_OR_RETURN(const std::vector<store::ResourceInfo> listed, store.ListResources());
  VEIL_ASSIGN_OR_RETURN(const std::vector<store::WorkloadCaRecord> cas, store.ListWorkloadCas());
  const audit::AuditEvent event{
      std::move(actor),
      std::string(kKekRotationAction),
      "",
      {{"secrets", listed.size() + cas.size()}, {"workload_ca_keys", cas.size()}}};
  VEIL_TRY(store.ResealResources(*current_check, reseal, next_check, event));
  return count;
}

Result<KekRotationReport> RotateStoredKeyEncryptionKey(const TrusteeConfig& config,
                                                       std::optional<std::string_view> environment,
                                                       const std::filesystem::path& new_kek_file,
                                                       const Clock& clock) {
  VEIL_TRY(EnsureDataDir(config.data_dir));
  VEIL_ASSIGN_OR_RETURN(const DataDirLock lock, DataDirLock::Acquire(config.data_dir));
  VEIL_ASSIGN_OR_RETURN(KeyEncryptionKey old_key, LoadKeyEncryptionKey(config, environment));
  VEIL_ASSIGN_OR_RETURN(KeyEncryptionKey new_key, LoadKeyEncryptionKeyFile(new_kek_file));
  KekRotationReport report{0, old_key.origin, new_key.origin};
  VEIL_ASSIGN_OR_RETURN(const kbs::SecretSealer current,
                        kbs::SecretSealer::Create(std::move(old_key.bytes)));
  VEIL_ASSIGN_OR_RETURN(const kbs::SecretSealer next,
                        kbs::SecretSealer::Create(std::move(new_key.bytes)));
  VEIL_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenTrusteeStore(config, clock));
  VEIL_TRY(CheckKeyEncryptionKey(*store, current, report.old_origin));
  VEIL_ASSIGN_OR_RETURN(report.secrets,
                        RotateKeyEncryptionKey(*store, current, next, "veil-trustee rotate-kek"));
  return report;
}

}  // namespace veil::trustee
