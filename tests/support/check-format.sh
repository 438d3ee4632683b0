#!/usr/bin/env bash
# Fails when any tracked C++ file differs from what clang-format (the repo's .clang-format) makes of it.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v clang-format >/dev/null 2>&1; then
  echo "clang-format is not installed (packaging/install-deps-debian.sh installs it)" >&2
  exit 1
fi
mapfile -t files < <(git ls-files '*.cpp' '*.h' 2>/dev/null || find app ui models services tests -name '*.cpp' -o -name '*.h')
status=0
for f in "${files[@]}"; do
  [ -f "$f" ] || continue
  if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
    echo "not formatted: $f  (fix: clang-format -i $f)" >&2
    status=1
  fi
done
[ $status -eq 0 ] && echo "format check: ${#files[@]} files formatted"
exit $status
