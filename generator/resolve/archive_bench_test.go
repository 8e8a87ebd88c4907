package resolve

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"vanban/generator/bench/synth"
	"vanban/generator/cite"
	"vanban/generator/index"
	"vanban/generator/load"
	"vanban/generator/province"
)

// The archive benchmarks read VANBAN_CONTENT (a content directory, e.g. a
// ready 10k archive) when set, else a synthetic archive of BENCH_N
// directives (default 1000) generated once per run.
var benchArchive = sync.OnceValues(func() (*load.Result, error) {
	dir := os.Getenv("VANBAN_CONTENT")
	if dir == "" {
		n, err := strconv.Atoi(os.Getenv("BENCH_N"))
		if err != nil || n <= 0 {
			n = 1000
		}
		tmp, err := os.MkdirTemp("", "vanban-resolve-bench-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		if err := synth.Plan(synth.Options{N: n}).Write(tmp, false); err != nil {
			return nil, err
		}
		dir = filepath.Join(tmp, "content")
	}
	return load.Load(context.Background(), os.DirFS(dir))
})

func benchLoaded(b *testing.B) *load.Result {
	b.Helper()
	res, err := benchArchive()
	if err != nil {
		b.Fatal(err)
	}
	return res
}

var benchClock = time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("ICT", 7*3600))

// BenchmarkIndexResolve is the work every build does before rendering.
func BenchmarkIndexResolve(b *testing.B) {
	res := benchLoaded(b)
	b.ResetTimer()
	for b.Loop() {
		ix, _ := index.Build(res.Directives, index.Options{Clock: benchClock, Provinces: province.Default()})
		Resolve(ix)
	}
}

func BenchmarkResolveArchive(b *testing.B) {
	res := benchLoaded(b)
	ix, _ := index.Build(res.Directives, index.Options{Clock: benchClock, Provinces: province.Default()})
	b.ResetTimer()
	for b.Loop() {
		Resolve(ix)
	}
}

func BenchmarkFindArchive(b *testing.B) {
	res := benchLoaded(b)
	size := 0
	for _, d := range res.Directives {
		size += len(d.Current().Body)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	for b.Loop() {
		for _, d := range res.Directives {
			cite.Find(d.Current().Body)
		}
	}
}
