package load

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// readFile gives the same bytes and time whichever way it reads.
func TestReadFileDirect(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "a"), 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"a/x.md": "---\ntitle: x\n---\nthân\n", "empty.md": ""}
	for name, s := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, root := range []string{dir, dir + "/"} {
		fsys := Dir(root)
		for name, want := range files {
			data, mtime, err := readFile(fsys, name)
			st, serr := fs.Stat(fsys, name)
			if err != nil || serr != nil || string(data) != want || mtime != st.ModTime().UnixNano() {
				t.Errorf("%s %s: %q %d %v; want %q %d", root, name, data, mtime, err, want, st.ModTime().UnixNano())
			}
		}
		if _, _, err := readFile(fsys, "missing.md"); err == nil || err.Error() != "open missing.md: no such file or directory" {
			t.Errorf("missing file: %v", err)
		}
	}
	m := fstest.MapFS{"a.md": {Data: []byte("abc")}}
	for _, other := range []fs.FS{m, os.DirFS(dir)} {
		if _, _, ok := readDirect(other, "x/a.md"); ok {
			t.Errorf("readDirect read a %T", other)
		}
	}
	if data, _, err := readFile(m, "a.md"); err != nil || !bytes.Equal(data, []byte("abc")) {
		t.Errorf("MapFS: %q %v", data, err)
	}
}
