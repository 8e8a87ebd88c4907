//go:build !(linux && (amd64 || arm64))

package main

// hugePages is a Linux matter: see hugepages_linux.go.
type hugePages struct{}

const (
	hugeHeapReserve = 0
	hugeHeapFiles   = 0
)

func incrementalReserve(int64) uintptr { return 0 }

func adviseHugePages(uintptr) hugePages { return hugePages{} }

func (hugePages) fit(uint64) {}

func (hugePages) release() {}
