#!/bin/sh
# The mTLS client workload: connects with its workload certificate (polling until the server
# listens), verifies the server's chain against the workload CA, sends it a line, and checks the
# server's name ($PEER).
set -e
out="$RESULTS/client.out"
i=0
until echo "hello from the client" | openssl s_client -connect "127.0.0.1:$PORT" \
    -verify_return_error -verify 1 -showcerts -cert "$VEIL_TLS_CERT" -key "$VEIL_TLS_KEY" \
    -CAfile "$VEIL_TLS_CA" > "$out" 2>&1; do
  i=$((i + 1))
  [ "$i" -lt 200 ] || { cat "$out"; exit 1; }
  sleep 0.1
done
sed -n '1,/-----END CERTIFICATE-----/p' "$out" | sed -n '/-----BEGIN CERTIFICATE-----/,$p' > "$RESULTS/server.pem"
openssl x509 -in "$RESULTS/server.pem" -noout -ext subjectAltName > "$RESULTS/server.san"
grep -q "URI:$PEER$" "$RESULTS/server.san"
echo "client: the server is $PEER"
