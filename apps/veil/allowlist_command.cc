#include "allowlist_command.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "veil/appraisal/ima/allowlist.h"
#include "veil/base/file.h"
#include "veil/crypto/digest.h"

namespace veil::cli {
namespace {

namespace fs = std::filesystem;
namespace aima = appraisal::ima;

constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxFileBytes = std::size_t{1} << 30;

struct BuildFlags {
  std::string dir;
  std::string output;
  std::vector<std::string> excludes;
};

// The path the measured system would show for `file` below `root`.
std::string MeasuredPath(const fs::path& root, const fs::path& file) {
  return "/" + file.lexically_relative(root).generic_string();
}

Status AddFile(const fs::path& file, const std::string& measured, aima::Allowlist& allowlist) {
  VEIL_ASSIGN_OR_RETURN(const Bytes bytes, ReadFileBytes(file, kMaxFileBytes));
  allowlist.digests[measured].push_back(
      {"sha256", crypto::Digest(crypto::DigestAlgorithm::kSha256, bytes)});
  return {};
}

Result<aima::Allowlist> Build(const BuildFlags& flags) {
  aima::Allowlist allowlist;
  for (const std::string& pattern : flags.excludes) {
    VEIL_ASSIGN_OR_RETURN(aima::PathGlob glob, aima::PathGlob::Parse(pattern));
    allowlist.excludes.push_back(std::move(glob));
  }
  const fs::path root = fs::path(flags.dir).lexically_normal();
  std::error_code ec;
  // directory_options::none: symbolic links to directories are not followed.
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it.depth() >= kMaxDepth) {
      return Fail(InvalidArgument(it->path().string() + ": deeper than " +
                                  std::to_string(kMaxDepth) + " directory levels"));
    }
    const fs::file_status status = it->symlink_status(ec);
    if (ec) break;
    if (!fs::is_regular_file(status)) continue;  // directories, symlinks, devices, sockets
    const std::string measured = MeasuredPath(root, it->path());
    if (allowlist.ExcludedBy(measured) != nullptr) continue;
    if (allowlist.digests.size() == aima::kMaxAllowlistPaths) {
      return Fail(InvalidArgument(flags.dir + ": more than " +
                                  std::to_string(aima::kMaxAllowlistPaths) + " files"));
    }
    if (measured.size() > aima::kMaxAllowlistPathLength) {
      return Fail(InvalidArgument(it->path().string() + ": path longer than 4096 bytes"));
    }
    VEIL_TRY(AddFile(it->path(), measured, allowlist));
  }
  if (ec) return Fail(Unavailable(flags.dir + ": " + ec.message()));
  return allowlist;
}

int RunBuild(const BuildFlags& flags) {
  auto allowlist = Build(flags);
  if (!allowlist) {
    std::cerr << "veil allowlist build: " << allowlist.error().ToString() << "\n";
    return 2;
  }
  const std::string text = aima::SerializeAllowlist(*allowlist);
  if (flags.output.empty()) {
    std::cout << text;
    return 0;
  }
  std::ofstream file(flags.output, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) {
    std::cerr << "veil allowlist build: " << flags.output << ": cannot be written\n";
    return 2;
  }
  std::cerr << "veil allowlist build: " << allowlist->digests.size() << " files, "
            << allowlist->excludes.size() << " exclusions written to " << flags.output << "\n";
  return 0;
}

}  // namespace

void RegisterAllowlistCommands(CLI::App& app, int& exit_code) {
  CLI::App* allowlist =
      app.add_subcommand("allowlist", "IMA allowlists: build one from a reference file system");
  allowlist->require_subcommand(1);
  auto flags = std::make_shared<BuildFlags>();
  CLI::App* build = allowlist->add_subcommand(
      "build", "Hash every regular file below DIR (as `/`) into an IMA allowlist");
  build->add_option("DIR", flags->dir, "The reference root file system, e.g. a mounted image")
      ->required()
      ->check(CLI::ExistingDirectory);
  build->add_option("--output,-o", flags->output, "Write the allowlist here (default: stdout)");
  build->add_option("--exclude", flags->excludes,
                    "A path glob (fnmatch, '*' crosses '/') not to hash and to exclude from "
                    "appraisal, e.g. '/tmp/*'; repeatable");
  build->footer(
      "Paths are written as the measured system shows them: DIR/usr/bin/bash becomes\n"
      "/usr/bin/bash. Symbolic links are not followed; non-regular files are skipped.\n"
      "Exit status: 0 written, 2 usage error, unreadable file or directory, or a bound exceeded\n"
      "(64 levels, 2^20 files, 1 GiB per file).\n\n"
      "Example:\n  veil allowlist build /mnt/image --exclude '/var/log/*' -o allowlist.json");
  build->callback([flags, &exit_code] { exit_code = RunBuild(*flags); });
}

}  // namespace veil::cli
