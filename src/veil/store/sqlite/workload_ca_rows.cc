#include "veil/store/sqlite/workload_ca_rows.h"

#include <nlohmann/json.hpp>

#include "veil/store/unix_time.h"

namespace veil::store::sqlite {
namespace {

constexpr std::string_view kCaColumns =
    "SELECT id, certificate, sealed_key, created_at, retired_at, published_until FROM "
    "workload_cas ";
constexpr std::string_view kCertificateColumns =
    "SELECT serial, ca_id, tee_identity, names, not_before, not_after, attestation_digest, "
    "attestation_result, issued_at, revoked_at, revocation_reason FROM workload_certificates ";

Result<std::optional<TimePoint>> OptionalTime(const Statement& row, int column,
                                              std::string_view name) {
  if (row.IsNull(column)) return std::optional<TimePoint>();
  VEIL_ASSIGN_OR_RETURN(TimePoint time, FromUnixSeconds(row.Int64(column), name));
  return std::optional<TimePoint>(time);
}

Result<WorkloadCaRecord> DecodeCa(const Statement& row) {
  WorkloadCaRecord ca;
  ca.id = row.Text(0);
  ca.certificate = row.Blob(1);
  ca.sealed_key = row.Blob(2);
  VEIL_ASSIGN_OR_RETURN(ca.created_at, FromUnixSeconds(row.Int64(3), "workload_cas.created_at"));
  VEIL_ASSIGN_OR_RETURN(ca.retired_at, OptionalTime(row, 4, "workload_cas.retired_at"));
  VEIL_ASSIGN_OR_RETURN(ca.published_until, OptionalTime(row, 5, "workload_cas.published_until"));
  return ca;
}

Result<std::vector<std::string>> DecodeNames(const std::string& text) {
  const nlohmann::json names = nlohmann::json::parse(text, nullptr, false);
  if (!names.is_array())
    return Fail(Malformed("workload_certificates.names: expected a JSON array"));
  std::vector<std::string> decoded;
  for (const nlohmann::json& name : names) {
    if (!name.is_string())
      return Fail(Malformed("workload_certificates.names: expected strings only"));
    decoded.push_back(name.get<std::string>());
  }
  return decoded;
}

Result<WorkloadCertificateRecord> DecodeCertificate(const Statement& row) {
  WorkloadCertificateRecord certificate;
  certificate.serial = row.Text(0);
  certificate.ca_id = row.Text(1);
  certificate.tee_identity = row.Text(2);
  VEIL_ASSIGN_OR_RETURN(certificate.names, DecodeNames(row.Text(3)));
  VEIL_ASSIGN_OR_RETURN(certificate.not_before,
                        FromUnixSeconds(row.Int64(4), "workload_certificates.not_before"));
  VEIL_ASSIGN_OR_RETURN(certificate.not_after,
                        FromUnixSeconds(row.Int64(5), "workload_certificates.not_after"));
  certificate.attestation_digest = row.Text(6);
  certificate.attestation_result = row.Text(7);
  VEIL_ASSIGN_OR_RETURN(certificate.issued_at,
                        FromUnixSeconds(row.Int64(8), "workload_certificates.issued_at"));
  VEIL_ASSIGN_OR_RETURN(certificate.revoked_at,
                        OptionalTime(row, 9, "workload_certificates.revoked_at"));
  if (!row.IsNull(10)) {
    auto reason = ParseRevocationReason(row.Text(10));
    if (!reason)
      return Fail(Malformed("workload_certificates.revocation_reason: " + reason.error().message));
    certificate.revocation_reason = *reason;
  }
  return certificate;
}

Result<std::optional<std::string>> CurrentCaId(Database& db) {
  VEIL_ASSIGN_OR_RETURN(Statement statement,
                        db.Prepare("SELECT id FROM workload_cas WHERE retired_at IS NULL"));
  VEIL_ASSIGN_OR_RETURN(bool row, statement.Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(statement.Text(0));
}

Status InsertCa(Database& db, const WorkloadCaRecord& ca, std::int64_t now) {
  VEIL_ASSIGN_OR_RETURN(
      Statement statement,
      db.Prepare("INSERT INTO workload_cas (id, certificate, sealed_key, created_at) "
                 "VALUES (?1, ?2, ?3, ?4)"));
  VEIL_TRY(statement.Bind(1, ca.id));
  VEIL_TRY(statement.Bind(2, ByteSpan(ca.certificate)));
  VEIL_TRY(statement.Bind(3, ByteSpan(ca.sealed_key)));
  VEIL_TRY(statement.Bind(4, now));
  return statement.Run();
}

Result<bool> Exists(Database& db, std::string_view sql, std::string_view value) {
  VEIL_ASSIGN_OR_RETURN(Statement statement, db.Prepare(sql));
  VEIL_TRY(statement.Bind(1, value));
  return statement.Step();
}

}  // namespace

Result<std::vector<WorkloadCaRecord>> SelectWorkloadCaRows(Database& db) {
  VEIL_ASSIGN_OR_RETURN(
      Statement statement,
      db.Prepare(std::string(kCaColumns) +
                 "ORDER BY retired_at IS NOT NULL, retired_at DESC, created_at DESC, id"));
  std::vector<WorkloadCaRecord> cas;
  while (true) {
    VEIL_ASSIGN_OR_RETURN(bool row, statement.Step());
    if (!row) return cas;
    VEIL_ASSIGN_OR_RETURN(WorkloadCaRecord ca, DecodeCa(statement));
    cas.push_back(std::move(ca));
  }
}

Result<bool> InsertWorkloadCaIfNoCurrent(Database& db, const WorkloadCaRecord& ca,
                                         std::int64_t now) {
  VEIL_ASSIGN_OR_RETURN(std::optional<std::string> current, CurrentCaId(db));
  if (current) return false;
  VEIL_TRY(InsertCa(db, ca, now));
  return true;
}

Status RotateWorkloadCaRows(Database& db, std::string_view expected_current_id,
                            std::int64_t old_published_until, const WorkloadCaRecord& next,
                            std::int64_t now) {
  VEIL_ASSIGN_OR_RETURN(std::optional<std::string> current, CurrentCaId(db));
  if (!current || *current != expected_current_id) {
    return Fail(VerificationFailed("workload CA: expected " + std::string(expected_current_id) +
                                   " to be the current CA, found " +
                                   (current ? *current : std::string("none")) +
                                   " (another rotation ran first?)"));
  }
  VEIL_ASSIGN_OR_RETURN(
      Statement retire,
      db.Prepare("UPDATE workload_cas SET retired_at = ?2, published_until = ?3 WHERE id = ?1"));
  VEIL_TRY(retire.Bind(1, expected_current_id));
  VEIL_TRY(retire.Bind(2, now));
  VEIL_TRY(retire.Bind(3, old_published_until));
  VEIL_TRY(retire.Run());
  return InsertCa(db, next, now);
}

Status ResealWorkloadCaKeys(Database& db, const Store::Resealer& reseal) {
  VEIL_ASSIGN_OR_RETURN(std::vector<WorkloadCaRecord> cas, SelectWorkloadCaRows(db));
  VEIL_ASSIGN_OR_RETURN(Statement update,
                        db.Prepare("UPDATE workload_cas SET sealed_key = ?2 WHERE id = ?1"));
  for (const WorkloadCaRecord& ca : cas) {
    VEIL_ASSIGN_OR_RETURN(Bytes resealed, reseal(WorkloadCaKeySealedFor(ca.id), ca.sealed_key));
    if (resealed.empty())
      return Fail(InvalidArgument("workload CA " + ca.id + ": expected a sealed key, got none"));
    update.Reset();
    VEIL_TRY(update.Bind(1, ca.id));
    VEIL_TRY(update.Bind(2, ByteSpan(resealed)));
    VEIL_TRY(update.Run());
  }
  return {};
}

Status InsertWorkloadCertificateRow(Database& db, const WorkloadCertificateRecord& certificate,
                                    std::int64_t now) {
  VEIL_ASSIGN_OR_RETURN(
      bool taken,
      Exists(db, "SELECT 1 FROM workload_certificates WHERE serial = ?1", certificate.serial));
  if (taken) return Fail(InvalidArgument("serial " + certificate.serial + " is taken already"));
  VEIL_ASSIGN_OR_RETURN(bool known,
                        Exists(db, "SELECT 1 FROM workload_cas WHERE id = ?1", certificate.ca_id));
  if (!known) return Fail(InvalidArgument("no workload CA " + certificate.ca_id));
  VEIL_ASSIGN_OR_RETURN(
      Statement statement,
      db.Prepare("INSERT INTO workload_certificates (serial, ca_id, tee_identity, names, "
                 "not_before, not_after, attestation_digest, attestation_result, issued_at) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
  VEIL_TRY(statement.Bind(1, certificate.serial));
  VEIL_TRY(statement.Bind(2, certificate.ca_id));
  VEIL_TRY(statement.Bind(3, certificate.tee_identity));
  VEIL_TRY(statement.Bind(4, nlohmann::json(certificate.names).dump()));
  VEIL_TRY(statement.Bind(5, ToUnixSeconds(certificate.not_before)));
  VEIL_TRY(statement.Bind(6, ToUnixSeconds(certificate.not_after)));
  VEIL_TRY(statement.Bind(7, certificate.attestation_digest));
  VEIL_TRY(statement.Bind(8, certificate.attestation_result));
  VEIL_TRY(statement.Bind(9, now));
  return statement.Run();
}

Result<std::vector<WorkloadCertificateRecord>> SelectWorkloadCertificateRows(
    Database& db, std::string_view where, std::string_view value) {
  VEIL_ASSIGN_OR_RETURN(Statement statement,
                        db.Prepare(std::string(kCertificateColumns) + std::string(where) +
                                   " ORDER BY issued_at, serial"));
  if (!where.empty()) VEIL_TRY(statement.Bind(1, value));
  std::vector<WorkloadCertificateRecord> certificates;
  while (true) {
    VEIL_ASSIGN_OR_RETURN(bool row, statement.Step());
    if (!row) return certificates;
    VEIL_ASSIGN_OR_RETURN(WorkloadCertificateRecord certificate, DecodeCertificate(statement));
    certificates.push_back(std::move(certificate));
  }
}

Result<std::vector<std::string>> RevokeWorkloadCertificateRows(Database& db,
                                                               const WorkloadRevocation& revocation,
                                                               std::int64_t now) {
  const bool by_serial = revocation.serial.has_value();
  const std::string& value = by_serial ? *revocation.serial : *revocation.tee_identity;
  VEIL_ASSIGN_OR_RETURN(
      std::vector<WorkloadCertificateRecord> matching,
      SelectWorkloadCertificateRows(db, by_serial ? "WHERE serial = ?1" : "WHERE tee_identity = ?1",
                                    value));
  if (matching.empty()) {
    return Fail(NotFound(by_serial ? "no certificate has serial " + value
                                   : "no certificate was issued to " + value));
  }
  VEIL_ASSIGN_OR_RETURN(Statement update,
                        db.Prepare("UPDATE workload_certificates SET revoked_at = ?2, "
                                   "revocation_reason = ?3 WHERE serial = ?1"));
  std::vector<std::string> revoked;
  for (const WorkloadCertificateRecord& certificate : matching) {
    if (certificate.revoked_at) continue;
    update.Reset();
    VEIL_TRY(update.Bind(1, certificate.serial));
    VEIL_TRY(update.Bind(2, now));
    VEIL_TRY(update.Bind(3, crypto::RevocationReasonName(revocation.reason)));
    VEIL_TRY(update.Run());
    revoked.push_back(certificate.serial);
  }
  return revoked;
}

}  // namespace veil::store::sqlite
