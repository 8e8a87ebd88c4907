package output

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// lstatAll stamps dir's files rels (slash paths) into stamps, Size -1 for
// one that is missing or not a regular file. Each is one statx call asking
// only for type, size and modification time, on a path built in a reused
// buffer: os.Lstat allocates the joined path, a FileInfo and a C string per
// call, and an incremental build stamps some 20,000 files.
func lstatAll(dir string, rels []string, stamps []Stamp) {
	buf := make([]byte, 0, len(dir)+256)
	var st unix.Statx_t
	// Paths relative to the directory, opened once: the kernel walks only
	// the components below it (the output is often several levels deep).
	at, prefix := unix.AT_FDCWD, dir+"/"
	if fd, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0); err == nil {
		defer unix.Close(fd)
		at, prefix = fd, ""
	}
	for i, rel := range rels {
		if strings.IndexByte(rel, 0) >= 0 { // not a path the kernel would see whole
			stamps[i] = lstatStamp(filepath.Join(dir, filepath.FromSlash(rel)))
			continue
		}
		buf = append(append(buf[:0], prefix...), rel...)
		buf = append(buf, 0)
		_, _, errno := syscall.Syscall6(unix.SYS_STATX, uintptr(at), uintptr(unsafe.Pointer(&buf[0])),
			uintptr(unix.AT_SYMLINK_NOFOLLOW|unix.AT_STATX_DONT_SYNC), uintptr(unix.STATX_TYPE|unix.STATX_SIZE|unix.STATX_MTIME),
			uintptr(unsafe.Pointer(&st)), 0)
		switch {
		case errno == syscall.ENOSYS || errno == syscall.EPERM: // no statx (old kernel, seccomp)
			lstatEach(dir, rels[i:], stamps[i:])
			return
		case errno != 0 || st.Mask&(unix.STATX_TYPE|unix.STATX_SIZE|unix.STATX_MTIME) != unix.STATX_TYPE|unix.STATX_SIZE|unix.STATX_MTIME:
			// A file system that cannot tell is asked the usual way.
			stamps[i] = lstatStamp(filepath.Join(dir, filepath.FromSlash(rel)))
		case st.Mode&unix.S_IFMT != unix.S_IFREG:
			stamps[i] = Stamp{Size: -1}
		default:
			stamps[i] = Stamp{Size: int64(st.Size), ModTime: st.Mtime.Sec*1e9 + int64(st.Mtime.Nsec)}
		}
	}
}

// lstatStamp is the stamp of the file at p, Size -1 when it is missing or
// not a regular file.
func lstatStamp(p string) Stamp {
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() {
		return Stamp{Size: -1}
	}
	return stampOf(fi)
}

func lstatEach(dir string, rels []string, stamps []Stamp) {
	for i, rel := range rels {
		stamps[i] = lstatStamp(filepath.Join(dir, filepath.FromSlash(rel)))
	}
}
