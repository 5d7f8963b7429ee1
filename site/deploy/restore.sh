#!/usr/bin/env bash
# Restore a backup made by backup.sh into an EMPTY database and empty (or missing) media folders.
#
#   createdb -h HOST -U USER dtpc_restored
#   DATABASE_URL=postgres://USER@HOST:5432/dtpc_restored MEDIA_ROOT=/srv/dtpc/media \
#     PRIVATE_MEDIA_ROOT=/srv/dtpc/private site/deploy/restore.sh /srv/backups/dtpc/dtpc-20260101T020000Z
#
# Checks the checksums, restores the database in one transaction (nothing half-restored), unpacks the
# files. It refuses a database that already has tables and a media folder that has files, so it never
# mixes two sites. Afterwards: `python manage.py migrate` (when restoring into a newer release) and
# `python manage.py clean_orphan_files --delete` (finishes uploads whose move was cut short by the backup).
set -euo pipefail
umask 077

src=${1:?usage: restore.sh BACKUP_DIR}
: "${DATABASE_URL:?set DATABASE_URL to the empty database to restore into}"
: "${MEDIA_ROOT:?set MEDIA_ROOT}"
: "${PRIVATE_MEDIA_ROOT:?set PRIVATE_MEDIA_ROOT}"

(cd "$src" && sha256sum --check --quiet SHA256SUMS)

tables=$(psql --no-psqlrc --tuples-only --no-align --dbname="$DATABASE_URL" \
  --command="SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ]; then
  echo "restore.sh: the database already has $tables tables; restore into a new, empty database" >&2
  exit 1
fi
for folder in "$MEDIA_ROOT" "$PRIVATE_MEDIA_ROOT"; do
  if [ -d "$folder" ] && [ -n "$(ls -A "$folder")" ]; then
    echo "restore.sh: $folder is not empty; restore into an empty folder" >&2
    exit 1
  fi
done

pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$DATABASE_URL" \
  "$src/database.dump"
# A dump carries no planner statistics: gather them now rather than wait for autovacuum (off on some hosts).
psql --no-psqlrc --quiet --dbname="$DATABASE_URL" --command="ANALYZE"
mkdir -p "$MEDIA_ROOT" "$PRIVATE_MEDIA_ROOT"
tar --extract --gzip --file="$src/media.tar.gz" --directory="$MEDIA_ROOT"
tar --extract --gzip --file="$src/private-media.tar.gz" --directory="$PRIVATE_MEDIA_ROOT"
echo "Restored $src"
