#!/usr/bin/env python3
"""Writes the seed corpora in fuzz/corpus/<target>/ from ../shared/fixtures and small handwritten
samples. Run from the repository root: python3 fuzz/corpus/make_seeds.py [FIXTURES_DIR].
Keys are generated afresh (the fuzzers use their own random keys, so no seed signature verifies:
the seeds give the decoders real shapes to start from). Needs python3-cryptography."""
import base64, hashlib, io, json, os, shutil, struct, subprocess, sys, tarfile

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

FIX = sys.argv[1] if len(sys.argv) > 1 else "../shared/fixtures"
OUT = "fuzz/corpus"


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def put(target, name, data):
    os.makedirs(f"{OUT}/{target}", exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(f"{OUT}/{target}/{name}", "wb") as f:
        f.write(data)


def fixture(path):
    with open(f"{FIX}/{path}", "rb") as f:
        return f.read()


REGO_CONSTRUCTS = r"""package veil.constructs
import future.keywords.every
import data.lists as l

deny contains msg if {
	some i, x in input.items; x.size > 10 * (2 + i) % 7
	msg := sprintf("item %d too big", [i])
}
owners[name] := count(ids) if {
	some name
	ids := {id | some id in input.owners[name]}
}
f(a, b) := a + -b if a != b
f(a, a) := 0
ok if every k, v in {"a": 1, "b": -2.5e3} { k != ""; v < 10 }
raw := `multi
line \u00e9 raw`
esc := "\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"
u := {1, 2} | {3} & set()
obj := {k: v | v := input.m[k]; not v == null}
neg := -input.x
"""


def jcs(obj):  # enough of RFC 8785 for these ASCII, integer-only objects
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sign_es256(key, header, payload):
    signing_input = b64u(jcs(header).encode()) + "." + b64u(payload)
    r, s = decode_dss_signature(key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256())))
    return signing_input + "." + b64u(r.to_bytes(32, "big") + s.to_bytes(32, "big"))


def sign_eddsa(key, header, payload):
    signing_input = b64u(jcs(header).encode()) + "." + b64u(payload)
    return signing_input + "." + b64u(key.sign(signing_input.encode()))


def ec_jwk(public):
    n = public.public_numbers()
    return {"kty": "EC", "crv": "P-256", "x": b64u(n.x.to_bytes(32, "big")),
            "y": b64u(n.y.to_bytes(32, "big"))}


ec_key = ec.generate_private_key(ec.SECP256R1())
ed_key = ed25519.Ed25519PrivateKey.generate()
rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
ed_x = ed_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
rsa_n = rsa_key.public_key().public_numbers().n
jwk_ec = ec_jwk(ec_key.public_key())
jwk_okp = {"kty": "OKP", "crv": "Ed25519", "x": b64u(ed_x)}
jwk_rsa = {"kty": "RSA", "n": b64u(rsa_n.to_bytes(256, "big")), "e": "AQAB"}

# --- SEV-SNP -------------------------------------------------------------------------------
reports = ["milan-gsg-report.bin", "milan-aws-vlek-report.bin", "milan-trustee-report.bin"]
for name in reports:
    put("snp_report_fuzzer", name, fixture(f"snp/{name}"))

# --- Intel TDX and SGX DCAP quotes (v4, v5 TD 1.0/1.5; v3), padded and unpadded ------------------
tdx_quotes = ["gtg-spr-quote-v4.dat", "trustee-quote-v4-50806f.dat", "gtg-quote-v5.dat",
              "trustee-quote-v5-90c06f.dat", "dq-quote-v4-b0c06f.dat", "gce-cos113-quote-v4.dat"]
for name in tdx_quotes:
    put("tdx_quote_fuzzer", name, fixture(f"tdx/{name}"))
put("tdx_quote_fuzzer", "azure-tdx-td-quote.bin", fixture("azure-cvm/tdx-td-quote.bin"))
for name in ["dq-sgx-quote-v3.dat", "trustee-occlum-quote-v3.dat"]:
    put("sgx_quote_fuzzer", name, fixture(f"sgx/{name}"))

# CoCo's JSON forms of them (evidence/tdx/coco_json.h, evidence/sgx/coco_json.h).
def coco_dcap(quote, **more):
    return json.dumps({"quote": base64.b64encode(quote).decode(), **more}, sort_keys=True)


