package site

import (
	"errors"
	"io/fs"
)

// Overlay returns a file system that serves each file from top when it has
// it and from base otherwise: a templates/ directory on disk overrides the
// embedded defaults file by file.
func Overlay(top, base fs.FS) fs.FS { return overlay{top, base} }

type overlay struct{ top, base fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	if o.top != nil {
		f, err := o.top.Open(name)
		if err == nil {
			st, serr := f.Stat()
			if serr == nil && !st.IsDir() {
				return f, nil
			}
			f.Close()
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return o.base.Open(name)
}
