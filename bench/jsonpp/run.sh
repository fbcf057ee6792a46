#!/usr/bin/env bash
# Times `novalua jsonpp`, `jq .` and `python3 -m json.tool` side by side on a generated
# ~100 MiB Nova servers/detail document and prints throughput, peak memory and ratios.
#
#   bench/jsonpp/run.sh                 # from the repository root
#   RUNS=5 SLOW_RUNS=3 SIZE_MB=100 BIG_MB=1024 bench/jsonpp/run.sh
#
# NOVALUA=/path/to/novalua benchmarks that binary's `jsonpp` subcommand instead of the
# stand-alone build of bench/jsonpp/cmd. BIG_MB=0 skips the streaming check, which pipes
# a BIG_MB document through jsonpp to show that memory does not grow with input size.
set -euo pipefail

cd "$(dirname "$0")/../.."
WORK=${WORK:-/tmp/novalua-bench}
RUNS=${RUNS:-5}
SLOW_RUNS=${SLOW_RUNS:-3}
SIZE_MB=${SIZE_MB:-100}
BIG_MB=${BIG_MB:-1024}
mkdir -p "$WORK"

install_if_missing() { # command package
	if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "$1" ]; then
		echo "installing $2" >&2
		apt-get update -qq >/dev/null && apt-get install -y -qq "$2" >/dev/null
	fi
}
install_if_missing jq jq
install_if_missing /usr/bin/time time
command -v python3 >/dev/null || { echo "run.sh: python3 is missing" >&2; exit 1; }

go build -o "$WORK/jsonpp-gen" ./bench/jsonpp/gen
if [ -n "${NOVALUA:-}" ]; then
	JSONPP=("$NOVALUA" jsonpp)
else
	go build -o "$WORK/jsonpp-bench" ./bench/jsonpp/cmd
	JSONPP=("$WORK/jsonpp-bench")
fi

INPUT="$WORK/servers-${SIZE_MB}m.json"
[ -s "$INPUT" ] || "$WORK/jsonpp-gen" -size "$SIZE_MB" -o "$INPUT"
BYTES=$(stat -c %s "$INPUT")

# measure NAME RUNS CMD... : runs CMD on the input RUNS times, output to /dev/null, and
# appends "NAME median_seconds max_rss_kib" to $WORK/results.
measure() {
	local name=$1 runs=$2
	shift 2
	local times=() rss=0
	for _ in $(seq "$runs"); do
		/usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" "$INPUT" >/dev/null
		read -r secs kib <"$WORK/time.txt"
		times+=("$secs")
		((kib > rss)) && rss=$kib
	done
	local median
	median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
	echo "$name $median $rss" >>"$WORK/results"
	echo "  $name: runs ${times[*]} s, peak RSS $((rss / 1024)) MiB" >&2
}

echo "input: $INPUT ($((BYTES / 1048576)) MiB); $(nproc) cores; $(uname -m)" >&2
: >"$WORK/results"
measure "novalua jsonpp" "$RUNS" "${JSONPP[@]}"
measure "novalua jsonpp --sort-keys" "$SLOW_RUNS" "${JSONPP[@]}" --sort-keys
measure "jq ." "$SLOW_RUNS" jq .
measure "python3 -m json.tool" "$SLOW_RUNS" python3 -m json.tool

# The output must mean the same as the input: jq reads both back to the same value.
"${JSONPP[@]}" "$INPUT" >"$WORK/pretty.json"
if cmp -s <(jq -cS . "$INPUT") <(jq -cS . "$WORK/pretty.json"); then
	echo "check: jsonpp output reads back as the same JSON value as the input" >&2
else
	echo "check FAILED: jsonpp output differs from the input as a JSON value" >&2
	exit 1
fi
rm -f "$WORK/pretty.json"

echo
echo "| command | median time (s) | throughput (MiB/s) | peak RSS (MiB) | speed vs jq |"
echo "|---|---:|---:|---:|---:|"
JQ_SECS=$(awk '$1 == "jq" {print $3}' "$WORK/results")
awk -v bytes="$BYTES" -v jq="$JQ_SECS" '{
	secs = $(NF-1); kib = $NF; name = $1
	for (i = 2; i <= NF-2; i++) name = name " " $i
	printf "| `%s` | %.2f | %.1f | %.1f | %.1fx |\n", name, secs, bytes / 1048576 / secs, kib / 1024, jq / secs
}' "$WORK/results"

if [ "$BIG_MB" -gt 0 ]; then
	/usr/bin/time -f "%e %M" -o "$WORK/time.txt" "${JSONPP[@]}" \
		< <("$WORK/jsonpp-gen" -size "$BIG_MB" -seed 2) >/dev/null
	read -r secs kib <"$WORK/time.txt"
	echo
	echo "streaming: a ${BIG_MB} MiB document piped through jsonpp took ${secs} s" \
		"(generator included) with peak RSS $((kib / 1024)) MiB"
fi
