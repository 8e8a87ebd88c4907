package load

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// countingFS counts the opens and whole reads of each content file.
type countingFS struct {
	fs.FS
	mu    sync.Mutex
	reads map[string]int
}

func (c *countingFS) count(name string) {
	if strings.HasSuffix(name, ".md") {
		c.mu.Lock()
		c.reads[name]++
		c.mu.Unlock()
	}
}

func (c *countingFS) Open(name string) (fs.File, error) {
	c.count(name)
	return c.FS.Open(name)
}

func (c *countingFS) ReadFile(name string) ([]byte, error) {
	c.count(name)
	return fs.ReadFile(c.FS, name)
}

// load runs loadCached at now with old written and read back, and returns
// the files it read.
func (c *countingFS) load(t *testing.T, old *Cache, now time.Time) (*Result, *Cache, map[string]int) {
	t.Helper()
	if old != nil {
		old = roundTrip(t, old)
	}
	c.reads = map[string]int{}
	res, next, err := loadCached(context.Background(), c, old, now.UnixNano(), true, false)
	if err != nil {
		t.Fatal(err)
	}
	return res, next, c.reads
}

// withBodies returns res with the bodies of files not read put back from
// fsys, as a later stage reads them.
func withBodies(t *testing.T, fsys fs.FS, res *Result) *Result {
	t.Helper()
	for _, d := range res.Directives {
		for _, doc := range d.Editions {
			if doc.Body != "" || doc.BodyAt == 0 {
				continue
			}
			data, err := fs.ReadFile(fsys, doc.File)
			if err != nil {
				t.Fatal(err)
			}
			doc.Body = string(data[doc.BodyAt:])
		}
	}
	return res
}

// A warm load reads only what it must; whatever it reads or not, the
// result is Load's once the bodies are read back.
func TestLoadCachedStatFirst(t *testing.T) {
	now := time.Now()
	old, recent := now.Add(-time.Hour), now.Add(-time.Second) // recent: inside racyWindow
	const (
		oldFile  = "x/toml.md"
		racyFile = "x/ed/ban-1.md"
		nfdFile  = "x/nfd.md" // body normalized: never the file's tail, always read
	)
	tests := []struct {
		name string
		// change is applied to the tree after the first load.
		change func(m fstest.MapFS)
		// reads and misses of the second load, beyond nfdFile
		reads   []string
		misses  int
		refresh int
	}{
		{name: "untouched", change: func(fstest.MapFS) {}},
		{name: "edited, same size and time, old time", reads: nil, misses: 0, // the rule: an old time proves the bytes
			change: func(m fstest.MapFS) {
				m[oldFile].Data = bytes.Replace(m[oldFile].Data, []byte("TOML"), []byte("TOMB"), 1)
			}},
		{name: "edited, same size and time, recent time", reads: []string{racyFile}, misses: 1,
			change: func(m fstest.MapFS) {
				m[racyFile].Data = bytes.Replace(m[racyFile].Data, []byte("Bản một"), []byte("Bản mốt"), 1)
			}},
		{name: "touched, old", reads: []string{oldFile}, refresh: 1,
			change: func(m fstest.MapFS) { m[oldFile].ModTime = old.Add(time.Minute) }},
		{name: "edited, new time", reads: []string{oldFile}, misses: 1,
			change: func(m fstest.MapFS) {
				m[oldFile].Data = append(m[oldFile].Data, "Thêm.\n"...)
				m[oldFile].ModTime = recent
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := cacheFS(t)
			for name, f := range m {
				f.ModTime = old
				if name == racyFile {
					f.ModTime = recent
				}
			}
			c := &countingFS{FS: m}
			_, first, reads := c.load(t, nil, now)
			if len(reads) != len(m) {
				t.Fatalf("first load read %d files, want %d", len(reads), len(m))
			}
			tt.change(m)
			res, second, reads := c.load(t, first, now.Add(time.Second))
			want := map[string]int{nfdFile: 1, racyFile: 1} // racyFile: still recent
			for _, f := range tt.reads {
				want[f] = 1
			}
			if !reflect.DeepEqual(reads, want) {
				t.Errorf("read %v, want %v", reads, want)
			}
			if second.Misses != tt.misses || second.Refreshed != tt.refresh || second.Unread != len(m)-len(want) {
				t.Errorf("%d parsed, %d refreshed, %d unread; want %d, %d, %d", second.Misses, second.Refreshed, second.Unread, tt.misses, tt.refresh, len(m)-len(want))
			}
			ref, err := Load(context.Background(), m)
			if err != nil {
				t.Fatal(err)
			}
			got := withBodies(t, m, res)
			if tt.name == "edited, same size and time, old time" {
				// The cached parse of the old bytes: only a reset of the time
				// hides an edit.
				got.Directives, ref.Directives = nil, nil
			}
			if !reflect.DeepEqual(got, ref) {
				for i := range ref.Directives {
					if !reflect.DeepEqual(got.Directives[i], ref.Directives[i]) {
						t.Errorf("%s differs:\n got %+v\nwant %+v", ref.Directives[i].Current().File, got.Directives[i].Current(), ref.Directives[i].Current())
					}
				}
				t.Fatal("the warm load differs from Load")
			}
			// Once old enough, the racy file is trusted: a third load, later,
			// reads it and records that; a fourth does not read it.
			_, third, reads := c.load(t, second, now.Add(time.Minute))
			if reads[racyFile] != 1 || third.Refreshed < 1 || third.Misses != 0 {
				t.Errorf("third load: read %v, %d refreshed, %d parsed; want %s read and refreshed, none parsed", reads, third.Refreshed, third.Misses, racyFile)
			}
			_, _, reads = c.load(t, third, now.Add(2*time.Minute))
			if !reflect.DeepEqual(reads, map[string]int{nfdFile: 1}) {
				t.Errorf("fourth load read %v, want only %s", reads, nfdFile)
			}
		})
	}
}

