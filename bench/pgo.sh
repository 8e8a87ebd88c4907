#!/usr/bin/env bash
# Refreshes generator/default.pgo, the CPU profile `go build ./generator`
# optimises the program for (profile-guided optimisation, Go 1.21+): a clean
# build of the 10,000-directive synthetic archive, then an incremental build
# after one edit, their profiles merged. Run it after a change that moves
# where the build spends its time, and commit the result.
#
#   bench/pgo.sh                # archive under ${TMPDIR:-/tmp}/vanban-bench
set -euo pipefail

cd "$(dirname "$0")/.."
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/vanban-bench}
N=10000
A="$BENCH_DIR/$N"
W=$(mktemp -d "${TMPDIR:-/tmp}/vanban-pgo.XXXXXX")
trap 'rm -rf "$W"' EXIT

# The program profiled is built without the old profile, so that the new
# one does not depend on it.
go build -pgo=off -o "$W/vanban" ./generator
go build -o "$W/gen" ./generator/bench/gen
"$W/gen" -n "$N" -out "$A" -hugo=false >/dev/null

build() { (cd "$A" && "$W/vanban" build --content content --config vanban.yaml --out "$W/out/public" --cpuprofile "$1" >/dev/null); }
build "$W/clean.prof"
F=$(find "$A/content" -name '*.md' | sort | sed -n "$((N / 2))p")
cp "$F" "$W/edit.bak"
printf '\nĐoạn bổ sung khi lập hồ sơ.\n' >>"$F"
build "$W/incremental.prof"
cp "$W/edit.bak" "$F"
touch -d '2020-01-01' "$F"

# Merged beside, then moved: a failed merge leaves the committed profile.
go tool pprof -proto "$W/clean.prof" "$W/incremental.prof" >"$W/merged.pgo"
mv "$W/merged.pgo" generator/default.pgo
echo "wrote generator/default.pgo ($(wc -c <generator/default.pgo) bytes)"
