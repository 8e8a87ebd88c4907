package site

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"
	"testing"

	"vanban"
	"vanban/generator/bench/synth"
	"vanban/generator/config"
	"vanban/generator/output"
)

// incrementalArchive writes a synthetic archive of n directives and returns
// its root (content/ and vanban.yaml).
func incrementalArchive(t *testing.T, n int) string {
	t.Helper()
	root := t.TempDir()
	if err := synth.Plan(synth.Options{N: n}).Write(root, false); err != nil {
		t.Fatal(err)
	}
	return root
}

// treeOf reads every file under dir.
func treeOf(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameTree(t *testing.T, step string, got, want map[string][]byte) {
	t.Helper()
	var diffs []string
	for p, w := range want {
		g, ok := got[p]
		switch {
		case !ok:
			diffs = append(diffs, "missing "+p)
		case !bytes.Equal(g, w):
			diffs = append(diffs, "differs "+p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			diffs = append(diffs, "extra "+p)
		}
	}
	if len(diffs) > 0 {
		sort.Strings(diffs)
		if len(diffs) > 20 {
			diffs = append(diffs[:20], "…")
		}
		t.Fatalf("%s: incremental build differs from a clean build in %d files:\n%s", step, len(diffs), strings.Join(diffs, "\n"))
	}
}

type incrementalSite struct {
	t         *testing.T
	root      string
	templates string // overriding templates directory
	cfg       config.Config
	n         int
}

func (s *incrementalSite) options(out string, cache bool) Options {
	tmpl := Overlay(os.DirFS(s.templates), vanban.Templates())
	opt := Options{Content: os.DirFS(filepath.Join(s.root, "content")), ContentName: "content", Templates: tmpl, Out: out, Config: s.cfg}
	if !cache {
		opt.NoCache = true
	}
	return opt
}

// step builds incrementally into root/public (cache kept between steps)
// and clean into a fresh directory, and checks both trees are the same.
func (s *incrementalSite) step(name string) *Result {
	s.t.Helper()
	s.n++
	pub := filepath.Join(s.root, "public")
	var before map[string][]byte
	var beforeInfo map[string]fileID
	if s.n > 1 {
		before, beforeInfo = treeOf(s.t, pub), statsOf(s.t, pub)
	}
	res, err := Build(context.Background(), s.options(pub, true))
	if err != nil {
		s.t.Fatalf("%s: incremental build: %v %v", name, err, res.Diags.Sorted())
	}
	if s.n > 1 {
		s.rewritten(name, res, before, beforeInfo)
	}
	clean := filepath.Join(s.t.TempDir(), "public")
	cres, err := Build(context.Background(), s.options(clean, false))
	if err != nil {
		s.t.Fatalf("%s: clean build: %v", name, err)
	}
	if res.Files != cres.Files {
		s.t.Errorf("%s: %d files, clean build %d", name, res.Files, cres.Files)
	}
	sameTree(s.t, name, treeOf(s.t, filepath.Join(s.root, "public")), treeOf(s.t, clean))
	s.t.Logf("%-22s %5d files: %5d kept without rendering, %5d written, %4d parsed", name, res.Files, res.Kept, res.Written, res.Parsed)
	return res
}

// rewritten checks that the build rewrote exactly the files whose bytes
// changed (the manifest aside): every other file is the same file, with its
// inode and time, as before the build — unless the build had to start
// from scratch (a damaged cache), which writes a new tree.
func (s *incrementalSite) rewritten(name string, res *Result, before map[string][]byte, info map[string]fileID) {
	s.t.Helper()
	pub := filepath.Join(s.root, "public")
	after, afterInfo := treeOf(s.t, pub), statsOf(s.t, pub)
	changed, untouched := 0, 0
	for p, data := range after {
		if p == "manifest.json" {
			continue
		}
		old, existed := before[p]
		if !existed || !bytes.Equal(old, data) {
			changed++
			continue
		}
		if info[p] == afterInfo[p] {
			untouched++
		}
	}
	if res.Kept == 0 {
		return // built from scratch: a new tree
	}
	if res.Written != changed {
		s.t.Errorf("%s: %d files written, %d files have new bytes", name, res.Written, changed)
	}
	if want := len(after) - 1 - changed; untouched != want {
		s.t.Errorf("%s: %d files with the same bytes were rewritten", name, want-untouched)
	}
}

// fileID is what rewriting a file changes: its inode and modification time.
type fileID struct {
	ino  uint64
	time int64
}

func statsOf(t *testing.T, dir string) map[string]fileID {
	t.Helper()
	out := map[string]fileID{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		id := fileID{time: fi.ModTime().UnixNano()}
		if st, ok := fi.Sys().(*syscall.Stat_t); ok {
			id.ino = st.Ino
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = id
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (s *incrementalSite) file(nth int) string {
	s.t.Helper()
	var files []string
	_ = filepath.WalkDir(filepath.Join(s.root, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return err
	})
	sort.Strings(files)
	return files[nth%len(files)]
}

func (s *incrementalSite) edit(p string, f func(string) string) {
	s.t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(f(string(data))), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

// TestIncrementalEqualsClean builds a synthetic archive, changes it step by
// step (edits, additions, deletions, renames, template changes, an edit
// that keeps size and time, a damaged cache) and checks after each step
// that the incremental build is byte for byte the clean build.
func TestIncrementalEqualsClean(t *testing.T) {
	root := incrementalArchive(t, 200)
	cfg, diags := config.Read(filepath.Join(root, "vanban.yaml"), false)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	s := &incrementalSite{t: t, root: root, templates: filepath.Join(root, "templates"), cfg: cfg}
	if err := os.MkdirAll(s.templates, 0o755); err != nil {
		t.Fatal(err)
	}
	first := s.step("first build")
	if first.Kept != 0 {
		t.Errorf("first build kept %d files from a previous build", first.Kept)
	}

	same := s.step("no change")
	if same.Written != 0 {
		t.Errorf("no change: %d files written", same.Written)
	}
	if same.Kept < same.Files*9/10 {
		t.Errorf("no change: only %d of %d files kept without rendering", same.Kept, same.Files)
	}

	// A body edit: that page, the pages that cite or list it, its feeds.
	s.edit(s.file(57), func(x string) string { return x + "\nĐoạn bổ sung khi kiểm tra bản dựng tăng dần.\n" })
	ed := s.step("body edit")
	if ed.Written == 0 || ed.Written > ed.Files/4 {
		t.Errorf("body edit: %d of %d files written", ed.Written, ed.Files)
	}

	// A title edit of a directive many others cite (an early central one).
	early := s.file(0)
	for i := 0; i < 200; i++ {
		if p := s.file(i); strings.Contains(p, "/trung-uong/") {
			early = p
			break
		}
	}
	s.edit(early, func(x string) string { return strings.Replace(x, "title: \"", "title: \"Sửa: ", 1) })
	s.step("title edit")

	// An edit that keeps the size and the modification time.
	p := s.file(91)
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	s.edit(p, func(x string) string {
		i := strings.LastIndex(x, "thực hiện")
		return x[:i] + "thực hiệN" + x[i+len("thực hiện"):]
	})
	if err := os.Chtimes(p, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	s.step("same size and time")

	// A new directive citing existing ones.
	cited := s.file(120)
	data, _ := os.ReadFile(cited)
	num := between(string(data), "number: \"", "\"")
	prov := between(string(data), "province: ", "\n")
	date := between(string(data), "date: ", "\n")
	add := filepath.Join(root, "content", prov, "2025", "moi-them.md")
	if err := os.MkdirAll(filepath.Dir(add), 0o755); err != nil {
		t.Fatal(err)
	}
	dd := strings.Split(date, "-")
	otherData, _ := os.ReadFile(s.file(140))
	other := between(string(otherData), "number: \"", "\"")
	body := "---\nnumber: \"999/KH-UBND\"\ntype: ke-hoach\ntitle: \"Kế hoạch thêm mới\"\nprovince: " + prov + "\ndate: 2025-12-30\nimplements:\n  - number: \"" + num + "\"\n    date: " + date + "\n---\n\n" +
		"Thực hiện văn bản số " + num + " ngày " + dd[2] + "/" + dd[1] + "/" + dd[0] + " của UBND tỉnh; các cơ quan triển khai.\n\n" +
		"Theo văn bản số " + other + " của UBND tỉnh, các sở thực hiện.\n"
	if err := os.WriteFile(add, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	s.step("addition")

	// An edit of the sentence around a citation: the cited directive's
	// record shows it (its incoming links' context), though its own files
	// are unchanged and pages of neighbours only show their cards.
	s.edit(add, func(x string) string {
		return strings.Replace(x, "các sở thực hiện", "các sở khẩn trương thực hiện", 1)
	})
	if ctx := s.step("citing sentence edit"); ctx.Written < 2 {
		t.Errorf("citing sentence edit: %d files written, want the citing and the cited directive's", ctx.Written)
	}

	// Deleting a cited directive: its citers now cite a missing document.
	if err := os.Remove(cited); err != nil {
		t.Fatal(err)
	}
	s.step("deletion")

	// Renaming (moving) a file.
	from := s.file(33)
	to := filepath.Join(root, "content", "doi-ten", filepath.Base(from))
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(from, to); err != nil {
		t.Fatal(err)
	}
	s.step("rename")

	// A template change: every page that uses it.
	base, err := fs.ReadFile(vanban.Templates(), "base.html")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(base, []byte("</body>")) {
		t.Fatal("base.html has no </body>")
	}
	changed := bytes.Replace(base, []byte("</body>"), []byte("<p>Bản thử giao diện</p></body>"), 1)
	if err := os.WriteFile(filepath.Join(s.templates, "base.html"), changed, 0o644); err != nil {
		t.Fatal(err)
	}
	tc := s.step("template change")
	if tc.Kept > tc.Files/10 || tc.Written < tc.Files/4 { // every HTML page changes
		t.Errorf("template change: %d files kept without rendering, %d written", tc.Kept, tc.Written)
	}
	if err := os.Remove(filepath.Join(s.templates, "base.html")); err != nil {
		t.Fatal(err)
	}
	s.step("template restored")

	// A damaged cache is ignored, never trusted.
	cache := DefaultCacheDir(filepath.Join(root, "public"))
	entries, err := os.ReadDir(cache)
	if err != nil || len(entries) == 0 {
		t.Fatalf("no cache in %s: %v", cache, err)
	}
	s.edit(s.file(5), func(x string) string { return x + "\nMột đoạn nữa.\n" })
	for _, e := range entries {
		p := filepath.Join(cache, e.Name())
		s.edit(p, func(x string) string { return x[:len(x)/2] + "hỏng" + x[len(x)/2+6:] })
	}
	dmg := s.step("damaged cache")
	if dmg.Kept != 0 || !hasNote(dmg, "cache ignored") {
		t.Errorf("damaged cache: %d files kept, cache notes %q", dmg.Kept, dmg.CacheNotes)
	}
	for _, e := range entries {
		if err := os.WriteFile(filepath.Join(cache, e.Name()), []byte("VANBAN"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if tr := s.step("truncated cache"); tr.Kept != 0 {
		t.Errorf("truncated cache: %d files kept", tr.Kept)
	}
	// The output edited behind the cache's back: its fingerprints no
	// longer describe it.
	s.step("rebuild")
	if err := os.WriteFile(filepath.Join(root, "public", "index.html"), []byte("sửa tay"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := s.step("output edited by hand"); !hasNote(r, "not what the page cache says") {
		t.Errorf("output edited by hand: cache notes %q", r.CacheNotes)
	}
	// The manifest rewritten with the same files but other bytes: the page
	// fingerprints name the manifest they were made with, so none is used.
	// That build renewed the page cache: the next one keeps pages again.
	if r := s.step("after the hand edit"); r.Kept == 0 {
		t.Error("after the hand edit: nothing kept, the page cache was not renewed")
	}
	manifest := filepath.Join(root, "public", output.ManifestName)
	s.edit(manifest, func(x string) string { return strings.Replace(x, "{", "{ ", 1) })
	if r := s.step("manifest rewritten"); r.Kept != 0 || !hasNote(r, "the output is not the one it describes") {
		t.Errorf("manifest rewritten: %d files kept, cache notes %q", r.Kept, r.CacheNotes)
	}
}

// hasNote reports whether one of the build's cache notes says what.
func hasNote(r *Result, what string) bool {
	return slices.ContainsFunc(r.CacheNotes, func(n string) bool { return strings.Contains(n, what) })
}

func between(s, a, b string) string {
	_, rest, _ := strings.Cut(s, a)
	v, _, _ := strings.Cut(rest, b)
	return v
}
