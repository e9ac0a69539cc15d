#!/bin/sh
# Waits until the Temporal server answers, then creates the namespace Crawlyard uses unless it
# exists already. Crawlyard's api and workers start only after this has succeeded.
set -eu

address="${TEMPORAL_ADDRESS:-temporal:7233}"
namespace="${NAMESPACE:-default}"

# Temporal's own compose example resolves the service name to an IPv4 address before it calls the
# CLI, because the CLI has been seen to fail on the bare name; this does the same.
host="${address%:*}"
port="${address##*:}"
ip="$(getent ahosts "$host" | awk '$1 ~ /^[0-9.]+$/ { print $1; exit }')"
target="${ip:-$host}:$port"

echo "waiting for Temporal at $address ($target)"
tries=0
until temporal operator cluster health --address "$target" >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "Temporal at $address was not healthy within 2 minutes" >&2
    exit 1
  fi
  sleep 2
done

if temporal operator namespace describe --namespace "$namespace" --address "$target" >/dev/null 2>&1; then
  echo "namespace $namespace exists"
else
  temporal operator namespace create --namespace "$namespace" --address "$target"
  echo "created namespace $namespace"
fi
