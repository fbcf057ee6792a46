# Start-up section of bench/run.sh, which sources this file.

# bench_startup times `novalua -e 'print(1)'` against `lua5.1 -e 'print(1)'` (the floor)
# and `openstack --version`, with no cloud configured.
bench_startup() {
	log "start-up"
	local json=$WORK/startup.json cli=$WORK/startup-cli.json
	local ours="$NOVALUA -e 'print(1)'" lua="lua5.1 -e 'print(1)'" osc="openstack --version"

	# hyperfine runs one command after the other; rounds of 20 runs each interleave them,
	# so that a change in the machine's load falls on both alike.
	local round
	rm -f "$WORK"/startup-[0-9]*.json
	for round in $(seq $((STARTUP_RUNS / 20))); do
		no_cloud hyperfine -N --warmup 3 --runs 20 --export-json "$WORK/startup-$round.json" \
			"$ours" "$lua" >/dev/null 2>>"$WORK/hyperfine.log"
	done
	jq -s '{results: [group_by(.command)[] | {command: .[0].command,
		median: ([.[].times[]] | sort | .[length / 2 | floor])}]}' \
		<(jq -c '.results[]' "$WORK"/startup-[0-9]*.json) >"$json"
	no_cloud hyperfine -N --warmup 1 --runs "$CLI_STARTUP_RUNS" --export-json "$cli" \
		"$osc" >/dev/null 2>>"$WORK/hyperfine.log"

	local a b c
	a=$(median "$json" "$ours")
	b=$(median "$json" "$lua")
	c=$(median "$cli" "$osc")
	row "start-up: \`novalua -e 'print(1)'\` (median of $STARTUP_RUNS, in rounds)" "$a" \
		"\`lua5.1 -e 'print(1)'\`, the floor" "$b" "within 3x of lua5.1" 0.333
	row "start-up: \`novalua -e 'print(1)'\`" "$a" \
		"\`openstack --version\` (median of $CLI_STARTUP_RUNS)" "$c" "over 200x" 200
	check_lazy_start
}

# no_cloud runs a command with no cloud configured and a state directory of its own, so
# that a sandbox started by mistake would show.
no_cloud() {
	env -u OS_CLOUD -u OS_AUTH_URL OS_CLIENT_CONFIG_FILE=/nonexistent \
		XDG_STATE_HOME="$WORK/startup-state" "$@"
}

# check_lazy_start checks that `novalua -e 'print(1)'` opened no socket and started no
# sandbox: the connection to the cloud is made by the first call that needs it.
check_lazy_start() {
	rm -rf "$WORK/startup-state"
	local sockets="not checked (no strace)"
	if command -v strace >/dev/null; then
		no_cloud strace -f -qq -e trace=socket,connect -o "$WORK/startup.strace" \
			"$NOVALUA" -e 'print(1)' >/dev/null
		sockets="$(grep -c -E '^[0-9]+ +(socket|connect)\(' "$WORK/startup.strace" || true)"
	fi
	local sandbox="started no sandbox"
	[ -e "$WORK/startup-state/novalua" ] && sandbox="**started the sandbox**"
	no_cloud hyperfine -N --warmup 5 --runs 50 --export-json "$WORK/startup-help.json" \
		"$NOVALUA --help" >/dev/null 2>>"$WORK/hyperfine.log"
	note "start-up: \`novalua -e 'print(1)'\` made $sockets socket or connect calls" \
		"(strace -f) and $sandbox; \`novalua --help\`, which makes no Lua state," \
		"took $(awk -v s="$(median "$WORK/startup-help.json" "$NOVALUA --help")" \
		'BEGIN { printf "%.1f ms", s * 1000 }'): most of the start-up is the Go runtime" \
		"and package initialisation of a larger binary, not the Lua state"
}
