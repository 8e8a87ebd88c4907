package bench

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"vanban"
	"vanban/generator/bench/synth"
	"vanban/generator/config"
	"vanban/generator/load"
	"vanban/generator/site"
)

// templatesFree is bench/run.sh's "templates free" set.
const templatesFree = "../../bench/templates-free"

// TestTemplatesFree keeps the set bench/run.sh measures the build's bound
// with in step with the built-in templates: each of its files replaces a
// built-in one (a renamed view would leave a file that replaces nothing,
// and the bound would quietly include that view's template), and a build
// with it succeeds and prints, on a directive page, only the body and the
// diagram.
func TestTemplatesFree(t *testing.T) {
	free := os.DirFS(templatesFree)
	names, err := fs.Glob(free, "*.html")
	if err != nil || len(names) == 0 {
		t.Fatalf("no templates in %s: %v", templatesFree, err)
	}
	for _, name := range names {
		if _, err := fs.Stat(vanban.Templates(), name); err != nil {
			t.Errorf("%s/%s replaces no built-in template", templatesFree, name)
		}
	}
	builtin, err := fs.Glob(vanban.Templates(), "*.html")
	if err != nil {
		t.Fatal(err)
	}
	if len(builtin) != len(names) {
		t.Errorf("%d built-in templates, %d in %s: each needs its free version", len(builtin), len(names), templatesFree)
	}

	dir := t.TempDir()
	if err := synth.Plan(synth.Options{N: 40}).Write(dir, false); err != nil {
		t.Fatal(err)
	}
	c, diags := config.Read(filepath.Join(dir, "vanban.yaml"), false)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	out := filepath.Join(dir, "public")
	res, err := site.Build(context.Background(), site.Options{Content: load.Dir(filepath.Join(dir, "content")),
		Templates: site.Overlay(free, vanban.Templates()), Out: out, Config: c, NoCache: true})
	if err != nil {
		t.Fatal(err, res.Diags.Sorted())
	}
	pages, err := filepath.Glob(filepath.Join(out, "van-ban", "*", "*", "*", "index.html"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no directive pages: %v", err)
	}
	page, err := os.ReadFile(pages[0])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(page, []byte("<")) || bytes.Contains(page, []byte("<html")) || bytes.Contains(page, []byte("<header")) {
		t.Errorf("%s is not only its body and diagram:\n%.300s", pages[0], page)
	}
}
