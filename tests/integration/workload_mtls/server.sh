#!/bin/sh
# The mTLS server workload: accepts one client that presents a certificate from the workload CA
# (-Verify 1 -verify_return_error), prints what it sends, then checks that the client's
# certificate names the expected peer ($PEER).
set -e
out="$RESULTS/server.out"
# s_server ends its session at the end of its standard input: give it one that never ends.
rm -f "$RESULTS/stdin"
mkfifo "$RESULTS/stdin"
exec 3<>"$RESULTS/stdin"
timeout 60 openssl s_server -accept "$PORT" -naccept 1 -verify_return_error -Verify 1 \
  -cert "$VEIL_TLS_CERT" -key "$VEIL_TLS_KEY" -CAfile "$VEIL_TLS_CA" <&3 > "$out" 2>&1
exec 3>&-
grep -q "hello from the client" "$out"
sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/p' "$out" > "$RESULTS/client.pem"
openssl x509 -in "$RESULTS/client.pem" -noout -ext subjectAltName > "$RESULTS/client.san"
grep -q "URI:$PEER$" "$RESULTS/client.san"
echo "server: the client is $PEER"
