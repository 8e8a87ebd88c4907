//go:build !linux

package output

import "os"

// create writes data to a new file at p (which must not exist) and returns
// its stamp.
func create(p string, data []byte) (Stamp, error) {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return Stamp{}, err
	}
	_, err = f.Write(data)
	var fi os.FileInfo
	if err == nil {
		// The stamp the file keeps: renames do not change the mtime.
		fi, err = f.Stat()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Stamp{}, err
	}
	return stampOf(fi), nil
}
