#!/usr/bin/env python3
"""Writes the IMA test data of tests/appraisal/ima and tests/evidence/ima, independently of Veil.

Run from the repository root: python3 tests/data/ima/generate.py. The file digests are SHA-256
(and SHA-1, for the `ima` template line) of files of this repository at authoring time, listed
under the paths a measured system would show; the template hashes and PCR 10 values follow the
kernel's rules (security/integrity/ima: ima_calc_field_array_hash_tfm, ima_add_template_entry):
  ima-ng/ima-sig template data: per field u32 LE length + data, d-ng = b"<alg>:\0" + digest,
  n-ng = path + b"\0", sig = signature bytes; `ima`: sha1 digest + path zero-padded to 256.
  PCR 10 (each bank) = H(PCR || H_bank(template data)); violations: template hash 0, extend 0xFF.
Outputs: list.ascii, list.bin (the same entries in the binary form), allowlist.json,
pcrs.json (quoted PCRs 0-10 after the whole list), pcrs-half.json (PCR 10 after the first HALF
entries, HALF written into it as "entries").
"""
import hashlib
import json
import os
import struct

OUT = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(OUT, "..", "..", ".."))

# (path as measured, repository file)
FILES = [
    ("/usr/bin/veil-agent", "src/veil/base/hex.cc"),
    ("/usr/lib/x86_64-linux-gnu/libveil_base.so", "src/veil/base/byte_reader.cc"),
    ("/usr/lib/systemd/systemd", "src/veil/base/file.cc"),
    ("/etc/veil/agent.toml", "README.md"),
    ("/usr/bin/bash", "src/veil/crypto/digest.cc"),
    ("/usr/sbin/sshd", "CMakeLists.txt"),
]
SIGNED = ("/usr/bin/kmod", "src/veil/base/error.cc")
UNSIGNED_SIG = ("/usr/bin/ls", "src/veil/base/base64.cc")
IMA_TEMPLATE = ("/sbin/init", "src/veil/base/rfc3339.cc")
EXCLUDED = ("/tmp/build-1234/conftest", "src/veil/base/log_safe.cc")
VIOLATION_PATH = "/var/log/journal/system.journal"


def file_digest(rel, alg):
    with open(os.path.join(REPO, rel), "rb") as f:
        return hashlib.new(alg, f.read()).digest()


def u32(n):
    return struct.pack("<I", n)


def ng_data(alg, digest, path, sig=None):
    d = alg.encode() + b":\0" + digest
    n = path.encode() + b"\0"
    out = u32(len(d)) + d + u32(len(n)) + n
    if sig is not None:
        out += u32(len(sig)) + sig
    return out


def ima_data(digest, path):
    return digest + path.encode().ljust(256, b"\0")


class Entry:
    def __init__(self, template, alg, digest, path, sig=None, violation=False):
        self.template, self.alg, self.digest, self.path, self.sig = template, alg, digest, path, sig
        self.violation = violation
        self.data = ima_data(digest, path) if template == "ima" else ng_data(alg, digest, path, sig)
        self.hash = b"\0" * 20 if violation else hashlib.sha1(self.data).digest()

    def ascii(self):
        if self.template == "ima":
            fields = [self.digest.hex(), self.path]
        else:
            fields = [self.alg + ":" + self.digest.hex(), self.path]
            if self.template == "ima-sig":
                fields.append(self.sig.hex())
        return "10 " + self.hash.hex() + " " + self.template + " " + " ".join(fields) + "\n"

    def binary(self):
        name = self.template.encode()
        out = u32(10) + self.hash + u32(len(name)) + name
        if self.template == "ima":
            return out + self.digest + u32(len(self.path)) + self.path.encode()
        return out + u32(len(self.data)) + self.data

    def extend(self, bank):
        size = hashlib.new(bank).digest_size
        if self.violation:
            return b"\xff" * size
        return hashlib.new(bank, self.data).digest()


def main():
    # Quoted PCRs 0-9: arbitrary but fixed values, as firmware and the boot loader would leave.
    pcrs = {bank: {i: hashlib.new(bank, b"veil test pcr %d" % i).digest() for i in range(10)}
            for bank in ("sha1", "sha256")}
    boot_aggregate = hashlib.sha256(b"".join(pcrs["sha256"][i] for i in range(10))).digest()

    entries = [Entry("ima-ng", "sha256", boot_aggregate, "boot_aggregate")]
    for path, rel in FILES[:3]:
        entries.append(Entry("ima-ng", "sha256", file_digest(rel, "sha256"), path))
    # A signature as evmctl writes it: xattr type 3, version 2, sha256 (4), key id, size, bytes.
    fake_sig = bytes([3, 2, 4]) + bytes.fromhex("a1b2c3d4") + struct.pack(">H", 8) + b"\x5a" * 8
    entries.append(Entry("ima-sig", "sha256", file_digest(SIGNED[1], "sha256"), SIGNED[0], fake_sig))
    entries.append(Entry("ima-sig", "sha256", file_digest(UNSIGNED_SIG[1], "sha256"),
                         UNSIGNED_SIG[0], b""))
    entries.append(Entry("ima", "sha1", file_digest(IMA_TEMPLATE[1], "sha1"), IMA_TEMPLATE[0]))
    entries.append(Entry("ima-ng", "sha256", file_digest(EXCLUDED[1], "sha256"), EXCLUDED[0]))
    entries.append(Entry("ima-ng", "sha256", b"\0" * 20, VIOLATION_PATH, violation=True))
    for path, rel in FILES[3:]:
        entries.append(Entry("ima-ng", "sha256", file_digest(rel, "sha256"), path))

    with open(os.path.join(OUT, "list.ascii"), "w") as f:
        f.write("".join(e.ascii() for e in entries))
    with open(os.path.join(OUT, "list.bin"), "wb") as f:
        f.write(b"".join(e.binary() for e in entries))

    def pcr10(upto):
        values = {}
        for bank in ("sha1", "sha256"):
            v = b"\0" * hashlib.new(bank).digest_size
            for e in entries[:upto]:
                v = hashlib.new(bank, v + e.extend(bank)).digest()
            values[bank] = v
        return values

    def pcr_json(upto, with_boot_pcrs):
        out = {}
        for bank in ("sha1", "sha256"):
            out[bank] = {str(i): pcrs[bank][i].hex() for i in range(10)} if with_boot_pcrs else {}
            out[bank]["10"] = pcr10(upto)[bank].hex()
        return out

    half = len(entries) // 2
    with open(os.path.join(OUT, "pcrs.json"), "w") as f:
        json.dump(pcr_json(len(entries), True), f, indent=2)
        f.write("\n")
    with open(os.path.join(OUT, "pcrs-half.json"), "w") as f:
        doc = pcr_json(half, False)
        json.dump(doc, f, indent=2)
        f.write("\n")

    allowlist = {"version": 1, "digests": {}, "excludes": ["/tmp/*", "/var/log/*"]}
    for path, rel in FILES + [SIGNED, UNSIGNED_SIG]:
        allowlist["digests"][path] = ["sha256:" + file_digest(rel, "sha256").hex()]
    allowlist["digests"][IMA_TEMPLATE[0]] = ["sha1:" + file_digest(IMA_TEMPLATE[1], "sha1").hex(),
                                             "sha256:" + file_digest(IMA_TEMPLATE[1], "sha256").hex()]
    with open(os.path.join(OUT, "allowlist.json"), "w") as f:
        json.dump(allowlist, f, indent=2, sort_keys=True)
        f.write("\n")
    print("entries:", len(entries), "half:", half)


if __name__ == "__main__":
    main()
