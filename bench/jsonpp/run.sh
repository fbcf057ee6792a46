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

median() { sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# measure NAME RUNS CMD... : runs CMD on the input RUNS times, output to /dev/null, and
# appends "NAME median_wall_seconds median_cpu_seconds max_rss_kib" to $WORK/results.
# CPU time (user + system) is shown too because it moves less than wall time when other
# work shares the machine.
measure() {
	local name=$1 runs=$2
	shift 2
	local walls=() cpus=() rss=0
	for _ in $(seq "$runs"); do
		/usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" "$@" "$INPUT" >/dev/null
		read -r wall user sys kib <"$WORK/time.txt"
		walls+=("$wall")
		cpus+=("$(echo "$user $sys" | awk '{print $1 + $2}')")
		((kib > rss)) && rss=$kib
	done
	local wall cpu
	wall=$(printf '%s\n' "${walls[@]}" | median)
	cpu=$(printf '%s\n' "${cpus[@]}" | median)
	echo "$name $wall $cpu $rss" >>"$WORK/results"
	echo "  $name: wall ${walls[*]} s; cpu ${cpus[*]} s; peak RSS $((rss / 1024)) MiB" >&2
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
echo "| command | wall (s) | MiB/s | CPU (s) | peak RSS (MiB) | vs jq, wall | vs jq, CPU |"
echo "|---|---:|---:|---:|---:|---:|---:|"
JQ=$(awk '$1 == "jq" {print $3, $4}' "$WORK/results")
awk -v bytes="$BYTES" -v jq_wall="${JQ% *}" -v jq_cpu="${JQ#* }" '{
	wall = $(NF-2); cpu = $(NF-1); kib = $NF; name = $1
	for (i = 2; i <= NF-3; i++) name = name " " $i
	printf "| `%s` | %.2f | %.1f | %.2f | %.1f | %.1fx | %.1fx |\n", name, wall,
		bytes / 1048576 / wall, cpu, kib / 1024, jq_wall / wall, jq_cpu / cpu
}' "$WORK/results"

if [ "$BIG_MB" -gt 0 ]; then
	/usr/bin/time -f "%e %M" -o "$WORK/time.txt" "${JSONPP[@]}" \
		< <("$WORK/jsonpp-gen" -size "$BIG_MB" -seed 2) >/dev/null
	read -r secs kib <"$WORK/time.txt"
	echo
	echo "streaming: a ${BIG_MB} MiB document piped through jsonpp took ${secs} s" \
		"(generator included) with peak RSS $((kib / 1024)) MiB"
fi
