//go:build linux && (amd64 || arm64)

package main

import (
	"bytes"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"unsafe"
)

// hugeHeapReserve is the heap address space a clean build of few files
// (hugeHeapFiles) is advised beyond the arena the heap starts in, and the
// least an incremental build is (incrementalReserve): the whole heap of a
// build of 10,000 directives (120 MB incremental, 200 MB clean), not much
// more (see fit).
const hugeHeapReserve = 256 << 20

// hugeHeapFiles is the most Markdown files of a clean build advised huge
// pages: the archive whose parse cache would be smallCache (24 MB), whose
// heap still fits hugeHeapReserve.
const hugeHeapFiles = 17000

// incrementalReserve is the space advised for an incremental build whose
// parse cache (site.ParseCacheSize) is cache bytes: see reserveFor.
func incrementalReserve(cache int64) uintptr {
	var si syscall.Sysinfo_t
	ram := int64(0)
	if syscall.Sysinfo(&si) == nil {
		ram = int64(si.Totalram) * int64(si.Unit)
	}
	return reserveFor(cache, ram, strictOvercommit())
}

// reserveFor is 8 times the parse cache, about what an incremental build's
// heap grows to (10,000 directives: a 13.5 MB cache, a 120 MB heap;
// 100,000: 138 MB and 850 MB, 1.8 GB when a template changed and every
// page is rendered again), at least hugeHeapReserve, and at most a quarter
// of the machine's memory, ram bytes (0 when unknown): the space is
// committed while the allocation that grows it lives, and the Go runtime
// cannot survive a refused allocation (one larger than the machine's
// memory is refused). Under strict overcommit, where the limit is shared
// with every process, it is hugeHeapReserve, as for every build before.
// Unlike a clean build's, an incremental build's heap fills once and does
// not churn under the soft memory limit when little changed. At 100,000
// directives, two sets of alternating runs after one edit took 6.9–7.8 s
// with the advice against 7.9–10.3 s without, and after a template change
// 71.8–86.2 s against 77.7–86.3 s (BENCHMARKS.md).
func reserveFor(cache, ram int64, strict bool) uintptr {
	if strict {
		return hugeHeapReserve
	}
	r := max(hugeHeapReserve, 8*cache)
	if ram > 0 {
		r = min(r, max(hugeHeapReserve, ram/4))
	}
	return uintptr(r)
}

// strictOvercommit reports whether the kernel commits no memory beyond its
// limit (vm.overcommit_memory is 2).
func strictOvercommit() bool {
	b, err := os.ReadFile("/proc/sys/vm/overcommit_memory")
	return err == nil && strings.TrimSpace(string(b)) == "2"
}

// heapArena is the Go runtime's unit of heap address space on 64-bit
// Linux (runtime.heapArenaBytes): a region it maps, and so one VMA.
const heapArena = 64 << 20

// MADV_HUGEPAGE and MADV_NOHUGEPAGE (the syscall package does not name them).
const (
	madvHugePage   = 14
	madvNoHugePage = 15
)

// hugePages is the heap address space advised for huge pages; the zero
// value advises nothing.
type hugePages struct{ lo, hi uintptr }

// adviseHugePages asks the kernel to back the start of the process's heap
// with transparent huge pages where the system leaves that to the program
// (/sys/kernel/mm/transparent_hugepage/enabled is "madvise", Debian's and
// most distributions' default). The Go runtime stopped asking in Go 1.21.1,
// so every 4 KB page of heap costs a page fault the first time it is
// touched. A build fills its heap once, from loading to planning: an
// incremental build of 10,000 directives took 27,000 faults, about 40 % of
// its CPU time on a virtual machine, and takes 2,500 with huge pages
// (BENCHMARKS.md).
//
// The advice belongs to a mapping and the runtime maps heap address space
// as the heap grows, so the space is first grown: one large allocation
// makes the runtime map reserve bytes, which are advised and then
// released untouched (no memory is used; the heap then reuses that space
// from its lowest address). GODEBUG=disablethp=1, the runtime's own switch
// for huge pages, turns this off too. Failures are ignored: the build is
// only slower.
func adviseHugePages(reserve uintptr) hugePages {
	if strings.Contains(os.Getenv("GODEBUG"), "disablethp=1") || !thpOnAdvice() {
		return hugePages{}
	}
	first := new([64]byte) // in the arena small objects come from
	space := make([]byte, reserve)
	at := addr(unsafe.Pointer(unsafe.SliceData(space)))
	h := hugePages{
		lo: min(addr(unsafe.Pointer(first)), at) &^ (heapArena - 1),
		hi: (max(addr(unsafe.Pointer(first))+1, at+reserve) + heapArena - 1) &^ (heapArena - 1),
	}
	h.advise(madvHugePage)
	runtime.KeepAlive(first)
	runtime.KeepAlive(space)
	space = nil
	debug.FreeOSMemory() // the reserve was never touched: nothing is resident
	return h
}

// fit withdraws the advice when the live heap, live bytes, is more than
// half the advised space. A heap larger than the space does not fill once:
// it churns under the soft memory limit (see limitMemory), the runtime
// returning freed pages to the system and taking them back, and one taken
// back inside advised space costs a fresh 2 MB page. A clean build of
// 100,000 directives (600 MB live) took 272 s with 1 GB advised, 134 s with
// 256 MB, 115 s with 256 MB withdrawn once loaded, and 93–97 s with none;
// hence the advice for a clean build only when it is known to be small
// (hugeHeapFiles), for an incremental one over space in proportion to its
// cache (incrementalReserve), and this for what they did not foresee.
// Huge pages already mapped stay.
func (h hugePages) fit(live uint64) {
	if live > uint64(h.hi-h.lo)/2 {
		h.release()
	}
}

// release withdraws the advice.
func (h hugePages) release() {
	h.advise(madvNoHugePage)
}

func (h hugePages) advise(advice uintptr) {
	if h.hi <= h.lo {
		return
	}
	// ENOMEM for a gap between arenas is expected: the mapped parts are
	// advised all the same.
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, h.lo, h.hi-h.lo, advice)
}

func addr(p unsafe.Pointer) uintptr { return uintptr(p) }

// thpOnAdvice reports whether transparent huge pages are given to
// mappings that ask for them and not to others.
func thpOnAdvice() bool {
	b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	return err == nil && bytes.Contains(b, []byte("[madvise]"))
}
