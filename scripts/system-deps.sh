#!/usr/bin/env bash
# Makes sure the Debian packages the test suite uses are present.
# As root with apt available it installs what is missing; otherwise it names the packages and stops.
set -euo pipefail

# command -> Debian package
declare -A needed=(
  [age]=age
  [unshare]=util-linux
  [tar]=tar
  # A private Secret Service for the keychain tests (scripts/with-keyring.sh).
  [dbus-run-session]=dbus
  [dbus-send]=dbus
  [gnome-keyring-daemon]=gnome-keyring
  # Real Chromium for the UI tests in test/browser (driven by playwright-core, DESIGN §7).
  [chromium]=chromium
)

missing=()
for cmd in "${!needed[@]}"; do
  package="${needed[$cmd]}"
  # Two commands can come from one package; name it once.
  if ! command -v "$cmd" >/dev/null 2>&1 && [[ " ${missing[*]} " != *" $package "* ]]; then missing+=("$package"); fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi

echo "system-deps: the tests need these Debian packages: ${missing[*]}" >&2
echo "system-deps: install them with: sudo apt-get install ${missing[*]}" >&2
exit 1
