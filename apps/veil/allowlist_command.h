#pragma once
// `veil allowlist build DIR [--output FILE] [--exclude GLOB]...`: walks a reference file system
// (DIR standing for `/` of the measured system), hashes every regular file with SHA-256 and
// writes an IMA allowlist (docs/formats/ima-allowlist.md) to FILE or standard output. Symbolic
// links are neither followed nor listed (IMA measures the file a link resolves to, under that
// file's own path); other non-regular files are skipped; paths matching an --exclude glob are not
// hashed and the globs go into the allowlist's excludes. Bounded: at most 64 directory levels,
// 2^20 files, 1 GiB per file. Exit codes: 0 written; 2 usage error, unreadable directory or
// file, or a bound exceeded (the message names the path).

#include <CLI/CLI.hpp>

namespace veil::cli {

void RegisterAllowlistCommands(CLI::App& app, int& exit_code);

}  // namespace veil::cli
