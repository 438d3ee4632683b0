#!/usr/bin/env bash
# Runs one test program with a throwaway HOME, and optionally inside a private D-Bus session
# with a real, unlocked Secret Service (gnome-keyring), as the README describes.
#   run-isolated.sh plain|secret-service <program> [args...]
# No `exec`: the EXIT trap must run to delete the throwaway HOME (keyring files included).
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
# Desktop hints would make QtKeychain pick KWallet; the tests use the Secret Service.
unset XDG_CURRENT_DESKTOP DESKTOP_SESSION KDE_FULL_SESSION KDE_SESSION_VERSION GNOME_DESKTOP_SESSION_ID DISPLAY WAYLAND_DISPLAY

status=0
if [ "$mode" = plain ]; then
  # No session bus: a test that needs the keychain must say so (SECRET_SERVICE).
  unset DBUS_SESSION_BUS_ADDRESS
  "$@" || status=$?
  exit $status
fi

if [ "$mode" != secret-service ]; then
  echo "run-isolated.sh: unknown mode '$mode'" >&2
  exit 2
fi

# A non-empty throwaway password: an empty one creates no login collection. Tests that lock the
# keyring use it to unlock it again.
export CC_SECRET_SERVICE_PASSWORD="cc-throwaway-test-password"
dbus-run-session -- bash -c '
  set -euo pipefail
  printf "%s" "$CC_SECRET_SERVICE_PASSWORD" | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
  keyring_pid=$!
  trap "kill $keyring_pid 2>/dev/null || true" EXIT
  owned=no
  for _ in $(seq 1 300); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
         org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; then
      owned=yes
      break
    fi
    sleep 0.1
  done
  if [ "$owned" != yes ]; then
    echo "run-isolated.sh: gnome-keyring-daemon did not take org.freedesktop.secrets on the bus" >&2
    exit 3
  fi
  export CC_SECRET_SERVICE_PID=$keyring_pid
  "$@"
' run-isolated "$@" || status=$?
exit $status
