#!/usr/bin/env bash
# Nightly backup: the database (pg_dump custom format) and uploaded media, each encrypted to the
# backup key's public half, kept BACKUP_KEEP_DAYS (default 14) days and then deleted.
#
# Why short-lived and encrypted: a backup keeps what the site has since deleted (withdrawn opt-in
# contacts, purged chat messages) and the physical row order the daily purge scrambles
# (docs/privacy.md). Fourteen days bounds how long a deletion takes to reach the backups too.
#
# Needs in the environment (KUULLUKSI_ENV_FILE): DATABASE_URL, MEDIA_ROOT, BACKUP_DIR,
# BACKUP_GPG_RECIPIENT (the key id; the private key is kept off the server).
set -euo pipefail
set -a
# shellcheck disable=SC1090
. "${KUULLUKSI_ENV_FILE:-/etc/kuulluksi/env}"
set +a
: "${BACKUP_DIR:?BACKUP_DIR is not set}" "${BACKUP_GPG_RECIPIENT:?BACKUP_GPG_RECIPIENT is not set}"
keep_days="${BACKUP_KEEP_DAYS:-14}"
stamp="$(date +%Y-%m-%d)"
umask 077
mkdir -p "$BACKUP_DIR"

encrypt() { gpg --batch --yes --trust-model always --encrypt --recipient "$BACKUP_GPG_RECIPIENT" --output "$1"; }

pg_dump --format=custom --no-owner "$DATABASE_URL" | encrypt "$BACKUP_DIR/kuulluksi-$stamp.dump.gpg"
tar -C "$MEDIA_ROOT" -cf - . | encrypt "$BACKUP_DIR/kuulluksi-media-$stamp.tar.gpg"
find "$BACKUP_DIR" -name 'kuulluksi-*.gpg' -mtime "+$keep_days" -delete
echo "backup $stamp written to $BACKUP_DIR"
