#pragma once
// The oldest TLS version a server accepts or a client offers. TLS 1.3 unless an operator opts into
// 1.2 for a peer that cannot do better; nothing older is ever spoken.

namespace veil::http {

enum class TlsMinVersion { kTls12, kTls13 };

}  // namespace veil::http
