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

// hugeHeapReserve is how much heap address space adviseHugePages covers:
// a build of 10,000 directives stays well inside it.
const hugeHeapReserve = 1 << 30

// heapArena is the Go runtime's unit of heap address space on 64-bit
// Linux (runtime.heapArenaBytes): a region it maps, and so one VMA.
const heapArena = 64 << 20

// adviseHugePages asks the kernel to back the process's heap with
// transparent huge pages where the system leaves that to the program
// (/sys/kernel/mm/transparent_hugepage/enabled is "madvise", Debian's and
// most distributions' default). The Go runtime stopped asking in Go 1.21.1
// (long-lived servers saw khugepaged inflate their memory), so every 4 KB
// page of heap costs a page fault the first time it is touched. A build is
// a short-lived process that fills its heap once: an incremental build of
// 10,000 directives took 27,000 faults, about 40 % of its CPU time on a
// virtual machine, and takes 2,500 with huge pages (BENCHMARKS.md).
//
// The advice belongs to a mapping and the runtime maps heap address space
// as the heap grows, so the space is first grown: one large allocation
// makes the runtime map hugeHeapReserve bytes of arenas, which are advised
// and then released untouched (no memory is used; the heap then reuses that
// space from its lowest address). GODEBUG=disablethp=1, the runtime's own
// switch for huge pages, turns this off too. Failures are ignored: the
// build is only slower.
func adviseHugePages() {
	if strings.Contains(os.Getenv("GODEBUG"), "disablethp=1") || !thpOnAdvice() {
		return
	}
	first := new([64]byte) // in the arena small objects come from
	reserve := make([]byte, hugeHeapReserve)
	lo := min(addr(unsafe.Pointer(first)), addr(unsafe.Pointer(unsafe.SliceData(reserve))))
	hi := max(addr(unsafe.Pointer(first))+1, addr(unsafe.Pointer(unsafe.SliceData(reserve)))+hugeHeapReserve)
	lo, hi = lo&^(heapArena-1), (hi+heapArena-1)&^(heapArena-1)
	// ENOMEM for a gap between arenas is expected: the mapped parts are
	// advised all the same.
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, lo, hi-lo, madvHugePage)
	runtime.KeepAlive(first)
	runtime.KeepAlive(reserve)
	reserve = nil
	debug.FreeOSMemory() // the reserve was never touched: nothing is resident
}

// madvHugePage is MADV_HUGEPAGE (the syscall package does not name it).
const madvHugePage = 14

func addr(p unsafe.Pointer) uintptr { return uintptr(p) }

// thpOnAdvice reports whether transparent huge pages are given to
// mappings that ask for them and not to others.
func thpOnAdvice() bool {
	b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	return err == nil && bytes.Contains(b, []byte("[madvise]"))
}
