# Sections of bench/run.sh that use the real Nova (realstack).

# cloud_up reports whether the cloud answers novalua.
cloud_up() {
	OS_CLOUD=$CLOUD timeout 300 "$NOVALUA" -e 'flavors.list()' >/dev/null 2>"$WORK/cloud.err"
}

# bench_list times listing the servers and printing their names, each from a cold process:
# novalua (with its token cache, as it runs by default, and without) against the CLI.
bench_list() {
	log "list servers on $CLOUD"
	local json=$WORK/list.json cli=$WORK/list-cli.json
	local ours="$NOVALUA bench/lua/list_names.lua"
	local fresh="$NOVALUA --no-token-cache bench/lua/list_names.lua"
	local osc="openstack server list -f value -c Name"
	export OS_CLOUD=$CLOUD

	local count
	$ours | sort >"$WORK/names-novalua.txt"
	$osc | sort >"$WORK/names-openstack.txt"
	count=$(wc -l <"$WORK/names-novalua.txt")
	if ! cmp -s "$WORK/names-novalua.txt" "$WORK/names-openstack.txt"; then
		note "list: novalua and openstack printed different names (did servers change" \
			"during the run?): see $WORK/names-*.txt"
	fi

	hyperfine -N --warmup 1 --runs "$LIST_RUNS" --export-json "$json" "$ours" "$fresh" \
		>/dev/null 2>>"$WORK/hyperfine.log"
	hyperfine -N --warmup 1 --runs "$CLI_LIST_RUNS" --export-json "$cli" "$osc" \
		>/dev/null 2>>"$WORK/hyperfine.log"
	unset OS_CLOUD

	local a b c
	a=$(median "$json" "$ours")
	b=$(median "$json" "$fresh")
	c=$(median "$cli" "$osc")
	row "list servers ($count), print names: \`novalua list_names.lua\` (token cache)" "$a" \
		"\`openstack server list -f value -c Name\`" "$c" "30x" 30
	row "the same, \`novalua --no-token-cache\` (logs in every run, as the CLI does)" "$b" \
		"\`openstack server list -f value -c Name\`" "$c" "30x" 30
}

# bench_boot boots BOOT_COUNT servers and waits until all are ACTIVE, three ways, deleting
# them after each. The loop of CLI calls boots LOOP_COUNT servers and is scaled.
bench_boot() {
	log "boot $BOOT_COUNT servers on $CLOUD"
	trap boot_cleanup EXIT
	raise_quota
	cleanup_servers

	local t par multi loop
	cloud_cpu >"$WORK/cpu-before.txt"
	t=$(now)
	OS_CLOUD=$CLOUD "$NOVALUA" bench/lua/boot_parallel.lua "${PREFIX}par" "$BOOT_COUNT" \
		"$WORKERS" "$IMAGE" "$FLAVOR" >&2
	par=$(elapsed "$t")
	cloud_cpu >"$WORK/cpu-after.txt"
	note_cloud_cpu "$par"
	cleanup_servers

	t=$(now)
	OS_CLOUD=$CLOUD "$NOVALUA" bench/lua/boot_multi.lua "${PREFIX}multi" "$BOOT_COUNT" \
		"$IMAGE" "$FLAVOR" >&2
	multi=$(elapsed "$t")
	cleanup_servers

	local n=$((LOOP_COUNT < BOOT_COUNT ? LOOP_COUNT : BOOT_COUNT))
	t=$(now)
	for i in $(seq "$n"); do
		openstack --os-cloud "$CLOUD" server create --image "$IMAGE" --flavor "$FLAVOR" \
			--wait "${PREFIX}loop-$i" >/dev/null
	done
	loop=$(awk -v s="$(elapsed "$t")" -v n="$n" -v b="$BOOT_COUNT" 'BEGIN { print s * b / n }')
	cleanup_servers

	local measured="$BOOT_COUNT"
	[ "$n" -lt "$BOOT_COUNT" ] && measured="$n measured, scaled to $BOOT_COUNT"
	row "boot $BOOT_COUNT servers, wait ACTIVE: \`parallel.map\` (workers=$WORKERS)" "$par" \
		"shell loop of \`openstack server create --wait\` ($measured)" "$loop" "10x" 10
	row "the same \`parallel.map\` script" "$par" \
		"one multi-create (min_count=$BOOT_COUNT) + \`servers.wait_all\`, the floor" \
		"$multi" "within 1.5x of the floor" 0.667
	boot_cleanup
	trap - EXIT
}

# cloud_cpu prints "service cpu_seconds" for the cloud's processes on this machine (from
# /proc: user and system time), summed by service.
cloud_cpu() {
	local pid_dir cmd service
	local services='nova-[a-z]+|neutron-server|keystone|placement|glance-api|mariadbd|mysqld'
	for pid_dir in /proc/[0-9]*; do
		cmd=$({ tr '\0' ' ' <"$pid_dir/cmdline"; } 2>/dev/null) || continue
		service=$(grep -oE "$services|beam.smp|novalua" <<<"$cmd" | head -n 1) || continue
		[ -n "$service" ] || continue
		awk -v s="$service" '{print s, $14 + $15}' "$pid_dir/stat" 2>/dev/null || true
	done | awk -v hz="$(getconf CLK_TCK)" '{t[$1] += $2} END {for (s in t) print s, t[s] / hz}' |
		sort
}

# note_cloud_cpu SECONDS: notes how much CPU each service used between cpu-before.txt and
# cpu-after.txt, against what the machine's cores had in SECONDS.
note_cloud_cpu() {
	local used
	used=$(join "$WORK/cpu-before.txt" "$WORK/cpu-after.txt" |
		awk '{d = $3 - $2; if (d >= 0.5) printf "%s %.0f s, ", $1, d}')
	note "boot: during the \`parallel.map\` boot ($(printf '%.0f' "$1") s on $(nproc) cores," \
		"$(awk -v s="$1" -v n="$(nproc)" 'BEGIN { printf "%.0f", s * n }') CPU-seconds in all)" \
		"the cloud's processes used: ${used%, } (user + system time from /proc)"
}

# raise_quota lets the project hold the servers, as admin, and remembers the quota to
# restore.
raise_quota() {
	openstack --os-cloud "$ADMIN_CLOUD" quota show "$PROJECT" -f json >"$WORK/quota.json"
	local need=$((BOOT_COUNT + 70))
	openstack --os-cloud "$ADMIN_CLOUD" quota set --instances "$need" --cores $((2 * need)) \
		--ram 1000000 "$PROJECT"
}

restore_quota() {
	[ -s "$WORK/quota.json" ] || return 0
	openstack --os-cloud "$ADMIN_CLOUD" quota set "$PROJECT" \
		--instances "$(jq .instances "$WORK/quota.json")" \
		--cores "$(jq .cores "$WORK/quota.json")" --ram "$(jq .ram "$WORK/quota.json")"
	rm -f "$WORK/quota.json"
}

# cleanup_servers deletes every server the benchmark booted (named nlbench-*).
cleanup_servers() {
	OS_CLOUD=$CLOUD "$NOVALUA" bench/lua/cleanup.lua "$PREFIX" >&2
}

boot_cleanup() {
	cleanup_servers || log "cleanup failed: delete the servers named $PREFIX* by hand"
	restore_quota || log "could not restore the quota of $PROJECT: see $WORK/quota.json"
}