put("dcap_coco_evidence_fuzzer", "tdx-evidence.json",
    coco_dcap(fixture("tdx/dq-quote-v4-b0c06f.dat"), cc_eventlog=None))
put("dcap_coco_evidence_fuzzer", "tdx-evidence-ccel.json",
    coco_dcap(fixture("tdx/gce-cos113-quote-v4.dat"),
              cc_eventlog=base64.b64encode(fixture("tdx/gce-cos113-ccel-eventlog.bin")[:1024]).decode()))
put("dcap_coco_evidence_fuzzer", "sgx-evidence.json", coco_dcap(fixture("sgx/dq-sgx-quote-v3.dat")))

VCEK = "63da758d-e664-4564-adc5-f4b93be8accd"
ASK = "4ab7b379-bbac-4fe4-a02f-05aef327c782"
ARK = "c0b406a4-a803-4952-9743-3fb6014cd0ae"


def guid(text):
    return bytes.fromhex(text.replace("-", ""))


def cert_table(certs):
    offset = 24 * (len(certs) + 1)
    headers, body = b"", b""
    for g, der in certs:
        headers += guid(g) + struct.pack("<II", offset + len(body), len(der))
        body += der
    return headers + bytes(24) + body


vcek = fixture("snp/milan-gsg-vcek.der")
pem = fixture("certs/amd/ask_ark_milan.pem").decode()
ders = [base64.b64decode("".join(block.split("-----")[2].split()))
        for block in pem.split("-----BEGIN CERTIFICATE-----")[1:]]
put("snp_cert_table_fuzzer", "vcek", cert_table([(VCEK, vcek)]))
put("snp_cert_table_fuzzer", "vcek-ask-ark", cert_table([(VCEK, vcek), (ASK, ders[0]), (ARK, ders[1])]))
put("snp_cert_table_fuzzer", "empty", bytes(24))
put("snp_coco_evidence_fuzzer", "snp-evidence.json", fixture("coco/snp-evidence.json"))
report = fixture("snp/milan-gsg-report.bin")
put("tsm_report_response_fuzzer", "ok", struct.pack("<II", 0, len(report)) + bytes(24) + report)
put("tsm_report_response_fuzzer", "invalid-param", struct.pack("<II", 0x16, 0) + bytes(24))

# --- TPM -----------------------------------------------------------------------------------
for bank in ["sha1", "sha256"]:
    put("tpm_attest_fuzzer", f"gce-{bank}.attest", fixture(f"tpm/gce-cos85-quote-{bank}.attest"))
    put("tpm_signature_fuzzer", f"gce-{bank}.sig", fixture(f"tpm/gce-cos85-quote-{bank}.sig"))
swtpm = json.loads(fixture("tpm/trustee-swtpm-evidence.json"))
put("tpm_attest_fuzzer", "swtpm.attest", base64.b64decode(swtpm["tpm_quote"]["message"]))
put("tpm_signature_fuzzer", "swtpm.sig", base64.b64decode(swtpm["tpm_quote"]["signature"]))
tpmt = fixture("tpm/gce-cos85-ak-pub.tpmt")
put("tpm_public_fuzzer", "gce-ak.tpmt", tpmt)
put("tpm_public_fuzzer", "gce-ak.tpm2b", struct.pack(">H", len(tpmt)) + tpmt)
put("tpm_public_fuzzer", "swtpm-ak.der", base64.b64decode(swtpm["ak_public"]))
# PCR files: a TPML_PCR_SELECTION (sha256: PCR 0, 1) then a file in each form.
selection = struct.pack(">IHB", 1, 0x000B, 3) + bytes([0x03, 0, 0])
put("tpm_pcr_file_fuzzer", "values", selection + bytes(range(32)) + bytes(range(32, 64)))
put("tpm_pcr_file_fuzzer", "json", selection + jcs({"sha256": {"0": "00" * 32, "1": "11" * 32}}).encode())
put("tpm_pcr_file_fuzzer", "coco-array", selection + json.dumps(swtpm["tpm_quote"]["pcrs"]).encode())
put("tpm_pcr_file_fuzzer", "pcr-list", "sha1:0,1+sha256:0,1,23")
# TCG event logs: a SHA-1-format log, crypto-agile logs with two and three banks.
for log in ("eventlogs/debian-10.bin", "eventlogs/arch-linux-workstation.bin", "gce-cos85-eventlog.bin"):
    put("tpm_eventlog_fuzzer", os.path.basename(log), fixture(f"tpm/{log}"))
