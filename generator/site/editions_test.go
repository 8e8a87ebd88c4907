package site_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"html"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"vanban"
	"vanban/generator/config"
	"vanban/generator/fingerprint"
	"vanban/generator/load"
	"vanban/generator/output"
	"vanban/generator/site"
)

// updateGolden rewrites the golden files: go test ./generator/site -run Editions -update
var updateGolden = flag.Bool("update", false, "rewrite golden files under testdata")

// The example archive: a fictional notice with three editions (original,
// correction of the issue date, revision of two items) and a fictional
// công văn with one.
const (
	exampleDir = "testdata/editions"
	goldenDir  = "testdata/editions/_golden"
	notice     = "van-ban/khong-ro/2023/12-tb-vd/"
	congVan    = "van-ban/khong-ro/2023/15-ubnd-vd/"
	thirdFile  = "vi-du/2023/12-tb-vd/ban-3.md"
)

// edExampleFS is the example archive, leaving out the named files.
func edExampleFS(t *testing.T, without ...string) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS(exampleDir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || slices.Contains(without, p) {
			return err
		}
		data, err := os.ReadFile(filepath.Join(exampleDir, filepath.FromSlash(p)))
		m[p] = &fstest.MapFile{Data: data, Mode: 0o644}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// edBuild builds content into out (replacing what is there) and returns out.
func edBuild(t *testing.T, content fs.FS, out string) string {
	t.Helper()
	res, err := site.Build(context.Background(), site.Options{
		Content: content, ContentName: exampleDir, Templates: vanban.Templates(), Out: out, Config: config.Default(),
	})
	if err != nil {
		t.Fatalf("build: %v\n%v", err, res.Diags)
	}
	for _, d := range res.Diags {
		t.Logf("build: %v", d)
	}
	return out
}

func edRead(t *testing.T, out, page string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(page), "index.html"))
	if err != nil {
		t.Fatalf("page %s: %v", page, err)
	}
	return string(data)
}

var (
	markRe   = regexp.MustCompile(`(?s)<(ins|del)>(.*?)</(?:ins|del)>`)
	hiddenRe = regexp.MustCompile(`<span class="visually-hidden">[^<]*</span>`)
	tagRe    = regexp.MustCompile(`<[^>]*>`)
	codeRe   = regexp.MustCompile(`Mã kiểm tra</dt><dd><code>([0-9a-f]{16})</code>`)
)

// edMarks lists the words a page marks as inserted and deleted, without the
// hidden "[thêm: …]" and "[bỏ: …]" around them.
func edMarks(page string) (ins, del []string) {
	for _, m := range markRe.FindAllStringSubmatch(page, -1) {
		text := html.UnescapeString(tagRe.ReplaceAllString(hiddenRe.ReplaceAllString(m[2], ""), ""))
		if m[1] == "ins" {
			ins = append(ins, text)
		} else {
			del = append(del, text)
		}
	}
	return ins, del
}

// edSection returns the part of page from the first from to the next to.
func edSection(t *testing.T, page, from, to string) string {
	t.Helper()
	i := strings.Index(page, from)
	if i < 0 {
		t.Fatalf("no %q in page", from)
	}
	j := strings.Index(page[i:], to)
	if j < 0 {
		t.Fatalf("no %q after %q", to, from)
	}
	return page[i : i+j+len(to)]
}

