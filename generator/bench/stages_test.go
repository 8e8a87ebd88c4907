// Package bench holds the benchmark harness: stage benchmarks over a
// synthetic archive (this file), the archive generator (synth, gen), the
// floor program (floor) and the script bench/run.sh at the repository root.
//
//	go test ./generator/bench -run '^$' -bench . -benchtime 3x
//
// The 1,000-directive archive is generated once per run into a temp dir.
// BENCH_N changes its size.
package bench

import (
	"bytes"
	"context"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"vanban"
	"vanban/generator/bench/synth"
	"vanban/generator/cite"
	"vanban/generator/config"
	"vanban/generator/feed"
	"vanban/generator/index"
	"vanban/generator/load"
	"vanban/generator/markdown"
	"vanban/generator/output"
	"vanban/generator/province"
	"vanban/generator/render"
	"vanban/generator/resolve"
	"vanban/generator/site"
)

var (
	archiveOnce sync.Once
	archiveDir  string
	archiveErr  error
)

func benchN() int {
	if n, err := strconv.Atoi(os.Getenv("BENCH_N")); err == nil && n > 0 {
		return n
	}
	return 1000
}

// archive generates the benchmark archive once per test binary run.
func archive(b *testing.B) string {
	b.Helper()
	archiveOnce.Do(func() {
		dir, err := os.MkdirTemp("", "vanban-bench-")
		if err != nil {
			archiveErr = err
			return
		}
		archiveDir = dir
		archiveErr = synth.Plan(synth.Options{N: benchN()}).Write(dir, false)
	})
	if archiveErr != nil {
		b.Fatal(archiveErr)
	}
	return archiveDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if archiveDir != "" {
		_ = os.RemoveAll(archiveDir)
	}
	os.Exit(code)
}

func contentFS(b *testing.B) fs.FS { return load.Dir(filepath.Join(archive(b), "content")) }

func cfg(b *testing.B) config.Config {
	c, diags := config.Read(filepath.Join(archive(b), "vanban.yaml"), false)
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	return c
}

// stages runs the stages up to resolve once, for the later stages.
type stages struct {
	loaded *load.Result
	ix     *index.Index
	g      *resolve.Graph
}

func prepare(b *testing.B) stages {
	b.Helper()
	var s stages
	var err error
	s.loaded, err = load.Load(context.Background(), contentFS(b))
	if err != nil {
		b.Fatal(err)
	}
	if s.loaded.Diags.HasErrors() {
		b.Fatalf("synthetic archive does not load: %v", s.loaded.Diags.Sorted()[0])
	}
	s.ix, _ = index.Build(s.loaded.Directives, index.Options{Clock: cfg(b).ClockTime(), Provinces: province.Default()})
	s.g, _ = resolve.Resolve(s.ix)
	return s
}