# A TDX CCEL log area (MR indexes, SHA-384): its records and the first KiB of its 0xFF padding.
put("tpm_eventlog_fuzzer", "gce-cos113-ccel.bin", fixture("tdx/gce-cos113-ccel-eventlog.bin")[:18101 + 1024])
# IMA measurement lists (tests/data/ima): first byte 0 = ASCII form, 1 = binary form.
for name, form in (("list.ascii", b"\x00"), ("list.bin", b"\x01")):
    with open(f"tests/data/ima/{name}", "rb") as f:
        put("ima_list_fuzzer", name, form + f.read())

# --- CoCo evidence -------------------------------------------------------------------------
sample = jcs({"svn": "1", "report_data": base64.b64encode(bytes(64)).decode()})
put("sample_evidence_fuzzer", "sample.json", sample)
put("sample_evidence_fuzzer", "svn-number.json", '{"svn": 7, "report_data": "AQID"}')
put("tee_evidence_fuzzer", "snp-evidence.json", fixture("coco/snp-evidence.json"))
put("tee_evidence_fuzzer", "tpm-evidence.json", fixture("coco/tpm-evidence.json"))
put("tee_evidence_fuzzer", "swtpm-evidence.json", fixture("tpm/trustee-swtpm-evidence.json"))
put("tee_evidence_fuzzer", "sample.json", sample)

# --- KBS protocol and init-data ------------------------------------------------------------
for tee in ["snp", "tpm", "sample", "tdx"]:
    put("kbs_auth_fuzzer", tee, jcs({"version": "0.4.0", "tee": tee, "extra-params": ""}))
init_data = 'version = "0.1.0"\nalgorithm = "sha384"\n[data]\n"aa.toml" = \'\'\'\n[token_configs]\n\'\'\'\n"policy.rego" = """\npackage agent_policy\n"""\n'
put("init_data_fuzzer", "small.toml", init_data)
put("init_data_fuzzer", "sha256.toml", 'version = "0.1.0"\nalgorithm = "sha256"\n[data]\nkey = "value"\n')
put("init_data_fuzzer", "coco.toml", fixture("coco/init-data-with-policy.toml"))
import gzip
put("init_data_annotation_fuzzer", "coco", base64.b64encode(gzip.compress(fixture("coco/init-data-with-policy.toml"), mtime=0)))
put("init_data_annotation_fuzzer", "small", base64.b64encode(gzip.compress(init_data.encode(), mtime=0)))
with open("examples/kubernetes/shop/app.yaml", "rb") as f:
    put("pod_manifest_fuzzer", "shop.yaml", f.read())
with open("examples/kubernetes/shop/sealed/app.yaml", "rb") as f:
    put("pod_manifest_fuzzer", "shop-sealed.yaml", f.read())
put("pod_manifest_fuzzer", "pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: {a: 'b'}}\nspec:\n  containers:\n  - {name: c, image: x, args: [\"1\", '2', 3, ~, |\n      x]}\n---\napiVersion: batch/v1\nkind: CronJob\nspec: {jobTemplate: {spec: {template: {spec: {}}}}}\n")
attest = {"runtime-data": {"nonce": "abc=", "tee-pubkey": dict(jwk_ec, alg="ECDH-ES+A256KW")},
          "tee-evidence": {"primary_evidence": json.loads(sample), "additional_evidence": ""}}
put("kbs_attest_fuzzer", "sample", json.dumps(attest))
attest["init-data"] = {"format": "toml", "body": init_data}
attest["tee-evidence"]["primary_evidence"] = json.loads(fixture("coco/tpm-evidence.json"))
attest["runtime-data"]["tee-pubkey"] = dict(jwk_rsa, alg="RSA-OAEP-256")
put("kbs_attest_fuzzer", "tpm-init-data", json.dumps(attest))

