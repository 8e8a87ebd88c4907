//go:build !linux

package load

import "io/fs"

// readDirect is a faster way to read a file where there is one.
func readDirect(fs.FS, string) ([]byte, int64, bool) { return nil, 0, false }

// statDirect is a faster way to stat a file where there is one.
func statDirect(fs.FS, string) (int64, int64, bool) { return 0, 0, false }

// stamp is the time the cache keys a file by: its modification time here
// (see read_linux.go).
func stamp(info fs.FileInfo) int64 { return unixNano(info.ModTime()) }
