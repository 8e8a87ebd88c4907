package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
)

// startCPUProfile profiles the process into name until the returned
// function is called.
func startCPUProfile(name string) (stop func(), err error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// writeHeapProfile writes the live heap after a collection, so the profile
// shows what the build still holds.
func writeHeapProfile(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// collectLess lets the heap grow to five times the live heap between
// collections instead of twice (GOGC=400), unless GOGC is set. It is for
// small heaps only, where the soft limit (limitMemory) is what bounds the
// heap: the collector then runs when the heap nears the limit, not each
// time it doubles. A clean build of 10,000 directives makes about 2.5 GB
// of garbage over a live heap of 60 MB: 48 collections instead of 70 (with
// limitRoom), 8 % of its time. It returns the function that restores the
// setting.
func collectLess() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(400)
	return func() { debug.SetGCPercent(old) }
}

// smallCache is the largest parse cache (site.ParseCacheSize) of an
// incremental build that collects less from the start (collectLess): 10,000
// directives make a 13.5 MB cache and a live heap of about 60 MB.
const smallCache = 24 << 20

// smallHeap is the live heap under which a build collects less
// (collectLess): its soft limit is then at most 2*smallHeap+limitRoom,
// 384 MB; above it, GOGC=100 keeps the peak of a large archive near twice
// its live heap.
const smallHeap = 128 << 20

// limitRoom is the least room the soft limit leaves above twice the live
// heap: with collectLess, the garbage made between two collections. 128 MB
// puts the peak of a clean build of 10,000 directives at about 260 MB
// (target 300) and saves a collection in two against 64 MB.
const limitRoom = 128 << 20

// limitMemory sets the garbage collector's soft memory limit to twice the
// live heap plus room: limitRoom, or room times the live heap when that is
// more. The build calls it twice: when the archive is loaded (the stages
// up to rendering hold the catalogue, the graph and the parse cache being
// written), and when every output is planned (bodies and the parse cache
// gone from memory). Under the limit the collector paces itself by GOGC;
// near it, it collects sooner and returns freed memory to the system
// instead of keeping it, so peak memory follows the archive's size rather
// than the garbage of parsing and rendering. GOMEMLIMIT, when set, is the
// user's choice and is kept. It returns the live heap and the limit set
// (0 when none).
func limitMemory(room float64) (live, limit uint64) {
	runtime.GC() // what the stages before left behind is garbage now
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0, 0
	}
	live = s[0].Value.Uint64()
	if os.Getenv("GOMEMLIMIT") != "" {
		return live, 0
	}
	limit = 2*live + max(limitRoom, uint64(room*float64(live)))
	debug.SetMemoryLimit(int64(limit))
	return live, limit
}

// collector is what the garbage collector did in this process so far.
type collector struct {
	cycles uint64
	cpu    float64 // CPU seconds of the collector (runtime estimate, updated by each collection)
}

// readCollector reads it from runtime/metrics: the wall time of a large
// build varies by ±7 % between runs on the same machine, the collector's
// share of the work much less.
func readCollector() collector {
	s := []metrics.Sample{
		{Name: "/gc/cycles/total:gc-cycles"},
		{Name: "/cpu/classes/gc/total:cpu-seconds"},
	}
	metrics.Read(s)
	var c collector
	if s[0].Value.Kind() == metrics.KindUint64 {
		c.cycles = s[0].Value.Uint64()
	}
	if s[1].Value.Kind() == metrics.KindFloat64 {
		c.cpu = s[1].Value.Float64()
	}
	return c
}
