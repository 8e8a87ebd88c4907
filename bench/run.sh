#!/usr/bin/env bash
# Benchmarks vanban against the floor program and Hugo on synthetic archives.
#
#   bench/run.sh                 # N = 1,000 and 10,000
#   bench/run.sh --large         # also N = 100,000 (long: about 15 minutes on 2 cores)
#   bench/run.sh --sizes "2000"  # any sizes
#   bench/run.sh --runs 5        # best of 5 runs per tool (default 3)
#
# Archives are generated once per N (deterministic) and cached under
# $BENCH_DIR (default ${TMPDIR:-/tmp}/vanban-bench). Every tool runs as a
# compiled binary under /usr/bin/time -v; the table shows the fastest run's
# wall time, its CPU time (user + system), the largest peak RSS of the runs,
# and the files in the output. "incr" is vanban rebuilding after one
# directive was edited (cache kept from the previous build). "templates
# free" is vanban with bench/templates-free, templates that print only what
# the Go code computed (a directive's body and diagram, a page's title): the
# build as it would be if html/template cost nothing, against the floor.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/vanban-bench}
SIZES="1000 10000"
RUNS=3
while [ $# -gt 0 ]; do
	case "$1" in
	--large) SIZES="$SIZES 100000" ;;
	--sizes) SIZES="$2"; shift ;;
	--runs) RUNS="$2"; shift ;;
	-h|--help) sed -n '2,14p' "$0"; exit 0 ;;
	*) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done

TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
	echo "run.sh: $TIME not found (Debian package 'time')" >&2
	exit 1
fi
HUGO=$(command -v hugo || true)
HUGOV="not installed"
[ -n "$HUGO" ] && HUGOV=$("$HUGO" version | cut -d' ' -f2)

mkdir -p "$BENCH_DIR/bin"
go build -o "$BENCH_DIR/bin/vanban" ./generator
go build -o "$BENCH_DIR/bin/gen" ./generator/bench/gen
go build -o "$BENCH_DIR/bin/floor" ./generator/bench/floor

# measure NAME DIR CMD...: runs CMD in DIR under time -v; sets W (wall s),
# C (cpu s), R (peak RSS MB) of that run.
measure() {
	local name=$1 dir=$2; shift 2
	local tf="$BENCH_DIR/time.$name"
	(cd "$dir" && "$TIME" -v -o "$tf" "$@" >"$BENCH_DIR/log.$name" 2>&1) || {
		echo "run.sh: $name failed:" >&2
		tail -20 "$BENCH_DIR/log.$name" >&2
		exit 1
	}
	W=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$tf")
	C=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$tf")
	R=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$tf")
}

# discard DIR: moves DIR out of the way, to be deleted when the script ends.
# Deleting it here would skew the next run: ext4 without a journal (as on
# these VMs) skips inodes freed in the last minute when it allocates new
# ones (ialloc.c, recently_deleted), so creating 20,000 files right after
# deleting 20,000 costs seconds of kernel time, varying 2-3x between runs.
TRASH="$BENCH_DIR/trash"
discard() {
	[ -e "$1" ] || return 0
	mkdir -p "$TRASH"
	mv "$1" "$TRASH/$(date +%s%N)"
}
trap 'rm -rf "$TRASH"' EXIT

# best NAME DIR OUT CMD...: RUNS clean runs (OUT removed before each);
# keeps the fastest wall time, its CPU time and the largest peak RSS.
best() {
	local name=$1 dir=$2 out=$3; shift 3
	BW=""; BC=""; BR=0
	for _ in $(seq "$RUNS"); do
		discard "$out"
		rm -rf "$(dirname "$out")/.vanban-cache"
		sync
		measure "$name" "$dir" "$@"
		if [ -z "$BW" ] || awk "BEGIN { exit !($W < $BW) }"; then BW=$W; BC=$C; fi
		[ "$R" -gt "$BR" ] && BR=$R
	done
	BF=$(find "$out" -type f | wc -l)
}

ratio() { awk "BEGIN { if ($2 > 0) printf \"%.2f\", $1 / $2; else print \"-\" }"; }

echo "# vanban benchmark — $(date -u +%Y-%m-%dT%H:%MZ)"
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)"
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg); runs per tool: $RUNS (fastest shown); hugo: $HUGOV"
ROWS=()
for N in $SIZES; do
	A="$BENCH_DIR/$N"
	"$BENCH_DIR/bin/gen" -n "$N" -out "$A" -hugo="$([ -n "$HUGO" ] && echo true || echo false)" >/dev/null
	OUT="$BENCH_DIR/out-$N"
	best ours "$A" "$OUT/vanban" "$BENCH_DIR/bin/vanban" build --content content --config vanban.yaml --out "$OUT/vanban"
	OW=$BW OC=$BC OR=$BR OF=$BF
	# Incremental: edit one directive, rebuild with the cache, restore it.
	F=$(find "$A/content" -name '*.md' | sort | sed -n "$((N / 2))p")
	cp "$F" "$BENCH_DIR/edit.bak"
	IW=""
	for i in $(seq "$RUNS"); do
		# A different edit each time, so every run has work to do.
		printf '\nĐoạn bổ sung %d khi đo bản dựng tăng dần.\n' "$i" >>"$F"
		sync
		measure incr "$A" "$BENCH_DIR/bin/vanban" build --content content --config vanban.yaml --out "$OUT/vanban"
		if [ -z "$IW" ] || awk "BEGIN { exit !($W < $IW) }"; then
			IW=$W IC=$C IR=$R
			IWR=$(grep -o '([0-9]* written' "$BENCH_DIR/log.incr" | tr -dc 0-9)
		fi
	done
	cp "$BENCH_DIR/edit.bak" "$F"
	touch -d '2020-01-01' "$F"
	best free "$A" "$OUT/free" "$BENCH_DIR/bin/vanban" build --content content --config vanban.yaml --templates "$ROOT/bench/templates-free" --out "$OUT/free"
	TW=$BW TC=$BC
	best floor "$A" "$OUT/floor" "$BENCH_DIR/bin/floor" -content content -out "$OUT/floor"
	FW=$BW FC=$BC FR=$BR FF=$BF
	HW=- HC=- HR=- HF=-
	if [ -n "$HUGO" ]; then
		best hugo "$A/hugo" "$OUT/hugo" "$HUGO" --quiet --source "$A/hugo" --destination "$OUT/hugo"
		HW=$BW HC=$BC HR=$BR HF=$BF
	fi
	ROWS+=("$(printf '| %7s | %6ss %6ss %5s MB %7s | %5ss %5ss %4s MB (%s written) | %6ss %6ss | %6ss %6ss %5s MB %7s | %6ss %6ss %5s MB %7s | %5s | %5s | %5s | %6s |' \
		"$N" "$OW" "$OC" "$OR" "$OF" "$IW" "$IC" "$IR" "$IWR" "$TW" "$TC" "$FW" "$FC" "$FR" "$FF" "$HW" "$HC" "$HR" "$HF" \
		"$(ratio "$OW" "$FW")" "$([ "$HW" = - ] && echo - || ratio "$HW" "$OW")" "$(ratio "$TW" "$FW")" \
		"$(awk "BEGIN { printf \"%.0f\", $OW * 1e6 / $N }")")")
	discard "$OUT"
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| N | ours: wall, CPU, peak RSS, files | ours incremental (1 edit) | ours, templates free: wall, CPU | floor: wall, CPU, peak RSS, files | Hugo: wall, CPU, peak RSS, files | ours/floor | Hugo/ours | templates free/floor | ours µs/directive |"
echo "|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
