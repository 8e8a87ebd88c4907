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