// On a directory, the time of the file a symbolic link names decides, not
// the link's; through Dir and os.DirFS alike. An edit that restores the
// modification time is seen: the change time moved.
func TestLoadCachedDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string, mtime time.Time) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-time.Hour)
	doc := "---\nnumber: 1/QĐ-UBND\ntype: quyet-dinh\ntitle: Một\nprovince: lai-chau\ndate: 2023-01-02\n---\n\nThực hiện Công văn số 24/UBND-VX ngày 02/11/2018.\n"
	write("a/one.md", doc, old)
	write("_target/two.md", strings.ReplaceAll(doc, "1/QĐ", "2/QĐ"), old)
	if err := os.Symlink("../_target/two.md", filepath.Join(dir, "a/two.md")); err != nil {
		t.Skip(err)
	}
	for _, fsys := range []fs.FS{Dir(dir), os.DirFS(dir)} {
		// Writing the files set their change time to now, which no test can
		// move back: both loads happen "a minute later", when it is old
		// enough to be trusted.
		later := time.Now().Add(time.Minute).UnixNano()
		_, c, err := loadCached(context.Background(), fsys, nil, later, false, false)
		if err != nil {
			t.Fatal(err)
		}
		res, c, err := loadCached(context.Background(), fsys, roundTrip(t, c), later, true, false)
		if err != nil || c.Unread != 2 || c.Misses != 0 {
			t.Fatalf("%T: warm load: %d unread, %d parsed, %v; want 2, 0", fsys, c.Unread, c.Misses, err)
		}
		for _, d := range res.Directives {
			if doc := d.Current(); doc.Body != "" || doc.BodyAt <= 0 || len(doc.Mentions) != 1 || doc.Mentions[0].Number.Text != "24/UBND-VX" {
				t.Errorf("%T: %s not read: body %q at %d, mentions %+v", fsys, doc.File, doc.Body, doc.BodyAt, doc.Mentions)
			}
		}
		// The target changes, the link does not.
		write("_target/two.md", strings.ReplaceAll(doc, "Một", "Hai"), old.Add(time.Minute))
		res, _, err = LoadCachedStat(context.Background(), fsys, roundTrip(t, c))
		if err != nil || res.Directives[1].Current().Title != "Hai" {
			t.Errorf("%T: the edit of a linked file is not seen: %v", fsys, err)
		}
		write("_target/two.md", strings.ReplaceAll(doc, "1/QĐ", "2/QĐ"), old)
		// Same size, modification time set back: only the change time says.
		_, c, err = loadCached(context.Background(), fsys, nil, later, false, false)
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond) // a later tick of the file system's clock
		write("a/one.md", strings.ReplaceAll(doc, "Một", "Mộu"), old)
		res, _, err = loadCached(context.Background(), fsys, roundTrip(t, c), later, true, false)
		if err != nil || res.Directives[0].Current().Title != "Mộu" {
			t.Errorf("%T: an edit with the modification time restored is not seen: %v", fsys, err)
		}
	}
}
