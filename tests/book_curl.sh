#!/usr/bin/env bash
# Replay the curl commands of the OpenStack Compute API v1.1 book against
# "novalua sandbox serve" and check every answer: token, images, flavors, boot,
# list, details, ips, metadata, rename, reboot, resize and confirm, create
# image, delete. Where the book slips (a GET that is a POST, a Python example
# that GETs /servers/id/delete), the right method is used; every request with
# a body says it is JSON.
# usage: tests/book_curl.sh   (see tests/lib.sh for NOVALUA and SANDBOX_LISTEN)
# jq conditions are in single quotes on purpose; they read values from $ENV.
# shellcheck disable=SC2016
set -uo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"
trap cleanup EXIT

for tool in curl jq; do
  command -v "$tool" >/dev/null || fatal "$tool is not installed"
done
find_novalua

requests=0 # answered requests, each of which must have one log line
status=""
token=""

# request METHOD URL [BODY] sends a request with the token, as the book's curl
# commands do. It sets status and leaves the answer in $work/body and its
# headers in $work/headers.
request() {
  local args=(-s -o "$work/body" -D "$work/headers" -w '%{http_code}' -X "$1")
  if [ -n "$token" ]; then
    args+=(-H "X-Auth-Token:$token")
  fi
  if [ $# -ge 3 ]; then
    args+=(-H "Content-type: application/json" -d "$3")
  fi
  status=$(curl "${args[@]}" "$2") || status="no answer"
  requests=$((requests + 1))
}

# expect DESCRIPTION STATUS [JQ] checks the last answer: its status and, when
# given, a jq condition on its body. Values go to jq through the environment.
expect() {
  local desc=$1 want=$2 condition=${3:-}
  if [ "$status" != "$want" ]; then
    fail "$desc: status $status, want $want: $(head -c 300 "$work/body")"
  elif [ -n "$condition" ] && ! jq -e "$condition" "$work/body" >/dev/null 2>&1; then
    fail "$desc: the answer does not satisfy $condition: $(head -c 600 "$work/body")"
  else
    pass "$desc"
  fi
}

# header NAME prints a header of the last answer.
header() {
  sed -n "s/^$1: *//Ip" "$work/headers" | tr -d '\r'
}

# wait_until URL JQ polls URL until its body satisfies JQ, for at most 20s.
wait_until() {
  for _ in $(seq 200); do
    request GET "$1"
    if [ "$status" = 200 ] && jq -e "$2" "$work/body" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

start_sandbox "$work/serve.log" --build-time 1s

# --- Getting the authentication token (POST, although the book says GET)
request POST "${auth_url%/v3}/v2.0/tokens" \
  '{"auth": {"passwordCredentials": {"username": "joe", "password": "wrong"}}}'
expect "token: a wrong password is refused" 401
request POST "${auth_url%/v3}/v2.0/tokens" \
  '{"auth": {"passwordCredentials": {"username": "joe", "password": "shhh"}}}'
export COMPUTE_URL=$compute_root/v2.1
expect "token: POST /v2.0/tokens" 200 '(.access.token.id | length > 20)
  and (.access.token.expires | test("^\\d{4}-\\d\\d-\\d\\dT"))
  and ([.access.serviceCatalog[] | select(.type == "compute")][0].endpoints[0].publicURL
    == $ENV.COMPUTE_URL)'
token=$(jq -r .access.token.id "$work/body")
if [ -z "$token" ] || [ "$token" = null ]; then
  fatal "no token, nothing else can run"
fi

api=$compute_root/v1.1/openstack
export API=$api

saved=$token
token=""
request GET "$api/servers"
expect "a request without a token is refused" 401
token=$saved

# --- Listing images and flavors
request GET "$api/images"
expect "images: GET /images" 200 '[.images[] | .id] == [1, 2, 3]
  and [.images[] | .name] == ["ubuntu-11.04-kernel", "ubuntu-11.04-initrd",
    "ubuntu-11.04-server"]
  and .images[0].links[0] == {"rel": "self", "href": ($ENV.API + "/images/1")}'
request GET "$api/flavors"
expect "flavors: GET /flavors" 200 '[.flavors[] | .id] == [1, 2, 3, 4, 5]
  and .flavors[0].name == "m1.tiny"
  and .flavors[4].links[0].href == ($ENV.API + "/flavors/5")'

# --- Creating servers (the book's request, with this sandbox's URLs)
boot() {
  request POST "$api/servers" "{\"server\": {\"flavorRef\": \"$api/flavors/1\",
    \"personality\": [{\"path\": \"\", \"contents\": \"\"}], \"name\": \"$1\",
    \"imageRef\": \"$api/images/1\", \"metadata\": {\"Server Name\": \"Tornado\"}}}"
}
boot tornado001
expect "boot: POST /servers" 202 '.server.id == 1 and .server.name == "tornado001"
  and .server.status == "BUILD" and (.server.adminPass | length > 0)
  and (.server.uuid | test("^[0-9a-f-]{36}$"))
  and .server.metadata == {"Server Name": "Tornado"}'
uuid=$(jq -r .server.uuid "$work/body")
export UUID=$uuid
if [ "$(header Location)" = "$api/servers/1" ]; then
  pass "boot: Location names server 1"
else
  fail "boot: Location is '$(header Location)', want $api/servers/1"
fi
boot tornado002
expect "boot: a second server gets id 2" 202 '.server.id == 2'

# --- Listing servers and their details
request GET "$api/servers"
expect "list: GET /servers" 200 '[.servers[] | {id, name}] | sort_by(.id)
  == [{"id": 1, "name": "tornado001"}, {"id": 2, "name": "tornado002"}]'
if wait_until "$api/servers/1" '.server.status == "ACTIVE"'; then
  pass "details: server 1 becomes ACTIVE"
else
  fail "details: server 1 is not ACTIVE after 20s: $(head -c 300 "$work/body")"
fi
request GET "$api/servers/1"
expect "details: GET /servers/1" 200 '.server | .id == 1 and .uuid == $ENV.UUID
  and .progress == 100 and .tenant_id == "openstack" and .image.id == "1"
  and .flavor.id == "1" and (.hostId | length > 0) and .key_name == null
  and .addresses.private[0].version == 4 and .addresses.public[0].version == 4'

# --- Server addresses
request GET "$api/servers/1/ips"
expect "ips: GET /servers/1/ips" 200 '.addresses | (keys == ["private", "public"])
  and ([.public[] | .version] | sort == [4, 6])'
request GET "$api/servers/1/ips/public"
expect "ips: GET /servers/1/ips/public" 200 '.addresses | keys == ["public"]'

# --- Server metadata
request GET "$api/servers/1/metadata"
expect "metadata: list" 200 '.metadata == {"Server Name": "Tornado"}'
request PUT "$api/servers/1/metadata" '{"metadata":{"owner":"joe","group":"www"}}'
expect "metadata: PUT replaces all" 200 '.metadata == {"owner": "joe", "group": "www"}'
request GET "$api/servers/1/metadata/owner"
expect "metadata: get one item" 200 '.metadata == {"owner": "joe"}'
request PUT "$api/servers/1/metadata/owner" '{"metadata":{"owner":"joe"}}'
expect "metadata: PUT one item" 200 '.metadata == {"owner": "joe"}'
request POST "$api/servers/1/metadata" '{"metadata":{"owner":"adam"}}'
expect "metadata: POST merges" 200 '.metadata == {"owner": "adam", "group": "www"}'
request DELETE "$api/servers/1/metadata/owner"
expect "metadata: DELETE one item" 204
request GET "$api/servers/1/metadata/owner"
expect "metadata: the deleted item is gone" 404 '.itemNotFound.code == 404'

# --- Image metadata
request PUT "$api/images/1/metadata" '{"metadata":{"owner":"joe","group":"www"}}'
expect "image metadata: PUT replaces all" 200 '.metadata == {"owner": "joe", "group": "www"}'
request GET "$api/images/1/metadata/owner"
expect "image metadata: get one item" 200 '.metadata == {"owner": "joe"}'

# --- Renaming, and changing the access addresses
request PUT "$api/servers/1" '{"server": {"name": "nginx000"}}'
expect "rename: PUT /servers/1" 200 '.server.name == "nginx000"'
request PUT "$api/servers/1" \
  '{"server": {"accessIPv4": "192.168.100.2", "accessIPv6": "fe80:0:0:0:0:0:c0a8:6402"}}'
expect "access addresses: PUT /servers/1" 200 '.server.accessIPv4 == "192.168.100.2"
  and (.server.accessIPv6 | length > 0)'
request GET "$compute_root/v2.1/servers/$uuid"
expect "the /v2.1 view shows the same server" 200 '.server.name == "nginx000"
  and .server.metadata == {"group": "www"} and .server.accessIPv4 == "192.168.100.2"'

# --- Rebooting
request POST "$api/servers/1/action" '{"reboot": {"type": "HARD"}}'
expect "reboot: HARD" 202
request GET "$api/servers/1"
expect "reboot: the server is rebooting" 200 '.server.status == "HARD_REBOOT"'
if wait_until "$api/servers/1" '.server.status == "ACTIVE"'; then
  pass "reboot: the server is ACTIVE again"
else
  fail "reboot: not ACTIVE after 20s"
fi

# --- Resizing and confirming
request POST "$api/servers/1/action" "{\"resize\": {\"flavorRef\": \"$api/flavors/5\"}}"
expect "resize: to flavor 5" 202
request GET "$api/servers/1"
expect "resize: the server is resizing" 200 '.server.status == "RESIZE"'
if wait_until "$api/servers/1" '.server.status == "VERIFY_RESIZE"'; then
  pass "resize: VERIFY_RESIZE"
else
  fail "resize: not VERIFY_RESIZE after 20s"
fi
request POST "$api/servers/1/action" '{"confirmResize": null}'
expect "resize: confirm" 204
request GET "$api/servers/1"
expect "resize: ACTIVE on flavor 5" 200 '.server.status == "ACTIVE" and .server.flavor.id == "5"'

# --- Creating an image of the server
request POST "$api/servers/1/action" '{"createImage": {"name": "tornado-app-server",
  "metadata": {"version": "1.0.0", "creator": "joe"}}}'
