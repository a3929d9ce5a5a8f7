# Shared helpers for the end-to-end scripts: ok/fail counting and a closing
# line. Source it; call `finish` at the end.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
SAMDOC=${SAMDOC:-$PWD/build/samdoc}
DATO=2026-11-23
passed=0; failed=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
expect() {   # expect DESCRIPTION COMMAND...: the command must succeed
  local what=$1; shift
  if "$@"; then ok; else fail "$what"; fi
}
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; }
