#!/usr/bin/env bash
# Prints the local profile's encryption key, the value of Honeytoken__Secrets__EncryptionKey:
# 32 random bytes in base64, generated on first use into <data folder>/encryption-key with
# mode 0600 and reused after that, because secrets stored with one key cannot be read with
# another.
#
# Settings (environment):
#   HONEYTOKEN_DATA_DIR   folder for local state (default: <repo>/.data)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data_dir="${HONEYTOKEN_DATA_DIR:-$repo_root/.data}"
key_file="$data_dir/encryption-key"

if [[ ! -f "$key_file" ]]; then
    mkdir -p "$data_dir"
    # Written under another name and renamed, so a reader never sees a partial key; umask
    # keeps the key unreadable to others from the first byte.
    (
        umask 077
        head -c 32 /dev/urandom | base64 > "$key_file.new"
        mv "$key_file.new" "$key_file"
    )
    echo "encryption-key.sh: generated a new encryption key in $key_file" >&2
fi

cat "$key_file"