func TestEditionsPages(t *testing.T) {
	out := edBuild(t, edExampleFS(t), t.TempDir())

	// The permalink shows the current edition.
	perm := edRead(t, out, notice)
	for _, want := range []string{"trước ngày 30 tháng 4 năm 2023", "báo cáo Thủ trưởng cơ quan", "Lịch sử các bản", "bản 3"} {
		if !strings.Contains(perm, want) {
			t.Errorf("permalink: no %q", want)
		}
	}
	if strings.Contains(perm, "Bản đã được thay thế") {
		t.Errorf("permalink marked as superseded")
	}

	fps := edFingerprints(t)
	for n, body := range map[string]string{"1": "trước ngày 15 tháng 3 năm 2023", "2": "trước ngày 15 tháng 3 năm 2023", "3": "trước ngày 30 tháng 4 năm 2023"} {
		p := notice + "ban-" + n + "/"
		page := edRead(t, out, p)
		if !strings.Contains(page, body) {
			t.Errorf("%s: no %q", p, body)
		}
		// History on every edition page: every edition, with its link or
		// (for this one) its number in bold.
		hist := edSection(t, page, `<section class="editions"`, "</section>")
		for _, m := range []string{"1", "2", "3"} {
			link := `<a href="/` + notice + "ban-" + m + `/">Bản ` + m + "</a>"
			if m == n {
				link = "<strong>Bản " + m + "</strong>"
			}
			if !strings.Contains(hist, link) {
				t.Errorf("%s: history lacks %s", p, link)
			}
		}
		for _, note := range []string{"Bản gốc", "Đính chính ngày ban hành", "Sửa đổi thời hạn báo cáo"} {
			if !strings.Contains(hist, note) {
				t.Errorf("%s: history lacks the change note %q", p, note)
			}
		}
		superseded := strings.Contains(page, "Bản đã được thay thế")
		if want := n != "3"; superseded != want {
			t.Errorf("%s: superseded notice %v, want %v", p, superseded, want)
		}
		if superseded {
			box := edSection(t, page, `<div class="notice superseded" role="note"`, "</div>")
			for _, want := range []string{`<a href="/` + notice + `">Xem bản hiện hành</a>`, "Bản hiện hành là bản 3", `href="/` + notice + "ban-" + n + `/so-voi-hien-hanh/"`} {
				if !strings.Contains(box, want) {
					t.Errorf("%s: superseded notice lacks %s", p, want)
				}
			}
		}
		// The page shows this edition's fingerprint, recomputed here.
		if m := codeRe.FindStringSubmatch(page); m == nil || m[1] != fps[n] {
			t.Errorf("%s: mã kiểm tra %v, want %s", p, m, fps[n])
		}
	}
	// Edition 1 shows the date as first printed; the correction fixed it.
	if p := edRead(t, out, notice+"ban-1/"); !strings.Contains(p, `<time datetime="2023-03-01">ngày 01 tháng 3 năm 2023</time></dd>`) {
		t.Errorf("ban-1: the issue date is not the original one")
	}
	// The single-edition directive has no history and no edition pages.
	cv := edRead(t, out, congVan)
	if strings.Contains(cv, "Lịch sử các bản") || !codeRe.MatchString(cv) {
		t.Errorf("single edition: history shown or mã kiểm tra missing")
	}
	if _, err := os.Stat(filepath.Join(out, congVan, "ban-1")); err == nil {
		t.Errorf("single edition: has a ban-1 page")
	}
}

// edFingerprints recomputes each edition's fingerprint from the
// archive's files.
func edFingerprints(t *testing.T) map[string]string {
	t.Helper()
	res, err := load.Load(context.Background(), os.DirFS(exampleDir))
	if err != nil || res.Diags.HasErrors() {
		t.Fatalf("load: %v %v", err, res.Diags)
	}
	fps := map[string]string{}
	for _, d := range res.Directives {
		if len(d.Editions) < 2 {
			continue
		}
		for _, ed := range d.Editions {
			fp, err := fingerprint.Edition(ed)
			if err != nil {
				t.Fatal(err)
			}
			fps[strings.TrimSuffix(strings.TrimPrefix(path.Base(ed.File), "ban-"), ".md")] = fp
		}
	}
	if len(fps) != 3 {
		t.Fatalf("want 3 editions in the example archive, got %v", fps)
	}
	return fps
}

