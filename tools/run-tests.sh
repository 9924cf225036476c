#!/bin/sh
# Installs what is missing, then builds and runs every test twice: once
# with -Werror, once with AddressSanitizer and UndefinedBehaviorSanitizer.
# The last line reads "N passed, N failed".
set -u
cd "$(dirname "$0")/.."

sh tools/install-deps.sh || exit 1

export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"

passed=0
failed=0

run_suite () {
  builddir=$1
  shift
  if [ ! -d "$builddir" ]; then
    meson setup "$builddir" -Dwerror=true "$@" || { failed=$((failed + 1)); return; }
  fi
  if ! ninja -C "$builddir"; then
    echo "build failed in $builddir"
    failed=$((failed + 1))
    return
  fi
  meson test -C "$builddir" --print-errorlogs --num-processes 2
  log="$builddir/meson-logs/testlog.json"
  ok=$(grep -c '"result": "OK"' "$log" || true)
  bad=$(grep -c -E '"result": "(FAIL|TIMEOUT|ERROR|UNEXPECTEDPASS)"' "$log" || true)
  echo "$builddir: $ok passed, $bad failed"
  passed=$((passed + ok))
  failed=$((failed + bad))
}

run_suite _build-test
run_suite _build-sanitize -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