# --- JSON and JOSE -------------------------------------------------------------------------
put("json_fuzzer", "object", '{"b": [1, 2.5, -0, 1e21, true, null], "a": "\\u00e9\\ud83d\\ude00", "c": {}}')
put("json_fuzzer", "numbers", "[0.1, 1e-7, 123456789012345, -9007199254740991, 5e-324, 1.7976931348623157e308]")
put("json_fuzzer", "token-claims", fixture("coco/example-token-claims.json"))
claims = {"iat": 1735689600, "exp": 1735689900, "nbf": 1735689600, "jti": "a1", "sub": "x"}
put("jws_fuzzer", "es256", sign_es256(ec_key, {"alg": "ES256", "kid": "k1"}, b"payload"))
put("jws_fuzzer", "eddsa", sign_eddsa(ed_key, {"alg": "EdDSA", "jwk": jwk_okp}, b"{}"))
put("jws_fuzzer", "none", b64u(b'{"alg":"none"}') + "." + b64u(b"x") + ".")
put("jwt_fuzzer", "eddsa", sign_eddsa(ed_key, {"alg": "EdDSA", "typ": "JWT"}, jcs(claims).encode()))
put("jwt_fuzzer", "es256", sign_es256(ec_key, {"alg": "ES256", "typ": "JWT"}, jcs(claims).encode()))
ear = json.loads(fixture("coco/example-token-claims.json"))
put("ear_token_fuzzer", "coco-example", sign_es256(ec_key, {"alg": "ES256", "typ": "JWT"}, jcs(ear).encode()))
veil_ear = {"eat_profile": "tag:github.com,2023:veraison/ear", "iat": 1735689600, "exp": 1735689900,
            "jti": "t1", "ear.verifier-id": {"developer": "veil", "build": "1"},
            "submods": {"cpu0": {"ear.status": "affirming", "ear.trustworthiness-vector":
                                 {"instance-identity": 0, "configuration": 2, "executables": 2,
                                  "file-system": 0, "hardware": 2, "runtime-opaque": 0,
                                  "storage-opaque": 0, "sourced-data": 0},
                                 "ear.appraisal-policy-id": "default",
                                 "veil.denial-reasons": ["rule r: claim c expected 1, found 2"]}}}
put("ear_token_fuzzer", "veil", sign_eddsa(ed_key, {"alg": "EdDSA", "typ": "JWT"}, jcs(veil_ear).encode()))
# Passport tokens: named by kid, by a header jwk, by an x5c chain (a fixture certificate, so the
# chain decodes but leads nowhere); and a JWKS document mixing usable and unusable keys.
coco_ear = {"eat_profile": "tag:github.com,2024:confidential-containers/Trustee", "iat": 1790000000,
            "exp": 1790000300, "iss": "CoCo-Attestation-Service", "submods": veil_ear["submods"]}
put("passport_token_fuzzer", "kid", sign_es256(ec_key, {"alg": "ES256", "kid": "as-1"}, jcs(coco_ear).encode()))
put("passport_token_fuzzer", "jwk", sign_es256(ec_key, {"alg": "ES256", "typ": "JWT", "jwk": dict(jwk_ec, alg="ES256")},
                                               jcs(coco_ear).encode()))
vcek_der = base64.b64encode(fixture("snp/milan-gsg-vcek.der")).decode()
put("passport_token_fuzzer", "x5c", sign_es256(ec_key, {"alg": "ES256", "x5c": [vcek_der]}, jcs(coco_ear).encode()))
put("passport_token_fuzzer", "jwks", jcs({"keys": [dict(jwk_ec, kid="as-1", use="sig"), dict(jwk_okp, use="enc"),
                                                   {"kty": "oct", "k": "c2VjcmV0"}]}))
put("jwk_fuzzer", "ec", jcs(jwk_ec))
put("jwk_fuzzer", "okp", jcs(jwk_okp))
put("jwk_fuzzer", "rsa", jcs(dict(jwk_rsa, kid="r1", use="enc")))
epk = ec_jwk(ec.generate_private_key(ec.SECP256R1()).public_key())
for name, header, key_len in [("ecdh", {"alg": "ECDH-ES+A256KW", "enc": "A256GCM", "epk": epk}, 40),
                              ("rsa-oaep", {"alg": "RSA-OAEP-256", "enc": "A256GCM"}, 256)]:
    put("jwe_fuzzer", name, jcs({"protected": b64u(jcs(header).encode()),
                                 "encrypted_key": b64u(os.urandom(key_len)), "iv": b64u(os.urandom(12)),
                                 "ciphertext": b64u(b"secret"), "tag": b64u(os.urandom(16))}))

