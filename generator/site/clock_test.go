package site_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"vanban"
	"vanban/generator/config"
	"vanban/generator/site"
)

// Without a configured clock, the build's clock is the newest issue date: a
// directive whose publication time lies after it stays out of every file.
func TestDefaultClockKeepsEmbargo(t *testing.T) {
	content := fstest.MapFS{
		"a.md": {Data: []byte("---\nnumber: 10/UBND-VX\ntype: cong-van\ntitle: V/v công khai\nprovince: lai-chau\ndate: 2023-05-02\n---\nNội dung.\n")},
		"b.md": {Data: []byte("---\nnumber: 11/UBND-VX\ntype: cong-van\ntitle: V/v EMBARGO-MARKER-7c1\nprovince: lai-chau\ndate: 2023-05-03\npublished: 2030-01-01T08:00:00+07:00\n---\nNội dung EMBARGO-MARKER-7c1.\n")},
	}
	cfg := config.Default() // no clock
	out := filepath.Join(t.TempDir(), "public")
	res, err := site.Build(context.Background(), site.Options{Content: content, Templates: vanban.Templates(), Out: out, Config: cfg, NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Directives != 1 {
		t.Errorf("%d directives published, want 1 (clock %s)", res.Directives, res.Clock)
	}
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.Contains(string(data), "EMBARGO-MARKER-7c1") || strings.Contains(p, "11-ubnd-vx") {
			t.Errorf("%s leaks the embargoed directive", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A template that fails on every directive page reports every page, not
// only the first, and leaves no output behind.
func TestRenderErrorsAllReported(t *testing.T) {
	content := fstest.MapFS{
		"a.md": {Data: []byte("---\nnumber: 10/UBND-VX\ntype: cong-van\ntitle: A\nprovince: lai-chau\ndate: 2023-05-02\n---\nA.\n")},
		"b.md": {Data: []byte("---\nnumber: 11/UBND-VX\ntype: cong-van\ntitle: B\nprovince: lai-chau\ndate: 2023-05-03\n---\nB.\n")},
	}
	broken := fstest.MapFS{"directive.html": {Data: []byte(`{{define "content"}}{{.Data.NoSuchField}}{{end}}`)}}
	cfg := config.Default()
	cfg.Clock = "2024-01-01"
	out := filepath.Join(t.TempDir(), "public")
	_, err := site.Build(context.Background(), site.Options{Content: content, Templates: site.Overlay(broken, vanban.Templates()), Out: out, Config: cfg, NoCache: true})
	if err == nil {
		t.Fatal("build succeeded with a broken template")
	}
	for _, page := range []string{"van-ban/lai-chau/2023/10-ubnd-vx/index.html", "van-ban/lai-chau/2023/11-ubnd-vx/index.html"} {
		if !strings.Contains(err.Error(), page) {
			t.Errorf("error does not name %s:\n%v", page, err)
		}
	}
	if _, statErr := os.Stat(out); !os.IsNotExist(statErr) {
		t.Errorf("a failed build left %s behind", out)
	}
}
