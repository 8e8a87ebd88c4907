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

// limitMemory sets the garbage collector's soft memory limit once the
// archive is loaded and resolved and the outputs are planned (the build
// calls it as the plan stage ends, bodies dropped from memory): two and a
// half times the live heap then, plus room for the pages being rendered.
// The collector paces itself as with GOGC=100 while the heap is below it,
// and returns freed memory to the system instead of keeping it, so peak
// memory follows the archive's size rather than the garbage of rendering.
// Rendering adds to the live heap (the manifest, fingerprints): the margin
// keeps the collector from running back to back. GOMEMLIMIT, when set, is
// the user's choice and is kept. It returns the live heap and the limit set
// (0 when none).
func limitMemory() (live, limit uint64) {
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
	limit = 2*live + live/2 + 64<<20
	debug.SetMemoryLimit(int64(limit))
	return live, limit
}
