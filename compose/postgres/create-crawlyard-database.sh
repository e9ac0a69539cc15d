#!/bin/sh
# Creates Crawlyard's own role and database. The postgres image runs the scripts in
# /docker-entrypoint-initdb.d once, on the first start with an empty data directory; later starts
# skip them, so changing the name or password in .env afterwards needs a fresh postgres-data volume
# (or an ALTER ROLE by hand).
set -eu

# psql's own variables (:"name" for identifiers, :'name' for literals) quote the values, so a
# password with quotes or spaces in it cannot break the statements.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  --set=db="$INIT_CRAWLYARD_DB" --set=user="$INIT_CRAWLYARD_USER" --set=password="$INIT_CRAWLYARD_PASSWORD" <<'SQL'
CREATE ROLE :"user" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"user";
SQL
echo "created database $INIT_CRAWLYARD_DB owned by $INIT_CRAWLYARD_USER"