func TestEditionsDiff(t *testing.T) {
	out := edBuild(t, edExampleFS(t), t.TempDir())
	tests := []struct {
		page     string
		ins, del []string
		text     string // the sentence of the summary, or "" when unchanged
	}{
		// The revision: exactly the changed words of items 2 and 3.
		{"ban-3/so-sanh/", []string{"30", "4", "Thủ trưởng cơ quan"}, []string{"15", "3"}, "thêm 6 chữ và bỏ 2 chữ"},
		// The correction: only the day of the issue date, in the table.
		{"ban-2/so-sanh/", []string{"02"}, []string{"01"}, ""},
		// Edition 1 against the current one: both changes.
		{"ban-1/so-voi-hien-hanh/", []string{"02", "30", "4", "Thủ trưởng cơ quan"}, []string{"01", "15", "3"}, "thêm 6 chữ và bỏ 2 chữ"},
		{"ban-2/so-voi-hien-hanh/", []string{"30", "4", "Thủ trưởng cơ quan"}, []string{"15", "3"}, "thêm 6 chữ và bỏ 2 chữ"},
	}
	for _, tt := range tests {
		page := edRead(t, out, notice+tt.page)
		article := edSection(t, page, `<article class="diff">`, "</article>")
		// Leave out the reading guide, whose own <ins>/<del> are examples.
		guide := edSection(t, article, `<p class="notice" role="note">Cách đọc`, "</p>")
		ins, del := edMarks(strings.Replace(article, guide, "", 1))
		if !slices.Equal(ins, tt.ins) || !slices.Equal(del, tt.del) {
			t.Errorf("%s: inserted %q deleted %q; want %q, %q", tt.page, ins, del, tt.ins, tt.del)
		}
		if tt.text == "" && !strings.Contains(article, "Nội dung văn bản giống nhau ở hai bản.") {
			t.Errorf("%s: text should be unchanged", tt.page)
		}
		if tt.text != "" && !strings.Contains(article, tt.text) {
			t.Errorf("%s: no %q", tt.page, tt.text)
		}
		// Readable without colour: every mark carries hidden words.
		if n := strings.Count(article, "<ins>") - 1; n != strings.Count(article, `<ins><span class="visually-hidden">[thêm: `) {
			t.Errorf("%s: an insertion without its hidden [thêm: …]", tt.page)
		}
		if n := strings.Count(article, "<del>") - 1; n != strings.Count(article, `<del><span class="visually-hidden">[bỏ: `) {
			t.Errorf("%s: a deletion without its hidden [bỏ: …]", tt.page)
		}
		edGolden(t, strings.ReplaceAll(strings.TrimSuffix(tt.page, "/"), "/", "-")+".html", article)
	}
	// Linked from the history of every edition page.
	hist := edSection(t, edRead(t, out, notice+"ban-2/"), `<section class="editions"`, "</section>")
	for _, p := range []string{"ban-2/so-sanh/", "ban-3/so-sanh/", "ban-1/so-voi-hien-hanh/", "ban-2/so-voi-hien-hanh/"} {
		if !strings.Contains(hist, `href="/`+notice+p+`"`) {
			t.Errorf("history does not link %s", p)
		}
	}
}