# --- Policies, configuration, admin API ----------------------------------------------------
src = open("src/veil/policy/default_policies.cc").read()
texts = [part.split(')"')[0] for part in src.split('R"(')[1:]]
attestation_policy, resource_policy = texts[0], texts[1]
put("attestation_policy_fuzzer", "default.yaml", attestation_policy)
put("attestation_policy_fuzzer", "tpm.json", jcs({"id": "tpm", "rules": [
    {"name": "ak", "tee": ["tpm"], "claim": "ak", "check": {"in_reference": "tpm.ak", "absent_reference": "pass"},
     "pass": {"instance-identity": 2}, "fail": {"instance-identity": 97}},
    {"name": "tcb", "claim": "reported_tcb.snp", "check": {"min": 9}},
    {"name": "one", "claim": "svn", "check": {"one_of": ["1", 2, True]}}]}))
put("resource_policy_fuzzer", "default.yaml", resource_policy)
put("resource_policy_fuzzer", "globs.yaml", 'id: p\nrules:\n  - name: web\n    resource: "prod/*/w?b"\n    allow_if:\n      - {claim: status, equals: affirming}\n      - {claim: tee, one_of: [snp, tdx]}\n      - {claim: claims.measurement, in_reference: web, absent_reference: fail}\n  - resource: "**"\n    allow_if: []\ndefault: allow\n')
refvals = [{"name": "snp.measurement", "values": ["7a1e5c26"], "expires": "2027-01-01T00:00:00Z",
            "provenance": "ci build 1842"}, {"name": "tpm.ak", "values": ["5d2a", 3, False]},
           {"name": "web", "values": ["7a1e5c26", "9c02"]}]
put("reference_values_fuzzer", "docs.json", json.dumps(refvals))
put("reference_values_fuzzer", "docs.yaml", "- name: snp.measurement\n  values: [7a1e5c26]\n  expires: 2027-01-01T00:00:00Z\n- name: web\n  values: ['1', 2]\n")
for name, text in [("attestation.yaml", attestation_policy), ("resource.yaml", resource_policy),
                   ("refvals.json", json.dumps(refvals)), ("anchors.yaml", "a: &x [1, {b: c}]\nd: *x\ne: |\n  text\nf: !!str 1\n"),
                   ("flow.json", '{"a": [1, "x", null, {"b": false}]}')]:
    put("policy_document_fuzzer", name, text)
for name, text in [("attestation", {"policy": b64u(attestation_policy.encode())}),
                   ("resource-base64", {"policy": base64.b64encode(resource_policy.encode()).decode()}),
                   ("refval", refvals[0]), ("refval-min", {"name": "tpm.pcrs.sha256.23", "values": ["00" * 32]})]:
    put("admin_bodies_fuzzer", name, jcs(text))
# What kbs-client sends: set-attestation-policy's body, set-sample-reference-value's RVPS message
# (serde_json order: members sorted), and a Rego document under "policy".
put("admin_bodies_fuzzer", "kbs-client-attestation-policy",
    json.dumps({"type": "rego", "policy_id": "default_cpu", "policy": b64u(attestation_policy.encode())},
               separators=(",", ":")))
put("admin_bodies_fuzzer", "rvps-sample",
    jcs({"payload": base64.b64encode(jcs({"sample.svn": ["1", 2, True], "web": "7a1e"}).encode()).decode(),
         "type": "sample", "version": "0.1.0"}))
put("admin_bodies_fuzzer", "rego-policy",
    jcs({"policy": b64u(b"# comment\npackage policy\n\ndefault allow = false\n")}))
admin_claims = {"iat": 1735689590, "exp": 1735689800, "jti": "0123456789abcdef"}
put("admin_auth_fuzzer", "eddsa", "Bearer " + sign_eddsa(ed_key, {"alg": "EdDSA", "typ": "JWT"}, jcs(admin_claims).encode()))
put("admin_auth_fuzzer", "es256", "Bearer " + sign_es256(ec_key, {"alg": "ES256", "typ": "JWT"}, jcs(admin_claims).encode()))

