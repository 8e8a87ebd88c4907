package site_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"vanban"
	"vanban/generator/config"
	"vanban/generator/site"
)

// The golden files are rewritten with -update. Another test file of this
// package may already define that flag (one test binary holds both), so it
// is registered here only when nobody has.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func glUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

var glDir = filepath.Join("testdata", "golden")

// glConfig is the golden archive's config: everything fixed, so the output
// depends on nothing but the content and the templates.
func glConfig(t *testing.T, base string) config.Config {
	t.Helper()
	cfg := config.Default()
	cfg.Title = "Kho thử nghiệm"
	cfg.Clock = "2024-03-01T00:00:00+07:00"
	if err := cfg.SetBaseURL(base); err != nil {
		t.Fatal(err)
	}
	return cfg
}

func glBuild(t *testing.T, content fs.FS, cfg config.Config) (string, *site.Result) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	res, err := site.Build(context.Background(), site.Options{
		Content: content, ContentName: "content", Templates: vanban.Templates(), Out: out, Config: cfg,
	})
	if err != nil {
		t.Fatalf("build: %v\n%v", err, res.Diags.Error())
	}
	return out, res
}

// glFiles reads a tree: slash path → bytes.
func glFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func glSorted(m map[string][]byte) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// glCompare reports every file that is missing, extra or different.
func glCompare(t *testing.T, got, want map[string][]byte, hint string) {
	t.Helper()
	n := 0
	for _, p := range glSorted(want) {
		g, ok := got[p]
		switch {
		case !ok:
			t.Errorf("missing %s", p)
			n++
		case !bytes.Equal(g, want[p]):
			t.Errorf("%s differs: %s", p, glFirstDiff(g, want[p]))
			n++
		}
	}
	for _, p := range glSorted(got) {
		if _, ok := want[p]; !ok {
			t.Errorf("unexpected %s", p)
			n++
		}
	}
	if n > 0 {
		t.Logf("%d file(s) differ; %s", n, hint)
	}
}

// glFirstDiff shows the first differing line.
func glFirstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n  got:  %.200q\n  want: %.200q", i+1, gl, wl)
		}
	}
	return "same lines, different bytes"
}

// TestGoldenSite builds the small fictional archive of testdata/golden and
// compares every output file byte for byte with testdata/golden/public.
func TestGoldenSite(t *testing.T) {
	out, res := glBuild(t, os.DirFS(filepath.Join(glDir, "content")), glConfig(t, "https://vanban.example.gov.vn/"))
	if res.Directives != 4 {
		t.Errorf("%d directives, want 4 (the draft stays out)", res.Directives)
	}
	got := glFiles(t, out)
	golden := filepath.Join(glDir, "public")
	if glUpdating() {
		if err := os.RemoveAll(golden); err != nil {
			t.Fatal(err)
		}
		for p, b := range got {
			dst := filepath.Join(golden, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dst, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("rewrote %d files under %s", len(got), golden)
		return
	}
	if _, err := os.Stat(golden); err != nil {
		t.Fatalf("%v: run go test ./generator/site -run TestGoldenSite -update", err)
	}
	glCompare(t, got, glFiles(t, golden), "if the change is intended, run go test ./generator/site -run TestGoldenSite -update and review git diff")

	// The draft leaves no trace at all.
	for p, b := range got {
		if bytes.Contains(b, []byte("999-ubnd-nhap")) || bytes.Contains(b, []byte("Bản nháp không được công bố")) {
			t.Errorf("%s mentions the draft", p)
		}
	}
}

// Two builds of the real sample archive are byte-identical.
func TestDeterministic(t *testing.T) {
	content := os.DirFS(filepath.Join("..", "..", "content"))
	cfg := glConfig(t, "https://vanban.example.gov.vn/")
	a, _ := glBuild(t, content, cfg)
	b, _ := glBuild(t, content, cfg)
	fa, fb := glFiles(t, a), glFiles(t, b)
	if len(fa) < 10 {
		t.Fatalf("only %d files built from the sample archive", len(fa))
	}
	glCompare(t, fb, fa, "two builds of the same content differ: something depends on map order, timing or the wall clock")
}

// A build that replaces its own previous output gives the same bytes, with
// unchanged files kept.
func TestRebuildInPlace(t *testing.T) {
	content := os.DirFS(filepath.Join(glDir, "content"))
	cfg := glConfig(t, "https://vanban.example.gov.vn/")
	out := filepath.Join(t.TempDir(), "public")
	opt := site.Options{Content: content, ContentName: "content", Templates: vanban.Templates(), Out: out, Config: cfg}
	if _, err := site.Build(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	first := glFiles(t, out)
	res, err := site.Build(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	glCompare(t, glFiles(t, out), first, "a rebuild in place changed the output")
	if res.Written != 0 {
		t.Errorf("a rebuild of unchanged content wrote %d files, want 0 (all hard-linked)", res.Written)
	}
}

var glHref = regexp.MustCompile(`(?:href|src|action)="([^"]*)"`)

// Served under a sub-path, every internal link starts with it.
func TestBasePath(t *testing.T) {
	for _, base := range []string{"/archive/", "https://example.org/kho/van-ban/"} {
		t.Run(base, func(t *testing.T) {
			cfg := glConfig(t, base)
			prefix := cfg.BasePath()
			origin := strings.TrimSuffix(cfg.BaseURL, prefix)
			out, _ := glBuild(t, os.DirFS(filepath.Join("..", "..", "content")), cfg)
			checked := 0
			for p, b := range glFiles(t, out) {
				if !strings.HasSuffix(p, ".html") {
					continue
				}
				for _, m := range glHref.FindAllSubmatch(b, -1) {
					h := string(m[1])
					switch {
					case strings.HasPrefix(h, "#"), strings.HasPrefix(h, "mailto:"), strings.HasPrefix(h, "data:"):
						continue
					case strings.HasPrefix(h, "http://"), strings.HasPrefix(h, "https://"):
						if strings.HasPrefix(h, origin+"/") && !strings.HasPrefix(h, cfg.BaseURL) {
							t.Errorf("%s: absolute link %q is on the site's origin but outside %s", p, h, cfg.BaseURL)
						}
						continue
					}
					checked++
					if !strings.HasPrefix(h, prefix) {
						t.Errorf("%s: internal link %q does not start with %s", p, h, prefix)
					}
				}
			}
			if checked == 0 {
				t.Fatal("no internal links found")
			}
		})
	}
}
