package output

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// entry is what a snapshot keeps of one file or directory.
type entry struct {
	mode  fs.FileMode
	mtime int64
	ino   uint64
	data  string
}

// snapshot records every path under dir, the root included, with its mode,
// mtime, inode and bytes.
func snapshot(t *testing.T, dir string) map[string]entry {
	t.Helper()
	out := map[string]entry{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		e := entry{mode: fi.Mode(), mtime: fi.ModTime().UnixNano(), ino: fi.Sys().(*syscall.Stat_t).Ino}
		if fi.Mode().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			e.data = string(b)
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = e
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func commit(t *testing.T, tx *Tx) {
	t.Helper()
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func update(t *testing.T, dir string) *Tx {
	t.Helper()
	tx, err := Update(dir)
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

// assertStamps checks that Stamps names every file of the manifest with its
// lstat.
func assertStamps(t *testing.T, out string, tx *Tx) {
	t.Helper()
	m, err := ReadManifest(os.DirFS(out))
	if err != nil {
		t.Fatal(err)
	}
	st := tx.Stamps()
	if !slices.Equal(slices.Sorted(maps.Keys(st)), m.SortedPaths()) {
		t.Errorf("Stamps names %v, manifest %v", slices.Sorted(maps.Keys(st)), m.SortedPaths())
	}
	for rel, s := range st {
		fi, err := os.Lstat(filepath.Join(out, rel))
		if err != nil {
			t.Error(err)
			continue
		}
		if got := stampOf(fi); got != s {
			t.Errorf("Stamps[%s] = %+v, lstat %+v", rel, s, got)
		}
	}
}

// An in-place update gives the tree and manifest a Begin build would, and
// leaves unchanged files alone.
func TestUpdateMatchesBegin(t *testing.T) {
	prev := map[string]string{
		"index.html":     "v1",
		"a/b.html":       "b1",
		"keep/x.html":    "x",
		"keep/y.html":    "y",
		"old/gone.html":  "gone",
		"p/q":            "file that becomes a directory",
		"r/s/index.html": "directory that becomes a file",
		"r/s/other.html": "o",
	}
	next := map[string]string{
		"index.html":         "v2",
		"a/b.html":           "b2",
		"keep/x.html":        "x", // Keep
		"keep/y.html":        "y", // Write, same bytes
		"new/dir/added.html": "added",
		"p/q/index.html":     "now a directory",
		"r/s":                "now a file",
	}
	out := filepath.Join(t.TempDir(), "public")
	first := build(t, out, prev)
	commit(t, first)
	stamps := first.Stamps()
	before := snapshot(t, out)

	tx := update(t, out)
	for _, rel := range slices.Sorted(maps.Keys(next)) {
		if rel == "keep/x.html" {
			if err := tx.Keep(rel, stamps[rel]); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := tx.Write(rel, []byte(next[rel])); err != nil {
			t.Fatal(err)
		}
	}
	if after := snapshot(t, out); !maps.Equal(before, after) {
		t.Fatal("Update changed the output before Commit")
	}
	commit(t, tx)

	want := filepath.Join(t.TempDir(), "public")
	commit(t, build(t, want, next))
	if got, w := tree(t, out), tree(t, want); !maps.Equal(got, w) {
		t.Errorf("updated tree:\n%v\nBegin would give:\n%v", got, w)
	}
	after := snapshot(t, out)
	for _, rel := range []string{"keep/x.html", "keep/y.html"} {
		if after[rel].ino != before[rel].ino || after[rel].mtime != before[rel].mtime {
			t.Errorf("%s was rewritten: %+v, before %+v", rel, after[rel], before[rel])
		}
	}
	if _, ok := after["old"]; ok {
		t.Error("the emptied directory old/ is still there")
	}
	n, w, b := tx.Stats()
	if n != 7 || w != 5 || b != int64(len("v2b2addednow a directorynow a file")) {
		t.Errorf("Stats = %d, %d, %d", n, w, b)
	}
	assertStamps(t, out, tx)
	assertNoLeftovers(t, out)

	// Nothing changes: nothing written, the manifest's bytes stay.
	m1, _ := os.ReadFile(filepath.Join(out, ManifestName))
	tx = update(t, out)
	for rel, s := range next {
		if err := tx.Write(rel, []byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	commit(t, tx)
	if _, w, _ := tx.Stats(); w != 0 {
		t.Errorf("a build without changes wrote %d files", w)
	}
	m2, _ := os.ReadFile(filepath.Join(out, ManifestName))
	if string(m1) != string(m2) {
		t.Error("the manifest changed though no file did")
	}
	assertStamps(t, out, tx)
}

func TestUpdateAbort(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first := build(t, out, map[string]string{"index.html": "v1", "a/b.html": "b", "c/d.html": "d"})
	commit(t, first)
	before := snapshot(t, out)

	tx := update(t, out)
	for rel, s := range map[string]string{"index.html": "v2", "new/e.html": "e", "a/b.html": "b"} {
		if err := tx.Write(rel, []byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Keep("c/d.html", first.Stamps()["c/d.html"]); err != nil {
		t.Fatal(err)
	}
	if err := tx.Abort(); err != nil {
		t.Fatal(err)
	}
	if after := snapshot(t, out); !maps.Equal(before, after) {
		t.Errorf("Abort changed the output:\nbefore %v\nafter  %v", before, after)
	}
	assertNoLeftovers(t, out)
}

func TestUpdateNeedsPrevious(t *testing.T) {
	root := t.TempDir()
	for name, manifest := range map[string]string{
		"no directory": "-",
		"no manifest":  "",
		"bad manifest": "nope",
		"escaping":     `{"version": 1, "files": {"../x": "sha256:00"}}`,
	} {
		dir := filepath.Join(root, strings.ReplaceAll(name, " ", "-"))
		if manifest != "-" {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if manifest != "" && manifest != "-" {
			if err := os.WriteFile(filepath.Join(dir, ManifestName), []byte(manifest), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		tx, err := Update(dir)
		if !errors.Is(err, ErrNoPrevious) {
			t.Errorf("%s: Update = %v, %v; want ErrNoPrevious", name, tx, err)
		}
	}
	ents, _ := os.ReadDir(root)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("refused Update left %s", e.Name())
		}
	}
}

func TestKeepRefuses(t *testing.T) {
	for _, tc := range []struct {
		name  string
		rel   string
		spoil func(p string) error // applied to the previous file
	}{
		{"not in the manifest", "other.html", nil},
		{"manifest", ManifestName, nil},
		{"missing", "a/page.html", os.Remove},
		{"longer", "a/page.html", func(p string) error { return os.WriteFile(p, []byte("edited by hand"), 0o644) }},
		{"same size, other mtime", "a/page.html", func(p string) error {
			fi, err := os.Stat(p)
			if err != nil {
				return err
			}
			if err := os.WriteFile(p, []byte("ORIGINAL"), 0o644); err != nil {
				return err
			}
			return os.Chtimes(p, fi.ModTime(), fi.ModTime().Add(1))
		}},
		{"directory", "a/page.html", func(p string) error {
			if err := os.Remove(p); err != nil {
				return err
			}
			return os.Mkdir(p, 0o755)
		}},
		{"symlink", "a/page.html", func(p string) error {
			// Points at a file with the very same stamp.
			if err := os.Rename(p, p+".real"); err != nil {
				return err
			}
			return os.Symlink("page.html.real", p)
		}},
	} {
		for _, mode := range []string{"Begin", "Update"} {
			t.Run(mode+"/"+tc.name, func(t *testing.T) {
				out := filepath.Join(t.TempDir(), "public")
				first := build(t, out, map[string]string{"a/page.html": "original"})
				commit(t, first)
				s := first.Stamps()["a/page.html"]
				if tc.spoil != nil {
					if err := tc.spoil(filepath.Join(out, "a", "page.html")); err != nil {
						t.Fatal(err)
					}
				}
				start := Begin
				if mode == "Update" {
					start = Update
				}
				tx, err := start(out)
				if err != nil {
					t.Fatal(err)
				}
				defer tx.Abort()
				if err := tx.Keep(tc.rel, s); err == nil {
					t.Fatalf("Keep(%s) succeeded", tc.rel)
				} else if !strings.Contains(err.Error(), tc.rel) {
					t.Errorf("error does not name the path: %v", err)
				}
				if len(tx.Files()) != 0 || len(tx.Stamps()) != 0 {
					t.Errorf("a refused Keep recorded %v", tx.Files())
				}
				if tc.rel == ManifestName {
					return
				}
				// The caller then renders and writes the file.
				if err := tx.Write(tc.rel, []byte("original")); err != nil {
					t.Fatal(err)
				}
				commit(t, tx)
				if got := tree(t, out)[tc.rel]; got != "original" {
					t.Errorf("%s = %q after the build", tc.rel, got)
				}
				assertStamps(t, out, tx)
			})
		}
	}
}

func TestBeginKeepLinks(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first := build(t, out, map[string]string{"a/b/index.html": "b", "c.html": "c"})
	commit(t, first)
	ino := inode(t, filepath.Join(out, "a", "b", "index.html"))
	tx, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Keep("a/b/index.html", first.Stamps()["a/b/index.html"]); err != nil {
		t.Fatal(err)
	}
	if err := tx.Keep("a/b/index.html", first.Stamps()["a/b/index.html"]); err == nil {
		t.Error("a second Keep of the same path succeeded")
	}
	if err := tx.Write("d.html", []byte("d")); err != nil {
		t.Fatal(err)
	}
	commit(t, tx)
	if got := inode(t, filepath.Join(out, "a", "b", "index.html")); got != ino {
		t.Error("Keep in Begin mode did not hard-link the previous file")
	}
	if k := keys(tree(t, out)); !slices.Equal(k, []string{"a/b/index.html", "d.html", ManifestName}) {
		t.Errorf("tree = %v", k)
	}
	if n, w, b := tx.Stats(); n != 2 || w != 1 || b != 1 {
		t.Errorf("Stats = %d, %d, %d", n, w, b)
	}
	assertStamps(t, out, tx)
	assertNoLeftovers(t, out)
}

// A kept file and a written file below it cannot both be: Commit refuses
// before touching the output.
func TestUpdateFileDirectoryConflict(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first := build(t, out, map[string]string{"a/b": "file"})
	commit(t, first)
	before := snapshot(t, out)
	tx := update(t, out)
	defer tx.Abort()
	if err := tx.Keep("a/b", first.Stamps()["a/b"]); err != nil {
		t.Fatal(err)
	}
	if err := tx.Write("a/b/index.html", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err == nil || !strings.Contains(err.Error(), "a/b") {
		t.Errorf("Commit = %v, want a conflict naming a/b", err)
	}
	if after := snapshot(t, out); !maps.Equal(before, after) {
		t.Error("a refused Commit changed the output")
	}
}

// A Commit that fails part way leaves no manifest, so the next build is a
// whole one.
func TestUpdateCommitFailsPartWay(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	commit(t, build(t, out, map[string]string{"a.html": "a", "b.html": "b"}))
	tx := update(t, out)
	for rel, s := range map[string]string{"a.html": "A", "b.html": "B"} {
		if err := tx.Write(rel, []byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	// The second staged file vanishes: its rename fails after the first.
	if err := os.Remove(tx.staging("b.html")); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err == nil || !strings.Contains(err.Error(), "b.html") {
		t.Fatalf("Commit = %v, want an error naming b.html", err)
	}
	if err := tx.Abort(); err != nil {
		t.Fatal(err)
	}
	assertNoLeftovers(t, out)
	if _, err := Update(out); !errors.Is(err, ErrNoPrevious) {
		t.Fatalf("Update after a failed Commit = %v, want ErrNoPrevious", err)
	}
	commit(t, build(t, out, map[string]string{"a.html": "A", "b.html": "B"}))
	if got := fmt.Sprint(tree(t, out)); !strings.Contains(got, "a.html:A b.html:B") {
		t.Errorf("tree after the rebuild: %s", got)
	}
}

// Files added by hand where the new tree needs a directory or a file are
// replaced; others are left alone.
func TestUpdateMakesRoom(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	commit(t, build(t, out, map[string]string{"index.html": "i"}))
	for rel, s := range map[string]string{"x": "in the way of x/index.html", "y/by-hand.txt": "in the way of y", "z.txt": "bystander"} {
		p := filepath.Join(out, filepath.FromSlash(rel))
		_ = os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tx := update(t, out)
	for rel, s := range map[string]string{"index.html": "i", "x/index.html": "x", "y": "y"} {
		if err := tx.Write(rel, []byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	commit(t, tx)
	if k := keys(tree(t, out)); !slices.Equal(k, []string{"index.html", ManifestName, "x/index.html", "y", "z.txt"}) {
		t.Errorf("tree = %v", k)
	}
}

// Concurrent writers share the directories they make.
func TestUpdateConcurrent(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	commit(t, build(t, out, map[string]string{"index.html": "i"}))
	tx := update(t, out)
	done := make(chan error)
	for i := range 32 {
		go func() { done <- tx.Write(fmt.Sprintf("d%d/e%d/p%d.html", i%3, i%5, i), []byte(fmt.Sprint(i))) }()
	}
	for range 32 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	commit(t, tx)
	if n := len(tree(t, out)); n != 32+1 {
		t.Errorf("%d files, want 32 + manifest (index.html is not in this build)", n)
	}
	assertStamps(t, out, tx)
}
