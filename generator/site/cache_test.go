package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"

	"vanban/generator/diag"
	"vanban/generator/output"
)

// TestPageCacheFormat: a page cache reads back as written, with the
// manifest it was made for, and any damage (a flipped byte anywhere, a
// truncation, another program) makes it refused, never trusted. (The
// build checks the manifest: see the incremental test's "manifest
// rewritten" step.)
func TestPageCacheFormat(t *testing.T) {
	ms := sha256.Sum256([]byte(`{"version": 1}`))
	program := [32]byte{1, 2, 3}
	pages := []oldPage{
		{"index.html", 1, output.Stamp{Size: 10, ModTime: 1e18}},
		{"van-ban/ha-noi/2020/1-qd-ubnd/index.html", 1<<63 + 5, output.Stamp{Size: 0, ModTime: -1}},
		{"", 0, output.Stamp{}},
	}
	warnings := diag.List{{Pos: diag.Pos{File: "a.md", Line: 3, Col: 1}, Severity: diag.Warning, Message: "thân văn bản có HTML"}}
	var buf bytes.Buffer
	seq := func(yield func(oldPage) bool) {
		for _, p := range pages {
			if !yield(p) {
				return
			}
		}
	}
	if err := writePageCache(&buf, len(pages), seq, warnings, program, ms); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	got, err := readPageCache(bytes.Clone(data), program)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.pages) != len(pages) {
		t.Fatalf("%d pages, want %d", len(got.pages), len(pages))
	}
	for i, p := range pages {
		if got.pages[i] != p || got.find(p.path) != int32(i) {
			t.Errorf("page %d: %+v (found at %d), want %+v", i, got.pages[i], got.find(p.path), p)
		}
	}
	if got.find("404.html") != -1 {
		t.Error("found a page never written")
	}
	if len(got.warnings) != 1 || got.warnings[0] != warnings[0] {
		t.Errorf("warnings %v, want %v", got.warnings, warnings)
	}

	for i := range data {
		bad := bytes.Clone(data)
		bad[i] ^= 0x10
		if _, err := readPageCache(bad, program); err == nil {
			t.Fatalf("byte %d flipped: accepted", i)
		}
	}
	for n := range len(data) {
		if _, err := readPageCache(bytes.Clone(data[:n]), program); err == nil {
			t.Fatalf("truncated to %d bytes: accepted", n)
		}
	}
	if _, err := readPageCache(bytes.Clone(data), [32]byte{9}); err == nil {
		t.Error("another program's cache accepted")
	}
	if got.manifest != ms {
		t.Errorf("manifest %x, want %x", got.manifest, ms)
	}
}

// TestProgramID: the test binary is identified, by its Go build ID when
// it has one in the standard form.
func TestProgramID(t *testing.T) {
	if programID() == ([32]byte{}) {
		t.Fatal("no program ID")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(exe)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if id, ok := goBuildID(f); ok {
		t.Logf("build ID %s", id)
	}
	for _, bad := range []string{"", "not an executable", "\x7fELF garbage"} {
		if _, ok := goBuildID(bytes.NewReader([]byte(bad))); ok {
			t.Errorf("%q: a build ID", bad)
		}
	}
}

// TestParseCacheSize: before anything is loaded, a build knows the size of
// the parse cache it will use, and that there is none when the cache was
// written by another build of the program (which it will not use).
func TestParseCacheSize(t *testing.T) {
	root := incrementalArchive(t, 20)
	s := &incrementalSite{t: t, root: root, templates: t.TempDir()}
	out := filepath.Join(root, "public")
	if n := ParseCacheSize(s.options(out, true)); n != 0 {
		t.Errorf("before the first build: %d, want 0", n)
	}
	if _, err := Build(context.Background(), s.options(out, true)); err != nil {
		t.Fatal(err)
	}
	name := contentCacheFile(DefaultCacheDir(out))
	fi, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if n := ParseCacheSize(s.options(out, true)); n != fi.Size() || n == 0 {
		t.Errorf("after a build: %d, want the cache's %d bytes", n, fi.Size())
	}
	if n := ParseCacheSize(s.options(out, false)); n != 0 {
		t.Errorf("without the cache: %d, want 0", n)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	data[len("VANBAN-PARSE-CACHE\n")+4] ^= 0xff // the program's identity
	if err := os.WriteFile(name, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if n := ParseCacheSize(s.options(out, true)); n != 0 {
		t.Errorf("another program's cache: %d, want 0", n)
	}
}
