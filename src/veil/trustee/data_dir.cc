#include "veil/trustee/data_dir.h"

#include "veil/base/private_file.h"
#include "veil/store/sqlite/sqlite_store.h"

namespace veil::trustee {

std::array<std::filesystem::path, 5> PrivateDataFiles(const std::filesystem::path& dir) {
  const std::filesystem::path database = store::sqlite::SqliteStoreFile(dir);
  return {database, database.string() + "-wal", database.string() + "-shm", dir / kSigningKeyFile,
          dir / kKeyEncryptionKeyFile};
}

Status EnsureDataDir(const std::filesystem::path& dir) {
  auto checked = EnsurePrivateDirectory(dir);
  for (const std::filesystem::path& file : PrivateDataFiles(dir)) {
    if (!checked) break;
    checked = RequirePrivateFile(file);
    if (!checked && checked.error().code == ErrorCode::kNotFound) checked = {};
  }
  if (!checked) return Fail(std::move(checked).error().WithContext("data directory"));
  return {};
}

}  // namespace veil::trustee
