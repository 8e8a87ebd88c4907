package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
	"testing/fstest"
	"vanban/generator/site"
)

// fictional is a valid directive: fictional test data, not a real document.
const fictional = `---
number: 1/TB-THU
type: thong-bao
title: "Thông báo thử nghiệm (dữ liệu giả, không phải văn bản thật)"
issuer: Cơ quan Thử nghiệm
province: lai-chau
date: 2024-02-05
---

Nội dung thử nghiệm.
`

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, s := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// snapshot records every file under dir with its bytes and modification time.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if e.IsDir() {
			out[rel+"/"] = info.ModTime().String()
			return nil
		}
		b, err := os.ReadFile(p)
		out[rel] = string(b) + "|" + info.ModTime().String()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = Run(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

// config writes a site config with a fixed clock, so nothing depends on the
// working directory.
func siteConfig(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "vanban.yaml")
	write(t, filepath.Dir(p), map[string]string{"vanban.yaml": "title: Kho thử\nclock: 2024-03-01\n"})
	return p
}

func TestBuildSucceeds(t *testing.T) {
	dir := t.TempDir()
	content, out := filepath.Join(dir, "content"), filepath.Join(dir, "public")
	write(t, content, map[string]string{"lai-chau/2024/tb-1.md": fictional})
	code, stdout, stderr := run(t, "build", "--content", content, "--out", out, "--config", siteConfig(t))
	if code != 0 {
		t.Fatalf("exit %d\nstderr:\n%s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "built 1 directives into "+out) {
		t.Errorf("stdout = %q", stdout)
	}
	for _, p := range []string{"index.html", "manifest.json", "van-ban/lai-chau/2024/1-tb-thu/index.html"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("missing %s: %v", p, err)
		}
	}
	// The default config file is optional: go test runs in generator/, where
	// there is none, so the defaults apply.
	if _, err := os.Stat(filepath.Join(".", "vanban.yaml")); err == nil {
		t.Skip("a vanban.yaml in the package directory would change the defaults")
	}
	code, _, stderr = run(t, "build", "--content", content, "--out", filepath.Join(dir, "public2"), "--base-url", "/archive/")
	if code != 0 {
		t.Fatalf("build with the default config: exit %d\n%s", code, stderr)
	}
	home, _ := os.ReadFile(filepath.Join(dir, "public2", "index.html"))
	if !strings.Contains(string(home), `href="/archive/`) {
		t.Error("--base-url /archive/ did not reach the pages")
	}
}

func TestBuildBrokenContentKeepsOutput(t *testing.T) {
	dir := t.TempDir()
	content, out := filepath.Join(dir, "content"), filepath.Join(dir, "public")
	write(t, content, map[string]string{"ok.md": fictional})
	cfg := siteConfig(t)
	if code, _, stderr := run(t, "build", "--content", content, "--out", out, "--config", cfg); code != 0 {
		t.Fatalf("first build: exit %d\n%s", code, stderr)
	}
	write(t, out, map[string]string{"sentinel.txt": "do not touch"})
	before := snapshot(t, out)

	write(t, content, map[string]string{
		"a/unclosed.md":    "---\ntype: thong-bao\ntitle: x\n\nNội dung.\n",
		"b/bad-date.md":    "---\ntype: thong-bao\ntitle: x\n# chú thích\ndate: 2022-13-07\n---\nNội dung.\n",
		"c/unknown-key.md": "\n\n---\ntype: thong-bao\ntitle: x\ntitel: y\n---\nNội dung.\n",
	})
	code, stdout, stderr := run(t, "build", "--content", content, "--out", out, "--config", cfg)
	if code != 1 {
		t.Fatalf("exit %d, want 1\nstderr:\n%s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout = %q", stdout)
	}
	c := filepath.ToSlash(filepath.Clean(content))
	want := []string{
		c + `/a/unclosed.md:1:1: front matter opened with "---" at line 1 is never closed (add a "---" line after it)`,
		c + `/b/bad-date.md:5:7: date: month 13 does not exist`,
		c + `/c/unknown-key.md:6:1: unknown key "titel"; did you mean "title"?`,
		"build failed: 3 error(s); " + out + " was left as it was",
	}
	var lines []string // warnings (no number, no id) are not the point here
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if !strings.Contains(l, ": warning: ") {
			lines = append(lines, l)
		}
	}
	if len(lines) != len(want) {
		t.Fatalf("stderr has %d lines, want %d:\n%s", len(lines), len(want), stderr)
	}
	for i := range want {
		if !strings.HasPrefix(lines[i], want[i]) {
			t.Errorf("stderr line %d:\n got %s\nwant %s…", i+1, lines[i], want[i])
		}
	}
	if after := snapshot(t, out); !equal(before, after) {
		t.Errorf("the previous output changed:\nbefore %v\nafter  %v", before, after)
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		// The cache is the first (successful) build's; a failed build leaves
		// no temporary directory behind.
		if strings.HasPrefix(e.Name(), ".") && e.Name() != site.CacheDirName {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestUsage(t *testing.T) {
	content := t.TempDir()
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string // a line stderr must contain
	}{
		{"no command", nil, 2, "Usage: go run ./generator COMMAND"},
		{"help", []string{"help"}, 0, "Commands:"},
		{"--help", []string{"--help"}, 0, "build"},
		{"unknown command", []string{"biuld"}, 2, `generator: unknown command "biuld"`},
		{"build --help", []string{"build", "--help"}, 0, "Usage: go run ./generator build [flags]"},
		{"build -h", []string{"build", "-h"}, 0, "-content"},
		{"bad flag", []string{"build", "--nope"}, 2, "flag provided but not defined: -nope"},
		{"flag without value", []string{"build", "--content"}, 2, "flag needs an argument: -content"},
		{"stray argument", []string{"build", "--content", content, "extra"}, 2, `build: unexpected argument "extra"`},
		{"missing content", []string{"build", "--content", filepath.Join(content, "nope")}, 2, "--content " + filepath.Join(content, "nope") + ": not a directory"},
		{"bad base url", []string{"build", "--content", content, "--base-url", "ftp://x/"}, 2, `build: --base-url: "ftp://x/": want an http(s) URL`},
		{"bad clock", []string{"build", "--content", content, "--clock", "mai"}, 2, `build: --clock "mai": want RFC 3339, YYYY-MM-DD or now`},
		{"missing templates", []string{"build", "--content", content, "--templates", filepath.Join(content, "nope")}, 2, "not a directory"},
		{"missing explicit config", []string{"build", "--content", content, "--config", filepath.Join(content, "nope.yaml")}, 2, "--config"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstderr:\n%s", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, stderr)
			}
		})
	}
}

