//go:build linux && (amd64 || arm64)

package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// TestAdviseHugePages checks that the advice reaches the mapping the heap
// allocates from, and that the reserve it grows the heap by stays
// untouched (the advice is for the whole process: here the test binary).
func TestAdviseHugePages(t *testing.T) {
	if !thpOnAdvice() || strings.Contains(os.Getenv("GODEBUG"), "disablethp=1") {
		t.Skip("transparent huge pages are not on advice here, or GODEBUG turns them off")
	}
	before := residentBytes(t)
	h := adviseHugePages(hugeHeapReserve)
	defer h.release()
	if h.hi-h.lo < hugeHeapReserve {
		t.Fatalf("advised %d bytes, want at least %d", h.hi-h.lo, hugeHeapReserve)
	}
	// A fresh allocation of a few megabytes comes from the advised space.
	b := make([]byte, 8<<20)
	p := addr(unsafe.Pointer(&b[0]))
	if p < h.lo || p >= h.hi {
		t.Fatalf("allocation at %#x, outside the advised %#x-%#x", p, h.lo, h.hi)
	}
	if flags := vmFlags(t, p); !strings.Contains(" "+flags+" ", " hg ") {
		t.Errorf("heap mapping flags %q, want hg (MADV_HUGEPAGE)", flags)
	}
	if after := residentBytes(t); after > before+hugeHeapReserve/4 && !raceDetector {
		t.Errorf("resident memory grew by %d MB with the advice: the reserve was touched", (after-before)>>20)
	}
	h.fit(uint64(h.hi-h.lo) / 4) // a heap that fits: still advised
	if flags := vmFlags(t, p); !strings.Contains(" "+flags+" ", " hg ") {
		t.Errorf("heap mapping flags %q after fit, want hg (MADV_HUGEPAGE)", flags)
	}
	h.fit(uint64(h.hi - h.lo)) // one that does not
	if flags := vmFlags(t, p); !strings.Contains(" "+flags+" ", " nh ") {
		t.Errorf("heap mapping flags %q after fit to a larger heap, want nh (MADV_NOHUGEPAGE)", flags)
	}
}

// vmFlags returns the VmFlags line of the mapping holding p.
func vmFlags(t *testing.T, p uintptr) string {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	in := false
	for sc.Scan() {
		line := sc.Text()
		if lo, hi, ok := vmaRange(line); ok {
			in = lo <= p && p < hi
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmFlags:"))
		}
	}
	t.Fatalf("no mapping holds %#x", p)
	return ""
}

// vmaRange parses the "lo-hi perms ..." header line of a mapping.
func vmaRange(line string) (lo, hi uintptr, ok bool) {
	r, _, found := strings.Cut(line, " ")
	a, b, dash := strings.Cut(r, "-")
	if !found || !dash {
		return 0, 0, false
	}
	l, err1 := strconv.ParseUint(a, 16, 64)
	h, err2 := strconv.ParseUint(b, 16, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return uintptr(l), uintptr(h), true
}

// residentBytes is the process's resident memory (VmRSS).
func residentBytes(t *testing.T) uint64 { return procBytes(t, "/proc/self/status", "VmRSS:") }

// procBytes is the value of a "key: N kB" line of a /proc file, in bytes.
func procBytes(t *testing.T, file, key string) uint64 {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(line, key); ok {
			kb, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatalf("no %s in %s", key, file)
	return 0
}

// TestIncrementalReserve checks the space advised for an incremental
// build: never less than a small archive's, in proportion to a large
// archive's parse cache, whose heap is several times the cache, never more
// than a quarter of the machine's memory, and no more than before under
// strict overcommit.
func TestIncrementalReserve(t *testing.T) {
	const gb = 1 << 30
	for _, tc := range []struct {
		cache, ram int64
		strict     bool
		want       uintptr
	}{
		{1, 24 * gb, false, hugeHeapReserve},
		{13_500_000, 24 * gb, false, hugeHeapReserve},    // 10,000 directives
		{137_621_984, 24 * gb, false, 8 * 137_621_984},   // 100,000 directives
		{137_621_984, 0, false, 8 * 137_621_984},         // memory unknown
		{137_621_984, 2 * gb, false, gb / 2},             // a small machine
		{1_400_000_000, 24 * gb, false, 6 * gb},          // a million directives
		{137_621_984, 512 << 20, false, hugeHeapReserve}, // less than the least
		{137_621_984, 24 * gb, true, hugeHeapReserve},    // strict overcommit
	} {
		if got := reserveFor(tc.cache, tc.ram, tc.strict); got != tc.want {
			t.Errorf("reserveFor(%d, %d, %v) = %d, want %d", tc.cache, tc.ram, tc.strict, got, tc.want)
		}
	}
	// This machine: a huge cache is capped at a quarter of MemTotal.
	want := uintptr(hugeHeapReserve)
	if !strictOvercommit() {
		want = max(hugeHeapReserve, uintptr(procBytes(t, "/proc/meminfo", "MemTotal:")/4))
	}
	if got := incrementalReserve(1 << 50); got != want {
		t.Errorf("incrementalReserve(1 PB) = %d, want %d", got, want)
	}
}
