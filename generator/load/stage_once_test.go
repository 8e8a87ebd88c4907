//go:build linux

package load

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestStageOnce is the load stage of an incremental build as a fresh
// process runs it, for measuring: VB_STAGE names a directory with content/
// and a build's .vanban-cache/ (the cache's binary is taken from it), and
// VB_FILE=1 reads the cache with ReadCacheFile instead of os.ReadFile and
// ReadCache. Skipped without VB_STAGE. A fresh process matters: most of
// the cost of decoding is getting new memory from the system.
func TestStageOnce(t *testing.T) {
	dir := os.Getenv("VB_STAGE")
	if dir == "" {
		t.Skip("VB_STAGE not set")
	}
	name := filepath.Join(dir, ".vanban-cache/content.cache")
	var bin [32]byte
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.ReadAt(bin[:], int64(len(cacheMagic)+4))
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	var ru0, ru1 syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	t0 := time.Now()
	var old *Cache
	if os.Getenv("VB_FILE") != "" {
		old, err = ReadCacheFile(name, bin)
	} else {
		var data []byte
		if data, err = os.ReadFile(name); err == nil {
			old, err = ReadCache(data, bin)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	t1 := time.Now()
	_, c, err := LoadLean(context.Background(), Dir(filepath.Join(dir, "content")), old)
	if err != nil {
		t.Fatal(err)
	}
	_ = c.Sums()
	t2 := time.Now()
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	user, sys := time.Duration(ru1.Utime.Nano()-ru0.Utime.Nano()), time.Duration(ru1.Stime.Nano()-ru0.Stime.Nano())
	t.Logf("read cache %v, load %v, total %v; CPU %v (user %v, system %v), %d page faults; %d hits (%d unread), %d misses",
		t1.Sub(t0).Round(time.Millisecond), t2.Sub(t1).Round(time.Millisecond), t2.Sub(t0).Round(time.Millisecond),
		(user + sys).Round(time.Millisecond), user.Round(time.Millisecond), sys.Round(time.Millisecond),
		ru1.Minflt-ru0.Minflt, c.Hits, c.Unread, c.Misses)
}