expect "create image: createImage" 202
image=$(header Location)
if [ "$image" = "$api/images/4" ]; then
  pass "create image: Location names image 4"
else
  fail "create image: Location is '$image', want $api/images/4"
fi
if wait_until "$api/images/4" '.image.status == "ACTIVE"'; then
  pass "create image: the image becomes ACTIVE"
else
  fail "create image: not ACTIVE after 20s: $(head -c 300 "$work/body")"
fi
request GET "$api/images/4"
expect "create image: GET /images/4" 200 '.image.name == "tornado-app-server"
  and .image.metadata == {"version": "1.0.0", "creator": "joe"}'

# --- Deleting
request DELETE "$api/servers/1"
expect "delete: DELETE /servers/1" 204
request GET "$api/servers/1"
expect "delete: server 1 is gone" 404 \
  '. == {"itemNotFound": {"code": 404, "message": "The resource could not be found."}}'
request DELETE "$api/images/4"
expect "delete: DELETE /images/4" 204
request DELETE "$api/images/4"
expect "delete: image 4 is gone" 404 '.itemNotFound.code == 404'
request GET "$api/servers"
expect "list: only server 2 is left" 200 '[.servers[] | .id] == [2]'

# --- The log: one line per request, never the token
stop_sandbox "$work/serve.log"
logged=$(grep -cE '^\S+ (GET|POST|PUT|DELETE) /\S* [0-9]{3} \S+$' "$work/serve.log")
if [ "$logged" -eq "$requests" ]; then
  pass "log: one line for each of the $requests requests"
else
  fail "log: $logged request lines for $requests requests"
fi
if grep -qF "$token" "$work/serve.log" || grep -qF shhh "$work/serve.log"; then
  fail "log: the token or the password is in the log"
else
  pass "log: no token and no password"
fi

# --- The state outlives the service, and the token too
start_sandbox "$work/serve2.log"
api=$compute_root/v1.1/openstack
request GET "$api/servers"
expect "restart: server 2 is still there, and the token still works" 200 \
  '[.servers[] | .name] == ["tornado002"]'
stop_sandbox "$work/serve2.log"
"$novalua" sandbox reset --state "$work/state" >/dev/null
start_sandbox "$work/serve3.log"
request GET "$compute_root/v1.1/openstack/servers"
expect "reset: no servers are left" 200 '.servers == []'
stop_sandbox "$work/serve3.log"

summary