# Rego: the trustee's own policies (shared/fixtures/rego, Apache-2.0) and the constructs they lack.
for name in sorted(os.listdir(f"{FIX}/rego/trustee")):
    put("rego_parser_fuzzer", name, fixture(f"rego/trustee/{name}"))
put("rego_parser_fuzzer", "constructs.rego", REGO_CONSTRUCTS)


def toml_block(doc, n):
    return doc.split("```toml\n")[n].split("```")[0]


put("trustee_config_fuzzer", "docs.toml", toml_block(open("docs/trustee-config.md").read(), 1))
put("trustee_config_fuzzer", "minimal.toml", '[server]\nlisten = "[::1]:0"\n[storage]\ndata_dir = "/var/lib/veil"\n')
agent_doc = open("docs/agent-config.md").read()
put("agent_config_fuzzer", "docs.toml", toml_block(agent_doc, 1))
put("agent_config_fuzzer", "minimal.toml", '[trustee]\nurl = "http://127.0.0.1:8080"\n[tee]\nkind = "sample"\n')

# --- Payload, tar, HTTP, protocol ----------------------------------------------------------
header = jcs({"alg": "A256GCM", "key_resource": "demo/key/app", "nonce": b64u(bytes(12)),
              "plaintext_size": 5, "version": 1})
put("payload_fuzzer", "header.json", header)
put("payload_fuzzer", "payload.veil", b"VEILPLD1" + struct.pack(">I", len(header)) + header.encode() + b"hello" + bytes(16))


def tar_bytes(fmt, entries):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=fmt) as archive:
        for name, data in entries:
            info = tarfile.TarInfo(name)
            if data is None:
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                archive.addfile(info)
            else:
                info.size, info.mode = len(data), 0o644
                archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


put("tar_reader_fuzzer", "ustar.tar", tar_bytes(tarfile.USTAR_FORMAT, [("./", None), ("run.sh", b"#!/bin/sh\necho hi\n")]))
put("tar_reader_fuzzer", "gnu-longname.tar", tar_bytes(tarfile.GNU_FORMAT, [("d/" + "n" * 120, b"x")]))
put("tar_reader_fuzzer", "pax.tar", tar_bytes(tarfile.PAX_FORMAT, [("p/" + "\u00e9" * 60, b"y" * 600)]))
put("tar_reader_fuzzer", "pax-records", "20 path=a/b/c.txt\n11 size=5\n")
put("http_request_fuzzer", "get", "GET /kbs/v0/resource/a/b/c?x=1 HTTP/1.1\r\nHost: t\r\nCookie: kbs-session-id=abc\r\nUser-Agent: u\r\n\r\n")
put("http_request_fuzzer", "post-pipelined", "POST /kbs/v0/auth HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 42\r\n\r\n"
    + jcs({"version": "0.4.0", "tee": "snp", "x": "y"})[:42] + "GET /metrics HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
put("http_request_fuzzer", "chunked", "POST /kbs/v0/attest HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n5\r\nhello\r\n0\r\nTrailer: x\r\n\r\n")
put("http_request_fuzzer", "http10-head", "HEAD / HTTP/1.0\r\n\r\n")
for name, text in [("path", "repo/type/tag"), ("uri", "kbs:///prod/key/web"), ("tee", "snp")]:
    put("protocol_fuzzer", name, text)
vault = lambda uri: json.dumps({"version": "0.1.0", "type": "vault", "name": uri, "provider": "kbs",
                                "provider_settings": {}, "annotations": {}}, separators=(",", ":")).encode()
put("sealed_secret_fuzzer", "unsigned", "sealed.fakejwsheader." + b64u(vault("kbs:///default/db/password")) + ".fakesignature")
put("sealed_secret_fuzzer", "signed", "sealed." + sign_es256(ec_key, {"alg": "ES256", "kid": "kbs:///default/signing-key/pub"}, vault("kbs:///a/b/c")))
envelope = {"version": "0.1.0", "type": "envelope", "key_id": "k", "encrypted_key": "ZQ==", "encrypted_data": "ZA==",
            "wrap_type": "A256GCM", "iv": "aQ==", "provider": "aliyun", "provider_settings": {"a": 1}, "annotations": {}}
put("sealed_secret_fuzzer", "envelope", "sealed.fakejwsheader." + b64u(json.dumps(envelope).encode()) + ".fakesignature")
