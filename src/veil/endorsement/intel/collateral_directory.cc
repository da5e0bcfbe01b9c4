#include "veil/endorsement/intel/collateral_directory.h"

#include <algorithm>
#include <system_error>

#include "veil/base/file.h"
#include "veil/endorsement/intel/collateral_json.h"

namespace veil::endorsement::intel {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxFileSize = 4u << 20;  // real TCB Info and CRLs are tens of KiB

bool Exists(const fs::path& path) {
  std::error_code error;
  return fs::exists(path, error);
}

Result<std::vector<crypto::Certificate>> ReadChain(const fs::path& path) {
  VEIL_ASSIGN_OR_RETURN(const std::string pem, ReadFileText(path, kMaxFileSize));
  auto chain = crypto::Certificate::ChainFromPem(pem);
  if (!chain) return Fail(std::move(chain).error().WithContext(path.string()));
  return *std::move(chain);
}

Result<crypto::Crl> ReadCrl(const fs::path& path) {
  VEIL_ASSIGN_OR_RETURN(const Bytes der, ReadFileBytes(path, kMaxFileSize));
  auto crl = crypto::Crl::FromDer(der);
  if (!crl) return Fail(std::move(crl).error().WithContext(path.string()));
  return *std::move(crl);
}

// The *.json files of `directory` in name order (none when it does not exist).
Result<std::vector<fs::path>> JsonFiles(const fs::path& directory) {
  std::vector<fs::path> files;
  if (!Exists(directory)) return files;
  std::error_code error;
  for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
    if (it->path().extension() == ".json") files.push_back(it->path());
  }
  if (error) {
    return Fail(Unavailable("cannot list " + directory.string() + ": " + error.message()));
  }
  std::sort(files.begin(), files.end());
  return files;
}

Status LoadSignedItems(const fs::path& directory, Collateral& out) {
  VEIL_ASSIGN_OR_RETURN(const auto tcb_files, JsonFiles(directory / "tcbinfo"));
  VEIL_ASSIGN_OR_RETURN(const auto qe_files, JsonFiles(directory / "qeidentity"));
  if (tcb_files.empty() && qe_files.empty()) return {};
  VEIL_ASSIGN_OR_RETURN(const auto chain, ReadChain(directory / "tcb-signing-chain.pem"));
  for (const fs::path& file : tcb_files) {
    VEIL_ASSIGN_OR_RETURN(const std::string text, ReadFileText(file, kMaxFileSize));
    auto signed_json = SplitSignedJson(text, "tcbInfo");
    if (!signed_json) return Fail(std::move(signed_json).error().WithContext(file.string()));
    VEIL_TRY(AddTcbInfo(out, *std::move(signed_json), chain, file.string()));
  }
  for (const fs::path& file : qe_files) {
    VEIL_ASSIGN_OR_RETURN(const std::string text, ReadFileText(file, kMaxFileSize));
    auto signed_json = SplitSignedJson(text, "enclaveIdentity");
    if (!signed_json) return Fail(std::move(signed_json).error().WithContext(file.string()));
    VEIL_TRY(AddQeIdentity(out, *std::move(signed_json), chain, file.string()));
  }
  return {};
}

Status LoadPckCrl(const fs::path& directory, std::string_view ca, Collateral& out) {
  const fs::path crl_path = directory / ("pckcrl-" + std::string(ca) + ".der");
  if (!Exists(crl_path)) return {};
  VEIL_ASSIGN_OR_RETURN(crypto::Crl crl, ReadCrl(crl_path));
  std::vector<crypto::Certificate> chain;
  const fs::path chain_path = directory / ("pckcrl-" + std::string(ca) + "-issuer-chain.pem");
  if (Exists(chain_path)) {
    VEIL_ASSIGN_OR_RETURN(chain, ReadChain(chain_path));
  }
  VEIL_TRY(AddPckCrl(out, {std::move(crl), std::move(chain), crl_path.string()}));
  const bool filed_right =
      ca == "platform" ? out.pck_crl_platform.has_value() : out.pck_crl_processor.has_value();
  if (!filed_right) {
    return Fail(InvalidArgument(crl_path.string() + " is not issued by the PCK " + std::string(ca) +
                                " CA"));
  }
  return {};
}

Status LoadCrls(const fs::path& directory, Collateral& out) {
  VEIL_TRY(LoadPckCrl(directory, "platform", out));
  VEIL_TRY(LoadPckCrl(directory, "processor", out));
  const fs::path root_path = directory / "rootcrl.der";
  if (Exists(root_path)) {
    VEIL_ASSIGN_OR_RETURN(crypto::Crl crl, ReadCrl(root_path));
    out.root_ca_crl = IssuedCrl{std::move(crl), {}, root_path.string()};
  }
  return {};
}

}  // namespace

Result<Collateral> LoadCollateralDirectory(const fs::path& directory) {
  Collateral out;
  VEIL_TRY(LoadSignedItems(directory, out));
  VEIL_TRY(LoadCrls(directory, out));
  if (out.tcb_infos.empty() && out.qe_identities.empty() && !out.pck_crl_platform &&
      !out.pck_crl_processor && !out.root_ca_crl) {
    return Fail(NotFound(directory.string() + " holds no DCAP collateral (see "
                                              "docs/formats/dcap-collateral.md)"));
  }
  return out;
}

Result<Collateral> LoadCollateral(const fs::path& path) {
  std::error_code error;
  if (fs::is_directory(path, error)) return LoadCollateralDirectory(path);
  VEIL_ASSIGN_OR_RETURN(const std::string text, ReadFileText(path, kMaxFileSize));
  return ParseCollateralJson(text, path.string());
}

}  // namespace veil::endorsement::intel
