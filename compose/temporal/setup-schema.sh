#!/bin/sh
# Creates Temporal's two databases in PostgreSQL and brings their schemas to the version this
# admin-tools image ships. Every step is idempotent (an existing database is kept, a schema that is
# already newer than 0.0 is not reset), so this runs on every `up`, and after an image upgrade it
# applies the new schema versions before the new server starts.
set -eu

host="${POSTGRES_SEEDS:-postgres}"
port="${DB_PORT:-5432}"

echo "waiting for PostgreSQL at $host:$port"
tries=0
until nc -z -w 2 "$host" "$port"; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "PostgreSQL at $host:$port did not open its port within 2 minutes" >&2
    exit 1
  fi
  sleep 2
done

# temporal-sql-tool reads the password from SQL_PASSWORD.
export SQL_PASSWORD="$POSTGRES_PWD"
schema_dir=/etc/temporal/schema/postgresql/v12
for db in temporal:temporal temporal_visibility:visibility; do
  name="${db%%:*}"
  schema="${db#*:}"
  echo "setting up database $name"
  temporal-sql-tool --plugin postgres12 --ep "$host" -p "$port" -u "$POSTGRES_USER" --db "$name" create
  temporal-sql-tool --plugin postgres12 --ep "$host" -p "$port" -u "$POSTGRES_USER" --db "$name" setup-schema -v 0.0
  temporal-sql-tool --plugin postgres12 --ep "$host" -p "$port" -u "$POSTGRES_USER" --db "$name" \
    update-schema -d "$schema_dir/$schema/versioned"
done
echo "Temporal's schema is up to date"
