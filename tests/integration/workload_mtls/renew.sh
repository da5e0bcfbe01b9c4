#!/bin/sh
# A workload that outlives its certificate's renewal point: it waits until the agent has replaced
# $VEIL_TLS_CERT, then checks the new certificate — the same key as $VEIL_TLS_KEY, and a chain to
# $VEIL_TLS_CA.
set -e
first=$(openssl x509 -in "$VEIL_TLS_CERT" -noout -serial)
i=0
while [ "$(openssl x509 -in "$VEIL_TLS_CERT" -noout -serial)" = "$first" ]; do
  i=$((i + 1))
  [ "$i" -lt 600 ] || { echo "the certificate was not renewed"; exit 1; }
  sleep 0.1
done
openssl verify -CAfile "$VEIL_TLS_CA" "$VEIL_TLS_CERT"
[ "$(openssl x509 -in "$VEIL_TLS_CERT" -noout -pubkey)" = "$(openssl pkey -in "$VEIL_TLS_KEY" -pubout)" ]
echo "renewed: $first -> $(openssl x509 -in "$VEIL_TLS_CERT" -noout -serial), same key"
