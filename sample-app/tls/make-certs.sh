#!/usr/bin/env bash
# Makes a laptop CA and one node certificate for the sample's tls profile (mutual TLS between nodes).
#   bash sample-app/tls/make-certs.sh [folder]     (default: the folder of this script)
# Writes ca.crt (the trust), node.crt and node.key (what every laptop node presents). EC P-256, 90 days,
# naming 127.0.0.1 and localhost (and whatever CLUSTER_TLS_EXTRA_SANS adds, e.g. "IP:127.0.2.1").
# Run it again to renew: nodes started with reload-on-update pick up the new files for their new
# connections without a restart.
set -euo pipefail
dir="${1:-$(cd "$(dirname "$0")" && pwd)}"
mkdir -p "$dir"
cd "$dir"
umask 077
if [ ! -f ca.key ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 365 \
    -subj "/CN=clusterboot-laptop-ca" -keyout ca.key -out ca.crt \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
fi
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=sample-node" \
  -keyout node.key.new -out node.csr 2>/dev/null
openssl x509 -req -in node.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 90 -out node.crt.new \
  -extfile <(printf 'subjectAltName=IP:127.0.0.1,DNS:localhost%s\nextendedKeyUsage=serverAuth,clientAuth\n' \
    "${CLUSTER_TLS_EXTRA_SANS:+,$CLUSTER_TLS_EXTRA_SANS}") 2>/dev/null
# Replaced in one step each, so that a running node never reads half a file.
mv -f node.key.new node.key
mv -f node.crt.new node.crt
rm -f node.csr ca.srl
echo "Wrote $dir/ca.crt, $dir/node.crt and $dir/node.key (valid until $(openssl x509 -enddate -noout -in node.crt | cut -d= -f2))"
