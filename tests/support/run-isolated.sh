#!/usr/bin/env bash
# Runs one test program with a throwaway HOME, and optionally inside a private D-Bus session
# with a real, unlocked Secret Service (gnome-keyring), as RELIABILITY.md describes.
#   run-isolated.sh plain|secret-service <program> [args...]
set -euo pipefail
mode=$1; shift

home=$(mktemp -d "${TMPDIR:-/tmp}/cc-test-home.XXXXXX")
cleanup() { rm -rf "$home"; }
trap cleanup EXIT
export HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
       XDG_CACHE_HOME="$home/.cache" XDG_RUNTIME_DIR="$home/runtime" CC_TEST_HOME="$home"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}

if [ "$mode" = plain ]; then
  # No session bus: a test that needs the keychain must say so (SECRET_SERVICE).
  unset DBUS_SESSION_BUS_ADDRESS
  exec "$@"
fi

if [ "$mode" != secret-service ]; then
  echo "run-isolated.sh: unknown mode '$mode'" >&2
  exit 2
fi

exec dbus-run-session -- bash -c '
  set -euo pipefail
  # A non-empty throwaway password: an empty one creates no login collection.
  printf "cc-throwaway-test-password" | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
  keyring_pid=$!
  trap "kill $keyring_pid 2>/dev/null || true" EXIT
  for _ in $(seq 1 100); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
         org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; then
      break
    fi
    sleep 0.1
  done
  export CC_SECRET_SERVICE_PID=$keyring_pid
  "$@"
' run-isolated "$@"
