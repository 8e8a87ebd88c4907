package load

import (
	"io/fs"
	"syscall"
)

// readDirect reads a file of a Dir with four system calls (open, fstat,
// read, close) instead of the nine os.Open and (*os.File).Read make —
// registering with the poller and undoing it cost more than the read:
// reading is most of a load with the parse cache. It reports false for any
// other file system and on any problem, and readFile then reads the usual
// way (and reports the error as ever).
func readDirect(fsys fs.FS, name string) (data []byte, mtime int64, ok bool) {
	d, isDir := fsys.(Dir)
	if !isDir || d == "" || !fs.ValidPath(name) {
		return nil, 0, false
	}
	root := string(d)
	if root[len(root)-1] != '/' {
		root += "/"
	}
	fd, err := syscall.Open(root+name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, 0, false
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if syscall.Fstat(fd, &st) != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG || st.Size <= 0 || st.Size >= 1<<30 {
		return nil, 0, false
	}
	data = make([]byte, st.Size)
	for n := 0; n < len(data); {
		m, err := syscall.Read(fd, data[n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil || m <= 0 {
			return nil, 0, false
		}
		n += m
	}
	return data, stampOf(&st), true
}

// statDirect returns the size and modification time of a regular file of a
// Dir (following symbolic links) with one system call; false for any other
// file system and on any problem.
func statDirect(fsys fs.FS, name string) (size, mtime int64, ok bool) {
	d, isDir := fsys.(Dir)
	if !isDir || d == "" || !fs.ValidPath(name) {
		return 0, 0, false
	}
	root := string(d)
	if root[len(root)-1] != '/' {
		root += "/"
	}
	var st syscall.Stat_t
	if syscall.Stat(root+name, &st) != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return 0, 0, false
	}
	mtime = stampOf(&st)
	return st.Size, mtime, mtime != 0
}

// stampOf is the time the cache keys a file by: the later of its
// modification time and its status change time. Restoring a modification
// time by hand (touch -r, an editor keeping times, a copy with -p) cannot
// restore the change time, so an edit with the same size and the old
// modification time is still seen.
func stampOf(st *syscall.Stat_t) int64 {
	return max(int64(st.Mtim.Sec)*1e9+int64(st.Mtim.Nsec), int64(st.Ctim.Sec)*1e9+int64(st.Ctim.Nsec)) // int32 fields on 32-bit systems
}

// stamp is stampOf for a file of any file system: the modification time
// where the change time is unknown.
func stamp(info fs.FileInfo) int64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return stampOf(st)
	}
	return unixNano(info.ModTime())
}
