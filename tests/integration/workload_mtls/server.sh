#!/bin/sh
# The mTLS server workload: accepts one client that presents a certificate from the workload CA,
# answers it, then checks that the client's certificate names the expected peer.
set -e
out="$RESULTS/server.out"
echo "hello from the server" | openssl s_server -accept "$PORT" -naccept 1 \
  -verify_return_error -Verify 1 -cert "$VEIL_TLS_CERT" -key "$VEIL_TLS_KEY" \
  -CAfile "$VEIL_TLS_CA" > "$out" 2>&1
sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/p' "$out" > "$RESULTS/client.pem"
openssl x509 -in "$RESULTS/client.pem" -noout -ext subjectAltName > "$RESULTS/client.san"
grep -q "URI:$PEER$" "$RESULTS/client.san"
echo "server: the client is $PEER"
