# Sections of bench/run.sh that need no cloud: the ToLua Go benchmark and jsonpp.

# bench_tolua runs the Go benchmarks that turn a decoded 1,000-server detailed listing into
# Lua tables: the rows servers.list returns, the same with every name and status read from
# Lua, and with every field of every server converted. Each reports the median of five.
bench_tolua() {
	log "ToLua of a 1,000-server listing"
	go test -run '^$' -bench 'ToLuaServerListing' -benchtime 20x -count 5 ./bindings/ \
		>"$WORK/tolua.txt"
	local task="1,000-server detailed listing into Lua tables"
	row "$task, as servers.list returns it (Go benchmark)" "$(tolua_median '')" \
		"the goal" 0.010 "under 10 ms" 1
	row "the same, then every server's name and status read from Lua" \
		"$(tolua_median Names)" "the goal" 0.010 "under 10 ms" 1
	row "the same, every field of every server converted (printing or encoding it all)" \
		"$(tolua_median Whole)" "10 ms" 0.010 "none, for reference" ref
}

# tolua_median SUFFIX: the median in seconds of BenchmarkToLuaServerListing$SUFFIX.
tolua_median() {
	awk -v name="BenchmarkToLuaServerListing$1-" 'index($1, name) == 1 {print $3}' \
		"$WORK/tolua.txt" | sort -n |
		awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)] / 1e9}'
}

# bench_jsonpp runs bench/jsonpp/run.sh (its own knobs pass through: SIZE_MB, BIG_MB,
# RUNS, SLOW_RUNS) on the novalua binary, keeps its table and adds its ratios.
bench_jsonpp() {
	log "jsonpp (bench/jsonpp/run.sh)"
	local binary=$NOVALUA
	if ! echo '{}' | "$NOVALUA" jsonpp >/dev/null 2>&1; then
		binary=""
		note "jsonpp: this novalua has no \`jsonpp\` command yet, so bench/jsonpp/run.sh" \
			"measured its stand-alone build of the same jsonpp package (bench/jsonpp/cmd)"
	fi
	WORK="$WORK/jsonpp" NOVALUA="$binary" bench/jsonpp/run.sh >"$WORK/jsonpp.txt"
	local results=$WORK/jsonpp/results ours jq py
	# Its results hold "NAME wall_seconds cpu_seconds rss_kib" a line.
	ours=$(awk '$1 == "novalua" && $2 == "jsonpp" && NF == 5 {print $(NF-2)}' "$results")
	jq=$(awk '$1 == "jq" {print $(NF-2)}' "$results")
	py=$(awk '$1 == "python3" {print $(NF-2)}' "$results")
	local size task
	size=$(stat -c %s "$WORK"/jsonpp/servers-*.json | awk '{printf "%.0f", $1 / 1048576; exit}')
	task="pretty-print a $size MiB servers listing: \`novalua jsonpp\`"
	row "$task (wall)" "$ours" "\`jq .\`" "$jq" "the jsonpp section's goals" -
	row "$task (wall)" "$ours" "\`python3 -m json.tool\`" "$py" "the jsonpp section's goals" -
	note "jsonpp: bench/jsonpp/run.sh printed:"
	sed 's/^/  /' "$WORK/jsonpp.txt" >>"$SUMMARY.notes"
}
