package output

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
)

func TestCheckPath(t *testing.T) {
	for _, p := range []string{"index.html", "a/b/c.html", "van-ban/lai-chau/2022/4588-ubnd-vx/index.html", ".well-known/x"} {
		if err := CheckPath(p); err != nil {
			t.Errorf("CheckPath(%q): %v", p, err)
		}
	}
	for _, p := range []string{"", ".", "..", "../x", "/abs", "/", "a/../../b", "a/../b", "a\\b", "..\\x", "a//b", "a/./b", "a/", "./a", "a/.."} {
		if err := CheckPath(p); err == nil {
			t.Errorf("CheckPath(%q) accepted a path that is not clean and inside", p)
		}
	}
}

// tree reads every file under dir into a map of slash paths.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func build(t *testing.T, dir string, files map[string]string) *Tx {
	t.Helper()
	tx, err := Begin(dir)
	if err != nil {
		t.Fatal(err)
	}
	for p, s := range files {
		if err := tx.Write(p, []byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	return tx
}

func inode(t *testing.T, p string) uint64 {
	t.Helper()
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		t.Skip("no inode numbers on this system")
	}
	return sys.Ino
}

func keys(m map[string]string) []string {
	var k []string
	for p := range m {
		k = append(k, p)
	}
	slices.Sort(k)
	return k
}

func TestCommitFirstBuild(t *testing.T) {
	out := filepath.Join(t.TempDir(), "nested", "public")
	files := map[string]string{"index.html": "home", "a/b/c.html": "deep", "feed.xml": ""}
	tx := build(t, out, files)
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("the output directory appeared before Commit")
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	got := tree(t, out)
	if got := keys(got); !slices.Equal(got, []string{"a/b/c.html", "feed.xml", "index.html", ManifestName}) {
		t.Fatalf("tree = %v", got)
	}
	for p, s := range files {
		if got[p] != s {
			t.Errorf("%s = %q, want %q", p, got[p], s)
		}
	}
	n, w, b := tx.Stats()
	if n != 3 || w != 3 || b != int64(len("home")+len("deep")) {
		t.Errorf("Stats = %d, %d, %d", n, w, b)
	}
	st, _ := os.Stat(out)
	if st.Mode().Perm() != 0o755 {
		t.Errorf("output directory mode %v, want 0755", st.Mode().Perm())
	}
	assertNoLeftovers(t, out)
}

// assertNoLeftovers checks that no temporary directory is left beside out.
func assertNoLeftovers(t *testing.T, out string) {
	t.Helper()
	ents, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.Name() != filepath.Base(out) {
			t.Errorf("left behind beside the output: %s", e.Name())
		}
	}
}