// TestBuildRestoresCollector checks that a build leaves the garbage
// collector as it found it (GOGC, soft memory limit): it sets both for
// itself, and tests, like any program calling Run, go on in the process.
func TestBuildRestoresCollector(t *testing.T) {
	gogc := debug.SetGCPercent(100)
	defer debug.SetGCPercent(gogc)
	limit := debug.SetMemoryLimit(-1)
	dir := t.TempDir()
	content, out := filepath.Join(dir, "content"), filepath.Join(dir, "public")
	write(t, content, map[string]string{"lai-chau/2024/tb-1.md": fictional})
	cfg := siteConfig(t)
	for _, build := range []string{"clean", "incremental"} {
		if code, _, stderr := run(t, "build", "--content", content, "--out", out, "--config", cfg); code != 0 {
			t.Fatalf("%s build: exit %d\n%s", build, code, stderr)
		}
		if got := debug.SetGCPercent(100); got != 100 {
			t.Errorf("after the %s build GOGC is %d, want 100", build, got)
		}
		if got := debug.SetMemoryLimit(-1); got != limit {
			t.Errorf("after the %s build the soft memory limit is %d, want %d", build, got, limit)
		}
	}
}

// TestBuildTimings checks what --timings reports: the soft memory limit
// set after loading and planning, every stage, and the collector's work
// (the figure that varies least between runs of a large build).
func TestBuildTimings(t *testing.T) {
	dir := t.TempDir()
	content, out := filepath.Join(dir, "content"), filepath.Join(dir, "public")
	write(t, content, map[string]string{"lai-chau/2024/tb-1.md": fictional})
	code, _, stderr := run(t, "build", "--content", content, "--out", out, "--config", siteConfig(t), "--timings")
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^after load: live heap \d+ MB; soft memory limit \d+ MB$`),
		regexp.MustCompile(`(?m)^after plan: live heap \d+ MB; soft memory limit \d+ MB$`),
		regexp.MustCompile(`(?m)^load +\d+\.\d ms$`),
		regexp.MustCompile(`(?m)^render +\d+\.\d ms$`),
		regexp.MustCompile(`(?m)^commit +\d+\.\d ms$`),
		regexp.MustCompile(`(?m)^collector: [1-9]\d* collections, \d+\.\d CPU-s$`),
	} {
		if !want.MatchString(stderr) {
			t.Errorf("--timings output has no line matching %s:\n%s", want, stderr)
		}
	}
}

func TestFewFiles(t *testing.T) {
	archive := fstest.MapFS{
		"lai-chau/2024/a.md": {}, "lai-chau/2024/b.md": {}, "dien-bien/c.md": {},
		// Not content (load.CountFiles): not counted.
		"README.md": {}, "_nhap/d.md": {}, ".git/e.md": {}, "lai-chau/anh.png": {},
	}
	for _, tc := range []struct {
		name  string
		fsys  fs.FS
		limit int
		want  bool
	}{
		{"no advice at all", archive, 0, false},
		{"more than the limit", archive, 2, false},
		{"exactly the limit", archive, 3, true},
		{"far under it", archive, 17000, true},
		{"empty archive", fstest.MapFS{}, 10, true},
	} {
		if got := fewFiles(tc.fsys, tc.limit); got != tc.want {
			t.Errorf("%s: fewFiles(limit %d) = %v, want %v", tc.name, tc.limit, got, tc.want)
		}
	}
}

// TestMemoryPlan: an incremental build is advised space for its cache, and
// collects less from the start when the cache is small; a clean build is
// advised the small space only when its content has few files, which is
// counted for clean builds only.
func TestMemoryPlan(t *testing.T) {
	for _, tc := range []struct {
		name        string
		cache       int64
		few         bool
		wantReserve uintptr
		wantLess    bool
		counts      bool // few is asked
	}{
		{"clean, few files", 0, true, hugeHeapReserve, false, true},
		{"clean, many files", 0, false, 0, false, true},
		{"incremental, 10,000 directives", 13_500_000, true, incrementalReserve(13_500_000), true, false},
		{"incremental, just over small", smallCache, true, incrementalReserve(smallCache), false, false},
		{"incremental, 100,000 directives", 137_621_984, false, incrementalReserve(137_621_984), false, false},
	} {
		asked := false
		reserve, less := memoryPlan(tc.cache, func() bool { asked = true; return tc.few })
		if reserve != tc.wantReserve || less != tc.wantLess || asked != tc.counts {
			t.Errorf("%s: memoryPlan = %d, %v (files counted: %v), want %d, %v (%v)", tc.name, reserve, less, asked, tc.wantReserve, tc.wantLess, tc.counts)
		}
	}
}