// edGolden compares got with testdata/editions/_golden/name (a folder the
// loader skips), or rewrites it with -update.
func edGolden(t *testing.T, name, got string) {
	t.Helper()
	file := filepath.Join(goldenDir, name)
	if *updateGolden {
		if err := os.MkdirAll(goldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got+"\n" != string(want) {
		t.Errorf("%s differs from the golden file; run go test ./generator/site -run Editions -update and review the diff\n got:\n%s", file, got)
	}
}

// TestEditionsKeepLinks: adding an edition only adds pages. Build the
// archive with two editions, then, into the same output, with three: every
// page of the directive from the first build is still there, and the
// former current edition is now marked superseded.
func TestEditionsKeepLinks(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	edBuild(t, edExampleFS(t, thirdFile), out)
	before := edPages(t, out, notice)
	for _, want := range []string{"index.html", "ban-1/index.html", "ban-2/index.html", "ban-2/so-sanh/index.html", "ban-1/so-voi-hien-hanh/index.html"} {
		if !slices.Contains(before, want) {
			t.Fatalf("two editions: no %s in %q", want, before)
		}
	}
	if p := edRead(t, out, notice+"ban-2/"); strings.Contains(p, "Bản đã được thay thế") {
		t.Errorf("two editions: ban-2 is current but marked superseded")
	}
	ban1 := edRead(t, out, notice+"ban-1/")

	edBuild(t, edExampleFS(t), out)
	after := edPages(t, out, notice)
	for _, p := range before {
		if !slices.Contains(after, p) {
			t.Errorf("adding edition 3 removed %s%s", notice, p)
		}
	}
	if len(after) <= len(before) {
		t.Errorf("adding edition 3 added no page: %q", after)
	}
	if p := edRead(t, out, notice+"ban-2/"); !strings.Contains(p, "Bản đã được thay thế") {
		t.Errorf("three editions: ban-2 not marked superseded")
	}
	// Edition 1 keeps its text; only its notice and history point further.
	body := func(p string) string { return edSection(t, p, `<section class="body"`, "</section>") }
	if now := edRead(t, out, notice+"ban-1/"); body(now) != body(ban1) {
		t.Errorf("ban-1 text changed when edition 3 was added")
	}
}

// edPages lists the files under dir of an output tree, relative to dir.
func edPages(t *testing.T, out, dir string) []string {
	t.Helper()
	var list []string
	root := filepath.Join(out, filepath.FromSlash(dir))
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			list = append(list, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// TestEditionsManifest: manifest.json lists every file of the output but
// itself, nothing else, and each fingerprint is the SHA-256 of the file.
func TestEditionsManifest(t *testing.T) {
	out := edBuild(t, edExampleFS(t), t.TempDir())
	m, err := output.ReadManifest(os.DirFS(out))
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		if rel == output.ManifestName {
			return nil
		}
		seen++
		want, ok := m.Files[rel]
		if !ok {
			t.Errorf("manifest does not list %s", rel)
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		if got := "sha256:" + hex.EncodeToString(sum[:]); got != want {
			t.Errorf("%s: manifest says %s, file is %s", rel, want, got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen != len(m.Files) {
		t.Errorf("manifest lists %d files, output has %d", len(m.Files), seen)
	}
	if _, self := m.Files[output.ManifestName]; self {
		t.Errorf("manifest lists itself")
	}
	for _, p := range []string{notice + "ban-1/index.html", notice + "ban-3/so-sanh/index.html"} {
		if _, ok := m.Files[p]; !ok {
			t.Errorf("manifest lacks %s", p)
		}
	}
}

// TestEditionsAssets: the stylesheet's name carries its content hash, and
// every page links that name.
func TestEditionsAssets(t *testing.T) {
	out := edBuild(t, edExampleFS(t), t.TempDir())
	css, err := filepath.Glob(filepath.Join(out, "assets", "style.*.css"))
	if err != nil || len(css) != 1 {
		t.Fatalf("want one assets/style.<hash>.css, got %q (%v)", css, err)
	}
	data, err := os.ReadFile(css[0])
	if err != nil {
		t.Fatal(err)
	}
	src, err := fs.ReadFile(vanban.Templates(), "assets/style.css")
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != string(src) {
		t.Errorf("%s is not templates/assets/style.css", css[0])
	}
	sum := sha256.Sum256(data)
	name := "style." + hex.EncodeToString(sum[:])[:12] + ".css"
	if filepath.Base(css[0]) != name {
		t.Errorf("stylesheet %s, want %s (the first 12 hex digits of its SHA-256)", filepath.Base(css[0]), name)
	}
	link := `<link rel="stylesheet" href="/assets/` + name + `">`
	n := 0
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		if !strings.Contains(string(data), link) {
			t.Errorf("%s does not link %s", p, name)
		}
		if strings.Contains(string(data), `/assets/style.css"`) {
			t.Errorf("%s links the stylesheet without its hash", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Errorf("only %d pages", n)
	}
}
