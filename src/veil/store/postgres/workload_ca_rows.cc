#include "veil/store/postgres/workload_ca_rows.h"

#include <nlohmann/json.hpp>

#include "veil/store/unix_time.h"

namespace veil::store::postgres {
namespace {

constexpr std::string_view kCaColumns =
    "SELECT id, certificate, sealed_key, created_at, retired_at, published_until FROM "
    "workload_cas ";
constexpr std::string_view kCertificateColumns =
    "SELECT serial, ca_id, tee_identity, names, not_before, not_after, attestation_digest, "
    "attestation_result, issued_at, revoked_at, revocation_reason FROM workload_certificates ";

Result<TimePoint> Time(const QueryResult& rows, int row, int column, std::string_view name) {
  VEIL_ASSIGN_OR_RETURN(std::int64_t seconds, rows.Int64(row, column, name));
  return FromUnixSeconds(seconds, name);
}

Result<std::optional<TimePoint>> OptionalTime(const QueryResult& rows, int row, int column,
                                              std::string_view name) {
  if (rows.IsNull(row, column)) return std::optional<TimePoint>();
  VEIL_ASSIGN_OR_RETURN(TimePoint time, Time(rows, row, column, name));
  return std::optional<TimePoint>(time);
}

Result<WorkloadCaRecord> DecodeCa(const QueryResult& rows, int row) {
  WorkloadCaRecord ca;
  ca.id = rows.Text(row, 0);
  ca.certificate = rows.Bytea(row, 1);
  ca.sealed_key = rows.Bytea(row, 2);
  VEIL_ASSIGN_OR_RETURN(ca.created_at, Time(rows, row, 3, "workload_cas.created_at"));
  VEIL_ASSIGN_OR_RETURN(ca.retired_at, OptionalTime(rows, row, 4, "workload_cas.retired_at"));
  VEIL_ASSIGN_OR_RETURN(ca.published_until,
                        OptionalTime(rows, row, 5, "workload_cas.published_until"));
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

Result<WorkloadCertificateRecord> DecodeCertificate(const QueryResult& rows, int row) {
  WorkloadCertificateRecord certificate;
  certificate.serial = rows.Text(row, 0);
  certificate.ca_id = rows.Text(row, 1);
  certificate.tee_identity = rows.Text(row, 2);
  VEIL_ASSIGN_OR_RETURN(certificate.names, DecodeNames(rows.Text(row, 3)));
  VEIL_ASSIGN_OR_RETURN(certificate.not_before,
                        Time(rows, row, 4, "workload_certificates.not_before"));
  VEIL_ASSIGN_OR_RETURN(certificate.not_after,
                        Time(rows, row, 5, "workload_certificates.not_after"));
  certificate.attestation_digest = rows.Text(row, 6);
  certificate.attestation_result = rows.Text(row, 7);
  VEIL_ASSIGN_OR_RETURN(certificate.issued_at,
                        Time(rows, row, 8, "workload_certificates.issued_at"));
  VEIL_ASSIGN_OR_RETURN(certificate.revoked_at,
                        OptionalTime(rows, row, 9, "workload_certificates.revoked_at"));
  if (!rows.IsNull(row, 10)) {
    auto reason = ParseRevocationReason(rows.Text(row, 10));
    if (!reason) {
      return Fail(Malformed("workload_certificates.revocation_reason: " + reason.error().message));
    }
    certificate.revocation_reason = *reason;
  }
  return certificate;
}

Result<std::optional<std::string>> CurrentCaId(Connection& connection) {
  VEIL_ASSIGN_OR_RETURN(QueryResult rows, connection.Execute("SELECT id FROM workload_cas WHERE "
                                                             "retired_at IS NULL FOR UPDATE"));
  if (rows.rows() == 0) return std::optional<std::string>();
  return std::optional<std::string>(rows.Text(0, 0));
}

Status InsertCa(Connection& connection, const WorkloadCaRecord& ca, std::int64_t now) {
  VEIL_TRY(connection.Execute(
      "INSERT INTO workload_cas (id, certificate, sealed_key, created_at) VALUES ($1, $2, $3, $4)",
      {Param::Text(ca.id), Param::Bytea(ca.certificate), Param::Bytea(ca.sealed_key),
       Param::Integer(now)}));
  return {};
}

Result<bool> Exists(Connection& connection, std::string_view sql, std::string_view value) {
  VEIL_ASSIGN_OR_RETURN(QueryResult rows, connection.Execute(sql, {Param::Text(value)}));
  return rows.rows() > 0;
}

}  // namespace

Result<std::vector<WorkloadCaRecord>> SelectWorkloadCaRows(Connection& connection) {
  VEIL_ASSIGN_OR_RETURN(
      QueryResult rows,
      connection.Execute(std::string(kCaColumns) +
                         "ORDER BY retired_at IS NOT NULL, retired_at DESC, created_at DESC, id"));
  std::vector<WorkloadCaRecord> cas;
  for (int row = 0; row < rows.rows(); ++row) {
    VEIL_ASSIGN_OR_RETURN(WorkloadCaRecord ca, DecodeCa(rows, row));
    cas.push_back(std::move(ca));
  }
  return cas;
}

Result<bool> InsertWorkloadCaIfNoCurrent(Connection& connection, const WorkloadCaRecord& ca,
                                         std::int64_t now) {
  VEIL_ASSIGN_OR_RETURN(std::optional<std::string> current, CurrentCaId(connection));
  if (current) return false;
  VEIL_TRY(InsertCa(connection, ca, now));
  return true;
}

Status RotateWorkloadCaRows(Connection& connection, std::string_view expected_current_id,
                            std::int64_t old_published_until, const WorkloadCaRecord& next,
                            std::int64_t now) {
  VEIL_ASSIGN_OR_RETURN(std::optional<std::string> current, CurrentCaId(connection));
  if (!current || *current != expected_current_id) {
    return Fail(VerificationFailed("workload CA: expected " + std::string(expected_current_id) +
                                   " to be the current CA, found " +
                                   (current ? *current : std::string("none")) +
                                   " (another rotation ran first?)"));
  }
  VEIL_TRY(connection.Execute(
      "UPDATE workload_cas SET retired_at = $2, published_until = $3 WHERE id = $1",
      {Param::Text(expected_current_id), Param::Integer(now),
       Param::Integer(old_published_until)}));
  return InsertCa(connection, next, now);
}

Status ResealWorkloadCaKeys(Connection& connection, const Store::Resealer& reseal) {
  VEIL_ASSIGN_OR_RETURN(
      QueryResult rows,
      connection.Execute("SELECT id, sealed_key FROM workload_cas ORDER BY id FOR UPDATE"));
  for (int row = 0; row < rows.rows(); ++row) {
    const std::string id = rows.Text(row, 0);
    VEIL_ASSIGN_OR_RETURN(Bytes resealed, reseal(WorkloadCaKeySealedFor(id), rows.Bytea(row, 1)));
    if (resealed.empty())
      return Fail(InvalidArgument("workload CA " + id + ": expected a sealed key, got none"));
    VEIL_TRY(connection.Execute("UPDATE workload_cas SET sealed_key = $2 WHERE id = $1",
                                {Param::Text(id), Param::Bytea(resealed)}));
  }
  return {};
}

Status InsertWorkloadCertificateRow(Connection& connection,
                                    const WorkloadCertificateRecord& certificate,
                                    std::int64_t now) {
  VEIL_ASSIGN_OR_RETURN(bool taken,
                        Exists(connection, "SELECT 1 FROM workload_certificates WHERE serial = $1",
                               certificate.serial));
  if (taken) return Fail(InvalidArgument("serial " + certificate.serial + " is taken already"));
  VEIL_ASSIGN_OR_RETURN(bool known, Exists(connection, "SELECT 1 FROM workload_cas WHERE id = $1",
                                           certificate.ca_id));
  if (!known) return Fail(InvalidArgument("no workload CA " + certificate.ca_id));
  const std::string names = nlohmann::json(certificate.names).dump();
  VEIL_TRY(connection.Execute(
      "INSERT INTO workload_certificates (serial, ca_id, tee_identity, names, not_before, "
      "not_after, attestation_digest, attestation_result, issued_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      {Param::Text(certificate.serial), Param::Text(certificate.ca_id),
       Param::Text(certificate.tee_identity), Param::Text(names),
       Param::Integer(ToUnixSeconds(certificate.not_before)),
       Param::Integer(ToUnixSeconds(certificate.not_after)),
       Param::Text(certificate.attestation_digest), Param::Text(certificate.attestation_result),
       Param::Integer(now)}));
  return {};
}

Result<std::vector<WorkloadCertificateRecord>> SelectWorkloadCertificateRows(
    Connection& connection, std::string_view where, std::string_view value) {
  const std::string sql =
      std::string(kCertificateColumns) + std::string(where) + " ORDER BY issued_at, serial";
  auto rows =
      where.empty() ? connection.Execute(sql) : connection.Execute(sql, {Param::Text(value)});
  if (!rows) return Fail(std::move(rows).error());
  std::vector<WorkloadCertificateRecord> certificates;
  for (int row = 0; row < rows->rows(); ++row) {
    VEIL_ASSIGN_OR_RETURN(WorkloadCertificateRecord certificate, DecodeCertificate(*rows, row));
    certificates.push_back(std::move(certificate));
  }
  return certificates;
}

Result<std::vector<std::string>> RevokeWorkloadCertificateRows(Connection& connection,
                                                               const WorkloadRevocation& revocation,
                                                               std::int64_t now) {
  const bool by_serial = revocation.serial.has_value();
  const std::string& value = by_serial ? *revocation.serial : *revocation.tee_identity;
  VEIL_ASSIGN_OR_RETURN(
      std::vector<WorkloadCertificateRecord> matching,
      SelectWorkloadCertificateRows(
          connection, by_serial ? "WHERE serial = $1" : "WHERE tee_identity = $1", value));
  if (matching.empty()) {
    return Fail(NotFound(by_serial ? "no certificate has serial " + value
                                   : "no certificate was issued to " + value));
  }
  std::vector<std::string> revoked;
  for (const WorkloadCertificateRecord& certificate : matching) {
    if (certificate.revoked_at) continue;
    VEIL_TRY(connection.Execute(
        "UPDATE workload_certificates SET revoked_at = $2, revocation_reason = $3 "
        "WHERE serial = $1",
        {Param::Text(certificate.serial), Param::Integer(now),
         Param::Text(crypto::RevocationReasonName(revocation.reason))}));
    revoked.push_back(certificate.serial);
  }
  return revoked;
}

}  // namespace veil::store::postgres
