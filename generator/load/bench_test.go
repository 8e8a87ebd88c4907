//go:build linux

package load

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"syscall"
	"testing"
)

// archiveFS is the benchmark archive; the benchmarks skip without it.
func archiveFS(b *testing.B) fs.FS {
	b.Helper()
	if _, err := os.Stat(benchArchive); err != nil {
		b.Skip("no archive at " + benchArchive)
	}
	return os.DirFS(benchArchive)
}

// cpuTime is the CPU time the process has used, user and system: on a
// shared machine it says more than the wall clock.
func cpuTime() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// reportCPU adds the CPU time per operation since start.
func reportCPU(b *testing.B, start int64) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// BenchmarkArchiveCold is a load without a cache.
func BenchmarkArchiveCold(b *testing.B) {
	fsys := archiveFS(b)
	start := cpuTime()
	for b.Loop() {
		if _, err := Load(context.Background(), fsys); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// BenchmarkArchiveWarm is what an incremental build pays: decode the cache
// file, then load with it, every file unchanged (and read: see
// BenchmarkArchiveWarmStat).
func BenchmarkArchiveWarm(b *testing.B) {
	fsys := archiveFS(b)
	_, data := encodedCache(b, fsys)
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		old, err := ReadCache(data, testBinary)
		if err != nil {
			b.Fatal(err)
		}
		_, c, err := LoadCached(context.Background(), fsys, old)
		if err != nil {
			b.Fatal(err)
		}
		if c.Misses != 0 {
			b.Fatalf("%d misses", c.Misses)
		}
	}
	reportCPU(b, start)
}

// BenchmarkArchiveWarmStat is BenchmarkArchiveWarm with LoadLean, as a build loads:
// no file is read.
func BenchmarkArchiveWarmStat(b *testing.B) {
	fsys := Dir(benchArchive)
	archiveFS(b)
	_, data := encodedCache(b, fsys)
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		old, err := ReadCache(data, testBinary)
		if err != nil {
			b.Fatal(err)
		}
		warmLoad(b, fsys, old)
	}
	reportCPU(b, start)
}

// BenchmarkArchiveWarmLoad is LoadLean alone with a decoded cache, every
// file unchanged (and not read), through os.DirFS and through Dir.
func BenchmarkArchiveWarmLoad(b *testing.B) {
	for _, fsys := range []fs.FS{archiveFS(b), Dir(benchArchive)} {
		b.Run(fmt.Sprintf("%T", fsys), func(b *testing.B) {
			_, data := encodedCache(b, fsys)
			old, err := ReadCache(data, testBinary)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			start := cpuTime()
			for b.Loop() {
				warmLoad(b, fsys, old)
			}
			reportCPU(b, start)
		})
	}
}

// BenchmarkArchiveReadCache is the cache reading and checking alone (Len
// waits for it): documents stay encoded until a load uses them (see
// BenchmarkArchiveWarmLoad).
func BenchmarkArchiveReadCache(b *testing.B) {
	_, data := encodedCache(b, archiveFS(b))
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		c, err := ReadCache(data, testBinary)
		if err != nil || c.Len() == 0 {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// BenchmarkArchiveWriteCache is the cache encoding, done by the build while
// the site renders.
func BenchmarkArchiveWriteCache(b *testing.B) {
	fsys := archiveFS(b)
	_, c, err := LoadCached(context.Background(), fsys, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		encode(b, c)
	}
}

// warmLoad loads the archive the way a build does (LoadLean) with a cache
// in which every file is unchanged, and checks no file was read.
func warmLoad(b *testing.B, fsys fs.FS, old *Cache) {
	b.Helper()
	_, c, err := LoadLean(context.Background(), fsys, old)
	if err != nil {
		b.Fatal(err)
	}
	if c.Misses != 0 || c.Unread != c.Hits {
		b.Fatalf("%d misses, %d of %d hits unread", c.Misses, c.Unread, c.Hits)
	}
}