func TestCommitReplacesWholeTree(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := build(t, out, map[string]string{"index.html": "v1", "old/page.html": "stale", "same.css": "body{}"}).Commit(); err != nil {
		t.Fatal(err)
	}
	// A file put there by hand is not part of any build either.
	if err := os.WriteFile(filepath.Join(out, "by-hand.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	sameBefore := inode(t, filepath.Join(out, "same.css"))
	indexBefore := inode(t, filepath.Join(out, "index.html"))

	tx := build(t, out, map[string]string{"index.html": "v2", "new/page.html": "fresh", "same.css": "body{}"})
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	got := tree(t, out)
	if k := keys(got); !slices.Equal(k, []string{"index.html", ManifestName, "new/page.html", "same.css"}) {
		t.Errorf("tree after second build = %v; stale files must disappear", k)
	}
	if got["index.html"] != "v2" {
		t.Errorf("index.html = %q", got["index.html"])
	}
	if inode(t, filepath.Join(out, "same.css")) != sameBefore {
		t.Error("an unchanged file was rewritten instead of hard-linked")
	}
	if inode(t, filepath.Join(out, "index.html")) == indexBefore {
		t.Error("a changed file kept the old inode")
	}
	n, w, b := tx.Stats()
	if n != 3 || w != 2 || b != int64(len("v2")+len("fresh")) {
		t.Errorf("Stats = %d files, %d written, %d bytes; want 3, 2, 7", n, w, b)
	}
	assertNoLeftovers(t, out)
}

func TestAbortKeepsPreviousTree(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := build(t, out, map[string]string{"index.html": "v1", "a/b.html": "b"}).Commit(); err != nil {
		t.Fatal(err)
	}
	before := tree(t, out)
	tx := build(t, out, map[string]string{"index.html": "v2", "c.html": "c"})
	if err := tx.Abort(); err != nil {
		t.Fatal(err)
	}
	after := tree(t, out)
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Errorf("Abort changed the output:\nbefore %v\nafter  %v", before, after)
	}
	assertNoLeftovers(t, out)

	// Aborting the very first build leaves nothing at all.
	out2 := filepath.Join(t.TempDir(), "public")
	if err := build(t, out2, map[string]string{"x.html": "x"}).Abort(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(out2); !os.IsNotExist(err) {
		t.Error("aborted first build created the output directory")
	}
}

func TestManifest(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	files := map[string]string{"index.html": "<p>xin chào</p>", "a/b.json": "{}", "empty": ""}
	if err := build(t, out, files).Commit(); err != nil {
		t.Fatal(err)
	}
	m, err := ReadManifest(os.DirFS(out))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.SortedPaths(); !slices.Equal(got, []string{"a/b.json", "empty", "index.html"}) {
		t.Errorf("manifest paths = %v", got)
	}
	for p := range files {
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		if m.Files[p] != Fingerprint(b) {
			t.Errorf("manifest %s = %s, file hashes to %s", p, m.Files[p], Fingerprint(b))
		}
	}
	// sha256("") is well known.
	if m.Files["empty"] != "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Errorf("Fingerprint(\"\") = %s", m.Files["empty"])
	}
	raw, _ := os.ReadFile(filepath.Join(out, ManifestName))
	if !strings.HasSuffix(string(raw), "}\n") || !strings.Contains(string(raw), `"version": 1`) {
		t.Errorf("manifest text:\n%s", raw)
	}
}

// TestManifestSums: a Tx names the manifest it wrote and the one it found,
// the SHA-256 of the files' bytes, so a cache can tell which tree it
// describes without reading the manifest again.
func TestManifestSums(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	tx := build(t, out, map[string]string{"index.html": "<p>một</p>"})
	if tx.PreviousManifest() != ([32]byte{}) {
		t.Error("first build: a previous manifest named")
	}
	if tx.Manifest() != ([32]byte{}) {
		t.Error("a manifest named before Commit")
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(out, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	if tx.Manifest() != sha256.Sum256(raw) {
		t.Error("Manifest is not the SHA-256 of the manifest written")
	}
	for name, begin := range map[string]func(string) (*Tx, error){"Begin": Begin, "Update": Update} {
		next, err := begin(out)
		if err != nil {
			t.Fatal(err)
		}
		if next.PreviousManifest() != sha256.Sum256(raw) {
			t.Errorf("%s: PreviousManifest is not the SHA-256 of the manifest found", name)
		}
		if err := next.Abort(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReadManifestRejects(t *testing.T) {
	for name, data := range map[string]string{
		"not json":      "nope",
		"wrong version": `{"version": 2, "files": {}}`,
		"no files":      `{"version": 1}`,
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, ManifestName), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadManifest(os.DirFS(dir)); err == nil {
			t.Errorf("%s: ReadManifest accepted %q", name, data)
		}
	}
	if _, err := ReadManifest(os.DirFS(t.TempDir())); err == nil {
		t.Error("ReadManifest of a tree without one succeeded")
	}
}

func TestWriteRejects(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	tx, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Abort()
	if err := tx.Write("../escape.html", nil); err == nil {
		t.Error("Write outside the tree succeeded")
	}
	if err := tx.Write(ManifestName, nil); err == nil {
		t.Error("Write of the manifest name succeeded")
	}
	if err := tx.Write("a.html", []byte("1")); err != nil {
		t.Fatal(err)
	}
	if err := tx.Write("a.html", []byte("2")); err == nil || !strings.Contains(err.Error(), "two outputs want the same path a.html") {
		t.Errorf("second Write of a path: %v", err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(out), "escape.html")); err == nil {
		t.Error("escape.html was written")
	}
}

func TestConcurrentWrites(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	tx, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 64 {
		wg.Go(func() {
			if err := tx.Write(fmt.Sprintf("d%d/p%d.html", i%4, i), []byte(fmt.Sprint(i))); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if n := len(tree(t, out)); n != 65 {
		t.Errorf("%d files, want 64 + manifest", n)
	}
}

// A manifest that lies (a file edited by hand after the build) must not make
// the next build keep the edited bytes.
func TestEditedFileIsNotKept(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := build(t, out, map[string]string{"a.html": "original"}).Commit(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(out, "a.html")
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("edited by hand"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := build(t, out, map[string]string{"a.html": "original"}).Commit(); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, out)["a.html"]; got != "original" {
		t.Errorf("a.html = %q after rebuilding; the build's bytes must win", got)
	}
}

// The hand-written manifest encoder gives encoding/json's bytes.
func TestEncodeManifest(t *testing.T) {
	for _, files := range []map[string]string{
		{},
		{"index.html": Fingerprint(nil)},
		{"b/c.html": "sha256:1", "a.html": "sha256:2", "a-b/x": "3", "a/b": "4"},
		{"tỉnh/hà-nội/index.html": "x", `q"uote\back`: "<&>", "ctl\x01\t": "\u2028", "bad\xffutf8": "y"},
	} {
		want, err := json.MarshalIndent(Manifest{Version: 1, Files: files}, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		got, err := encodeManifest(files)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want)+"\n" {
			t.Errorf("encodeManifest(%v):\n%s\nencoding/json:\n%s", files, got, want)
		}
	}
}
