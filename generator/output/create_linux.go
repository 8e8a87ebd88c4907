package output

import (
	"io/fs"
	"syscall"
)

// create writes data to a new file at p (which must not exist) and returns
// its stamp, with four system calls (open, write, fstat, close): os.OpenFile
// adds an fstat to decide whether the file can use the poller, and the
// build writes tens of thousands of files.
func create(p string, data []byte) (Stamp, error) {
	fd, err := syscall.Open(p, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o644)
	if err != nil {
		return Stamp{}, &fs.PathError{Op: "open", Path: p, Err: err}
	}
	for n := 0; n < len(data); {
		m, err := syscall.Write(fd, data[n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			syscall.Close(fd)
			return Stamp{}, &fs.PathError{Op: "write", Path: p, Err: err}
		}
		n += m
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		syscall.Close(fd)
		return Stamp{}, &fs.PathError{Op: "stat", Path: p, Err: err}
	}
	if err := syscall.Close(fd); err != nil {
		return Stamp{}, &fs.PathError{Op: "close", Path: p, Err: err}
	}
	return Stamp{Size: st.Size, ModTime: st.Mtim.Nano()}, nil
}
