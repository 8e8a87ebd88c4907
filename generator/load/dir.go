package load

import (
	"io/fs"
	"os"
)

// Dir is a content tree in a directory of the local file system: it is
// os.DirFS(dir), and load reads its files with fewer system calls (see
// readDirect). Any other fs.FS loads the same, more slowly.
type Dir string

var (
	_ fs.ReadDirFS  = Dir("")
	_ fs.ReadFileFS = Dir("")
	_ fs.StatFS     = Dir("")
)

func (d Dir) fsys() fs.FS { return os.DirFS(string(d)) }

func (d Dir) Open(name string) (fs.File, error)          { return d.fsys().Open(name) }
func (d Dir) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.fsys(), name) }
func (d Dir) ReadFile(name string) ([]byte, error) {
	if data, _, ok := readDirect(d, name); ok {
		return data, nil
	}
	return fs.ReadFile(d.fsys(), name)
}
func (d Dir) Stat(name string) (fs.FileInfo, error) { return fs.Stat(d.fsys(), name) }
