#!/usr/bin/env bash
# Measures novalua against the tools people use today, side by side in one run, and prints
# one table of ratios (these machines are noisy: only ratios measured together mean much).
#
#   bench/run.sh                        # from anywhere; every section
#   SECTIONS="startup tolua" bench/run.sh
#   RECORD=1 bench/run.sh               # also append the table to bench/README.md
#
# Sections: startup (novalua -e vs lua5.1 vs openstack --version), list (server names on the
# real Nova), boot (BOOT_COUNT servers to ACTIVE on the real Nova: parallel.map vs a loop of
# `openstack server create --wait` vs one multi-create), jsonpp (bench/jsonpp/run.sh), tolua
# (the Go benchmark of a 1,000-server listing into Lua tables).
#
# The real Nova is realstack (../shared/realstack/up.sh starts it): OS_CLIENT_CONFIG_FILE
# defaults to $REALSTACK_DIR/clouds.yaml, CLOUD to realstack, ADMIN_CLOUD (used to raise the
# quota for the boot section, restored afterwards) to realstack-admin. Servers the benchmark
# boots are named nlbench-* and deleted afterwards, also when it fails.
set -euo pipefail

cd "$(dirname "$0")/.."
WORK=${WORK:-/tmp/novalua-bench}
SECTIONS=${SECTIONS:-startup list boot jsonpp tolua}
STARTUP_RUNS=${STARTUP_RUNS:-200}
CLI_STARTUP_RUNS=${CLI_STARTUP_RUNS:-10}
LIST_RUNS=${LIST_RUNS:-10}
CLI_LIST_RUNS=${CLI_LIST_RUNS:-5}
BOOT_COUNT=${BOOT_COUNT:-50}
LOOP_COUNT=${LOOP_COUNT:-5}
WORKERS=${WORKERS:-16}
IMAGE=${IMAGE:-realstack-tiny}
FLAVOR=${FLAVOR:-m1.tiny}
REALSTACK_DIR=${REALSTACK_DIR:-/tmp/realstack}
export OS_CLIENT_CONFIG_FILE=${OS_CLIENT_CONFIG_FILE:-$REALSTACK_DIR/clouds.yaml}
CLOUD=${CLOUD:-realstack}
ADMIN_CLOUD=${ADMIN_CLOUD:-realstack-admin}
PROJECT=${PROJECT:-demo}
PREFIX=nlbench-

mkdir -p "$WORK"
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
SUMMARY="$WORK/summary.md"
: >"$SUMMARY.rows"
: >"$SUMMARY.notes"

log() { echo "bench: $*" >&2; }
note() { echo "- $*" >>"$SUMMARY.notes"; }

# row TASK NOVALUA_SECONDS OTHER OTHER_SECONDS GOAL MIN_RATIO: one line of the table. The
# ratio is OTHER_SECONDS / NOVALUA_SECONDS, how many times faster novalua was (below 1:
# slower); the goal is met when the ratio is at least MIN_RATIO ("-": the verdict is given
# elsewhere, "ref": a figure for reference with no goal of its own).
row() {
	local task=$1 ours=$2 other=$3 theirs=$4 goal=$5 min=$6
	awk -v t="$task" -v a="$ours" -v o="$other" -v b="$theirs" -v g="$goal" -v m="$min" '
	function fmt(s) { return s < 1 ? sprintf("%.1f ms", s * 1000) : sprintf("%.2f s", s) }
	BEGIN {
		if (a <= 0) {
			printf "| %s | %s | %s | %s | n/a | %s | n/a |\n", t, fmt(a), o, fmt(b), g
			exit
		}
		r = b / a
		met = m == "-" ? "see there" : m == "ref" ? "n/a" : (r >= m ? "yes" : "**no**")
		printf "| %s | %s | %s | %s | %.2fx | %s | %s |\n", t, fmt(a), o, fmt(b), r, g, met
	}' >>"$SUMMARY.rows"
}

install_if_missing() { # command package
	if ! command -v "$1" >/dev/null 2>&1; then
		log "installing $2"
		apt-get update -qq >/dev/null && apt-get install -y -qq "$2" >/dev/null
	fi
}

wants() { [[ " $SECTIONS " == *" $1 "* ]]; }

# median FILE NAME: the median in seconds of the hyperfine result named NAME in FILE.
median() { jq -r --arg n "$2" '.results[] | select(.command == $n) | .median' "$1"; }

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }

install_if_missing jq jq
install_if_missing hyperfine hyperfine
install_if_missing lua5.1 lua5.1
install_if_missing openstack python3-openstackclient

# cgo off: the binary is then static, and starts about 1.5 ms sooner (see README.md).
NOVALUA=$WORK/novalua
log "building novalua"
CGO_ENABLED=0 go build -o "$NOVALUA" .

. bench/lib/startup.sh
. bench/lib/cloud.sh
. bench/lib/offline.sh

wants startup && bench_startup
if wants list || wants boot; then
	if cloud_up; then
		wants list && bench_list
		wants boot && bench_boot
	else
		note "list, boot: skipped, realstack is not answering at $OS_CLIENT_CONFIG_FILE" \
			"(start it with ../shared/realstack/up.sh)"
	fi
fi
wants tolua && bench_tolua
wants jsonpp && bench_jsonpp

{
	echo "started $STARTED; $(nproc) cores," \
		"$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)," \
		"$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo);" \
		"load average before the run: $LOAD_BEFORE"
	echo
	echo "| task | novalua | compared with | its time | ratio | goal | met |"
	echo "|---|---:|---|---:|---:|---|---|"
	cat "$SUMMARY.rows"
	echo
	cat "$SUMMARY.notes"
} >"$SUMMARY"
echo
cat "$SUMMARY"

if [ "${RECORD:-}" = 1 ]; then
	{
		echo
		echo "### Run of $STARTED on $(hostname)"
		echo
		cat "$SUMMARY"
	} >>bench/README.md
	log "appended the table to bench/README.md"
fi
