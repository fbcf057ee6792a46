# shellcheck shell=bash
# Shared by the scripts in tests/: counting checks, and running
# "novalua sandbox serve" in the background. Source it; it sets no options.
#
# Environment:
#   NOVALUA         a built novalua; without it one is built into the work directory
#   SANDBOX_LISTEN  the loopback addresses to serve on, "IDENTITY,COMPUTE"
#                   (default: two free ports, as the book's 5000 and 8774 may be taken)

passed=0
failed=0
server_pid=""
work=$(mktemp -d "${TMPDIR:-/tmp}/novalua-tests-XXXXXX")

pass() {
  passed=$((passed + 1))
  echo "ok - $1"
}

fail() {
  failed=$((failed + 1))
  echo "FAIL - $1"
}

# summary prints the final count and exits non-zero when a check failed.
summary() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}

# fatal counts a failure that stops the run.
fatal() {
  fail "$1"
  summary
  exit 1
}

# cleanup stops the sandbox and removes the work directory; scripts trap EXIT with it.
cleanup() {
  local status=$?
  if [ -n "$server_pid" ]; then
    kill -INT "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  rm -rf "$work"
  exit "$status"
}

# find_novalua sets novalua to $NOVALUA, or builds one.
find_novalua() {
  novalua=${NOVALUA:-}
  if [ -z "$novalua" ]; then
    novalua=$work/novalua
    (cd "$(dirname "${BASH_SOURCE[0]}")/.." && go build -o "$novalua" .) ||
      fatal "build novalua"
  fi
}

# start_sandbox LOG [OPTIONS...] runs "novalua sandbox serve" with its state in
# $work/state, logging to LOG, and sets auth_url (Keystone v3) and
# compute_root (the Nova listener, without a version) from its first lines.
# shellcheck disable=SC2034 # the sourcing script uses both
start_sandbox() {
  local log=$1
  shift
  "$novalua" sandbox serve --listen "${SANDBOX_LISTEN:-127.0.0.1:0,127.0.0.1:0}" \
    --state "$work/state" "$@" 2>"$log" &
  server_pid=$!

  local line=""
  for _ in $(seq 100); do
    line=$(grep -m1 '^sandbox auth_url=' "$log" 2>/dev/null)
    if [ -n "$line" ] || ! kill -0 "$server_pid" 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
  if [ -z "$line" ]; then
    sed 's/^/  serve: /' "$log"
    fatal "sandbox serve did not start"
  fi
  auth_url=$(sed -E 's/^sandbox auth_url=(\S+) compute_url=\S+$/\1/' <<<"$line")
  compute_root=$(sed -E 's/^sandbox auth_url=\S+ compute_url=(\S+)\/v2\.1$/\1/' <<<"$line")
}

# stop_sandbox interrupts the sandbox as Ctrl-C would and checks that it
# stops cleanly: exit status 0 and a last log line saying so.
stop_sandbox() {
  local log=$1 status
  kill -INT "$server_pid"
  wait "$server_pid"
  status=$?
  server_pid=""
  if [ "$status" -eq 0 ] && [ "$(tail -n 1 "$log")" = "sandbox stopped" ]; then
    pass "sandbox serve stops on Ctrl-C with status 0"
  else
    fail "sandbox serve stops on Ctrl-C: status $status, last line: $(tail -n 1 "$log")"
  fi
}
