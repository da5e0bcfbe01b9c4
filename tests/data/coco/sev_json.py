#!/usr/bin/env python3
"""Writes an SEV-SNP attestation report as CoCo's SNP attester sends it today.

CoCo's guest-components serialise the report with the `sev` crate's serde derive. Since sev 6.3
the fields a report version lacks are `Option`s and are written as JSON null: the CPUID fields
(added in report version 3) and the mitigation vectors (added in version 5). Every TCB_VERSION
carries "fmc", null unless the Turin layout is in use. Newtypes (policy, plat_info, key_info) are
plain integers; byte arrays are JSON arrays of numbers.

This script is deliberately independent of Veil's C++ writer, so that the parser is tested
against a second reading of the layout (SEV-SNP ABI, table "ATTESTATION_REPORT Structure").

usage: sev_json.py REPORT.bin [CERT_TYPE=CERT.der ...] > evidence.json
"""
import json
import struct
import sys


def u(data, offset, width):
    return int.from_bytes(data[offset:offset + width], "little")


def byte_list(data, offset, size):
    return list(data[offset:offset + size])


def is_turin(report):
    if u(report, 0, 4) >= 3:
        family = report[0x188]
        return family == 0x1A  # Turin and Venice use the Turin TCB_VERSION layout
    chip_id = report[0x1A0:0x1E0]
    return chip_id[8:] == bytes(56)


def tcb(report, offset):
    raw = report[offset:offset + 8]
    if is_turin(report):
        return {"fmc": raw[0], "bootloader": raw[1], "tee": raw[2], "snp": raw[3],
                "microcode": raw[7]}
    return {"fmc": None, "bootloader": raw[0], "tee": raw[1], "snp": raw[6], "microcode": raw[7]}


def version(report, offset):
    build, minor, major = report[offset], report[offset + 1], report[offset + 2]
    return {"major": major, "minor": minor, "build": build}


def report_json(report):
    assert len(report) == 0x4A0, "an ATTESTATION_REPORT is 1184 bytes"
    ver = u(report, 0, 4)
    has_cpuid = ver >= 3
    has_mit = ver >= 5
    return {
        "version": ver,
        "guest_svn": u(report, 0x004, 4),
        "policy": u(report, 0x008, 8),
        "family_id": byte_list(report, 0x010, 16),
        "image_id": byte_list(report, 0x020, 16),
        "vmpl": u(report, 0x030, 4),
        "sig_algo": u(report, 0x034, 4),
        "current_tcb": tcb(report, 0x038),
        "plat_info": u(report, 0x040, 8),
        "key_info": u(report, 0x048, 4),
        "report_data": byte_list(report, 0x050, 64),
        "measurement": byte_list(report, 0x090, 48),
        "host_data": byte_list(report, 0x0C0, 32),
        "id_key_digest": byte_list(report, 0x0E0, 48),
        "author_key_digest": byte_list(report, 0x110, 48),
        "report_id": byte_list(report, 0x140, 32),
        "report_id_ma": byte_list(report, 0x160, 32),
        "reported_tcb": tcb(report, 0x180),
        "cpuid_fam_id": report[0x188] if has_cpuid else None,
        "cpuid_mod_id": report[0x189] if has_cpuid else None,
        "cpuid_step": report[0x18A] if has_cpuid else None,
        "chip_id": byte_list(report, 0x1A0, 64),
        "committed_tcb": tcb(report, 0x1E0),
        "current": version(report, 0x1E8),
        "committed": version(report, 0x1EC),
        "launch_tcb": tcb(report, 0x1F0),
        "launch_mit_vector": u(report, 0x1F8, 8) if has_mit else None,
        "current_mit_vector": u(report, 0x200, 8) if has_mit else None,
        "signature": {"r": byte_list(report, 0x2A0, 72), "s": byte_list(report, 0x2E8, 72)},
    }


def main(argv):
    with open(argv[1], "rb") as f:
        report = f.read()
    chain = []
    for spec in argv[2:]:
        cert_type, path = spec.split("=", 1)
        with open(path, "rb") as f:
            chain.append({"cert_type": cert_type, "data": list(f.read())})
    evidence = {"attestation_report": report_json(report), "cert_chain": chain or None}
    json.dump(evidence, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)
