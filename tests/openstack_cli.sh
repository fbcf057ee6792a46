#!/usr/bin/env bash
# Drive "novalua sandbox serve" with Debian's openstack CLI (python3-openstackclient):
# list flavors and images, create a server, show it and delete it, checking each
# answer, and check that novalua's own sandbox sees the same state meanwhile.
# usage: tests/openstack_cli.sh   (see tests/lib.sh for NOVALUA and SANDBOX_LISTEN)
# jq conditions are in single quotes on purpose; they read values from $ENV.
# shellcheck disable=SC2016
set -uo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"
trap cleanup EXIT

# Debian's client runs on /usr/bin/python3, whatever python3 comes first in PATH.
openstack=${OPENSTACK:-/usr/bin/openstack}
[ -x "$openstack" ] ||
  fatal "$openstack is missing; install it with: apt-get install python3-openstackclient"
command -v jq >/dev/null || fatal "jq is not installed"
find_novalua

start_sandbox "$work/serve.log" --build-time 200ms

# Only the clouds.yaml below may configure the client.
for name in $(env | sed -n 's/^\(OS_[A-Za-z0-9_]*\)=.*/\1/p'); do
  unset "$name"
done
cat >"$work/clouds.yaml" <<EOF
clouds:
  sandbox:
    auth:
      auth_url: $auth_url
      username: joe
      password: shhh
      project_name: openstack
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    identity_api_version: 3
EOF
chmod 600 "$work/clouds.yaml"
export OS_CLIENT_CONFIG_FILE=$work/clouds.yaml OS_CLOUD=sandbox

# run DESCRIPTION ARGS... runs the client with JSON output, leaving the JSON
# in $work/out (--wait prints progress before it).
run() {
  local desc=$1
  shift
  if ! "$openstack" "$@" -f json >"$work/raw" 2>"$work/err"; then
    fail "$desc: openstack $*: $(tail -n 3 "$work/err")"
    return 1
  fi
  sed -n '/^[[{]/,$p' "$work/raw" >"$work/out"
}

# expect DESCRIPTION JQ checks the last output with a jq condition.
expect() {
  if jq -e "$2" "$work/out" >/dev/null 2>&1; then
    pass "$1"
  else
    fail "$1: the output does not satisfy $2: $(head -c 600 "$work/out")"
  fi
}

if run "flavor list" flavor list; then
  expect "flavor list" '[.[] | .Name] == ["m1.tiny", "m1.small", "m1.medium",
    "m1.large", "m1.xlarge"] and .[0].RAM == 512 and .[4].VCPUs == 8'
fi
if run "image list" image list; then
  expect "image list" '[.[] | .Name] | sort == ["ubuntu-11.04-initrd",
    "ubuntu-11.04-kernel", "ubuntu-11.04-server"]'
  expect "image list: all active" 'all(.[]; .Status == "active")'
fi

if run "server create" server create --image ubuntu-11.04-server --flavor m1.tiny --wait \
  cli-demo; then
  expect "server create --wait" '.name == "cli-demo" and .status == "ACTIVE"
    and (.id | test("^[0-9a-f-]{36}$"))'
  SERVER_ID=$(jq -r .id "$work/out")
  export SERVER_ID
fi
if run "server show" server show cli-demo; then
  expect "server show" '.id == $ENV.SERVER_ID and .status == "ACTIVE"
    and (.flavor | startswith("m1.tiny")) and (.image | startswith("ubuntu-11.04-server"))
    and (.addresses | length > 0)'
fi

# novalua's in-process sandbox shares the state directory with the service.
seen=$(env -u OS_CLOUD -u OS_CLIENT_CONFIG_FILE "$novalua" --sandbox-state "$work/state" -e \
  'for _, s in ipairs(servers.list()) do print(s.name, s.status, s.id) end' 2>"$work/err")
if [ "$seen" = "$(printf 'cli-demo\tACTIVE\t%s' "${SERVER_ID:-}")" ] &&
  grep -qF "using the sandbox cloud (state in $work/state)" "$work/err"; then
  pass "novalua's own sandbox sees the server the openstack CLI created"
else
  fail "novalua sees '$seen': $(tail -n 2 "$work/err")"
fi

if "$openstack" server delete --wait cli-demo >"$work/out" 2>"$work/err"; then
  pass "server delete --wait"
else
  fail "server delete --wait: $(tail -n 3 "$work/err")"
fi
if "$openstack" server show cli-demo >/dev/null 2>"$work/err"; then
  fail "server show after delete: the server is still there"
elif grep -q "No server with a name or ID of 'cli-demo' exists" "$work/err"; then
  pass "server show after delete: no such server"
else
  fail "server show after delete: $(tail -n 3 "$work/err")"
fi
if run "server list" server list; then
  expect "server list after delete is empty" '. == []'
fi

stop_sandbox "$work/serve.log"
# Between its first two lines and its last, the log has request lines only.
odd=$(sed '1,2d;$d' "$work/serve.log" | grep -cvE '^\S+ [A-Z]+ /\S* [0-9]{3} \S+$')
if [ "$odd" -eq 0 ] && ! grep -qF shhh "$work/serve.log"; then
  pass "log: request lines only, no password"
else
  fail "log: $odd lines that are not request lines, or the password"
fi

summary