func BenchmarkLoad(b *testing.B) {
	fsys := contentFS(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := load.Load(context.Background(), fsys); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIndex(b *testing.B) {
	s := prepare(b)
	clock := cfg(b).ClockTime()
	b.ResetTimer()
	for b.Loop() {
		index.Build(s.loaded.Directives, index.Options{Clock: clock, Provinces: province.Default()})
	}
}

func BenchmarkResolve(b *testing.B) {
	s := prepare(b)
	b.ResetTimer()
	for b.Loop() {
		resolve.Resolve(s.ix)
	}
}

type linker struct {
	g    *resolve.Graph
	from *index.Entry
}

func (l linker) LinkCitation(c cite.Citation) (string, string, bool) {
	to, m := l.g.Lookup(l.from, c)
	switch {
	case to != nil:
		return "/" + to.Path(), to.Doc.Number.Text, true
	case m != nil:
		return "/" + m.Path(), "", true
	}
	return "", "", false
}

// BenchmarkMarkdown renders every body with citation links (one core).
func BenchmarkMarkdown(b *testing.B) {
	s := prepare(b)
	md := markdown.New(markdown.Options{})
	var buf bytes.Buffer
	b.ResetTimer()
	for b.Loop() {
		for _, e := range s.ix.Entries() {
			buf.Reset()
			if err := md.Render(&buf, []byte(e.Doc.Body), linker{s.g, e}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkRender renders every directive page: Markdown and the
// directive template (one core).
func BenchmarkRender(b *testing.B) {
	s := prepare(b)
	md := markdown.New(markdown.Options{})
	r, err := render.New(vanban.Templates())
	if err != nil {
		b.Fatal(err)
	}
	siteInfo := &render.Site{Title: "t", BaseURL: "https://x/", BasePath: "/", Lang: "vi", Assets: map[string]string{}}
	var buf, out bytes.Buffer
	b.ResetTimer()
	for b.Loop() {
		for _, e := range s.ix.Entries() {
			buf.Reset()
			out.Reset()
			if err := md.Render(&buf, []byte(e.Doc.Body), linker{s.g, e}); err != nil {
				b.Fatal(err)
			}
			v := render.Directive(s.g, e, template.HTML(buf.String()))
			if err := r.Render(&out, "directive", &render.Page{Site: siteInfo, Path: e.Path(), Title: e.Doc.Title, Data: v}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkFeeds writes RSS, Atom and JSON Feed for every province with the
// newest 50 directives in full text (bodies rendered once, outside the loop).
func BenchmarkFeeds(b *testing.B) {
	s := prepare(b)
	md := markdown.New(markdown.Options{})
	byJur := map[string][]*index.Entry{}
	for _, e := range s.ix.Entries() {
		if len(byJur[e.Jurisdiction]) < 50 {
			byJur[e.Jurisdiction] = append(byJur[e.Jurisdiction], e)
		}
	}
	var feeds []*feed.Feed
	for jur, es := range byJur {
		f := &feed.Feed{ID: "https://x/tinh/" + jur + "/atom.xml", Title: jur, Link: "https://x/tinh/" + jur + "/"}
		for _, e := range es {
			var buf bytes.Buffer
			_ = md.Render(&buf, []byte(e.Doc.Body), linker{s.g, e})
			f.Items = append(f.Items, feed.Item{ID: "https://x/" + e.Path(), Link: "https://x/" + e.Path(), Title: e.Doc.Title,
				Published: e.Doc.Date.Start(), HTML: buf.String()})
		}
		feeds = append(feeds, f)
	}
	var buf bytes.Buffer
	b.ResetTimer()
	for b.Loop() {
		for _, f := range feeds {
			buf.Reset()
			_ = feed.WriteRSS(&buf, f)
			buf.Reset()
			_ = feed.WriteAtom(&buf, f)
			buf.Reset()
			_ = feed.WriteJSON(&buf, f)
		}
	}
}

// BenchmarkWrite writes one 12 KB file per directive through the output
// writer into a fresh tree (first build: nothing to link).
func BenchmarkWrite(b *testing.B) {
	s := prepare(b)
	page := bytes.Repeat([]byte("<p>Văn bản chỉ đạo, điều hành.</p>\n"), 12*1024/38)
	for b.Loop() {
		b.StopTimer()
		out := filepath.Join(b.TempDir(), "public")
		b.StartTimer()
		tx, err := output.Begin(out)
		if err != nil {
			b.Fatal(err)
		}
		for _, e := range s.ix.Entries() {
			if err := tx.Write(e.Path()+"index.html", page); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuild is the whole clean build into a fresh directory.
func BenchmarkBuild(b *testing.B) {
	fsys := contentFS(b)
	c := cfg(b)
	for b.Loop() {
		b.StopTimer()
		out := filepath.Join(b.TempDir(), "public")
		b.StartTimer()
		res, err := site.Build(context.Background(), site.Options{Content: fsys, Templates: vanban.Templates(), Out: out, Config: c})
		if err != nil {
			b.Fatal(err, res.Diags.Sorted())
		}
	}
}

// BenchmarkIncremental rebuilds after one directive is edited, with the
// cache of the previous build (the first, clean build is not timed).
func BenchmarkIncremental(b *testing.B) {
	dir := archive(b)
	c := cfg(b)
	out := filepath.Join(b.TempDir(), "public")
	opt := site.Options{Content: load.Dir(filepath.Join(dir, "content")), Templates: vanban.Templates(), Out: out, Config: c}
	if _, err := site.Build(context.Background(), opt); err != nil {
		b.Fatal(err)
	}
	loaded, err := load.Load(context.Background(), opt.Content)
	if err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(dir, "content", filepath.FromSlash(loaded.Directives[len(loaded.Directives)/2].Current().File))
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	defer os.WriteFile(file, orig, 0o644)
	i := 0
	for b.Loop() {
		b.StopTimer()
		i++
		if err := os.WriteFile(file, append(bytes.Clone(orig), []byte("\nĐoạn sửa "+strconv.Itoa(i)+".\n")...), 0o644); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := site.Build(context.Background(), opt)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Written), "written/op")
		b.ReportMetric(float64(res.Kept), "kept/op")
	}
}
