#!/usr/bin/env bash
# Back up the site: the PostgreSQL database and both media folders, into a new dated folder.
#
#   DATABASE_URL=postgres://… MEDIA_ROOT=/srv/dtpc/media PRIVATE_MEDIA_ROOT=/srv/dtpc/private \
#     site/deploy/backup.sh /srv/backups/dtpc
#
# Writes DEST/dtpc-YYYYMMDDTHHMMSSZ/ with database.dump (pg_dump, custom format), media.tar.gz,
# private-media.tar.gz and SHA256SUMS, and prints that folder. The database is dumped first, then the files:
# pg_dump reads one consistent snapshot, and files are only ever added after it (a purge removes some, so do
# not run this while erase_objection_personal_data or clean_orphan_files --delete run). Files newer than the
# dump are harmless orphans after a restore. The app keeps serving meanwhile. See site/deploy/BACKUP.md.
set -euo pipefail
umask 077  # the dump and the private files hold personal data

dest=${1:?usage: backup.sh DEST_DIR}
: "${DATABASE_URL:?set DATABASE_URL=postgres://user@host:port/dbname}"
: "${MEDIA_ROOT:?set MEDIA_ROOT (public uploads)}"
: "${PRIVATE_MEDIA_ROOT:?set PRIVATE_MEDIA_ROOT (submission attachments)}"

out="$dest/dtpc-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"

pg_dump --format=custom --no-owner --no-privileges --file="$out/database.dump" --dbname="$DATABASE_URL"

archive() {  # archive FOLDER NAME: the folder's contents (an empty archive when it does not exist yet)
  if [ -d "$1" ]; then
    tar --create --gzip --file="$out/$2" --directory="$1" .
  else
    tar --create --gzip --file="$out/$2" --files-from=/dev/null
  fi
}
archive "$MEDIA_ROOT" media.tar.gz
archive "$PRIVATE_MEDIA_ROOT" private-media.tar.gz

(cd "$out" && sha256sum database.dump media.tar.gz private-media.tar.gz >SHA256SUMS)
echo "$out"
