#!/usr/bin/env bash
# Runs a command where a real Secret Service (the OS keychain on Linux) answers, for the tests that
# store keys in it (DESIGN §7):
#   scripts/with-keyring.sh node --test test/integration/…
# Inside a session whose Secret Service is already running, the command runs as it is. Otherwise it
# runs in a private D-Bus session with its own gnome-keyring-daemon, unlocked with a random password,
# under a temporary HOME (and XDG folders) that is removed afterwards, so no test ever touches the
# user's own keyring. The command's exit code is passed through.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: scripts/with-keyring.sh <command> [arguments…]" >&2
  exit 2
fi

# True when this session's bus has a running Secret Service.
has_secret_service() {
  [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || return 1
  command -v dbus-send >/dev/null 2>&1 || return 1
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'
}

if has_secret_service; then
  exec "$@"
fi

for cmd in dbus-run-session dbus-send gnome-keyring-daemon; do
  if ! command -v "$cmd" >/dev/null 2>&1; then
    echo "with-keyring: $cmd is missing; run scripts/system-deps.sh (Debian packages dbus, gnome-keyring)" >&2
    exit 1
  fi
done

home="$(mktemp -d "${TMPDIR:-/tmp}/sealdrop-keyring-XXXXXX")"
cleanup() { rm -rf "$home"; }
trap cleanup EXIT
mkdir -p -m 700 "$home/.config" "$home/.local/share" "$home/.cache" "$home/runtime"

# The keyring password never appears on a command line (ps): it goes by environment to the inner
# shell, which unsets it before running the command.
status=0
HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
  XDG_CACHE_HOME="$home/.cache" XDG_RUNTIME_DIR="$home/runtime" \
  SEALDROP_KEYRING_PASSWORD="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
  dbus-run-session -- sh -c '
    printf "%s\n" "$SEALDROP_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    unset SEALDROP_KEYRING_PASSWORD
    # The daemon registers on the bus right after it forks; wait for it (up to 10 s) so the first
    # keychain call does not auto-start a second, locked daemon instead.
    tries=0
    until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; do
      tries=$((tries + 1))
      if [ "$tries" -gt 100 ]; then echo "with-keyring: gnome-keyring-daemon did not start" >&2; exit 1; fi
      sleep 0.1
    done
    exec "$@"
  ' with-keyring "$@" || status=$?
exit "$status"
