package render

import (
	"bytes"
	"context"
	"html/template"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"vanban/generator/bench/synth"
	"vanban/generator/index"
	"vanban/generator/load"
	"vanban/generator/province"
	"vanban/generator/resolve"
)

// benchArchive resolves a synthetic archive of BENCH_N directives (default
// 1000), the same generator the stage benchmarks use.
func benchArchive(b *testing.B) (*index.Index, *resolve.Graph) {
	b.Helper()
	n := 1000
	if v, err := strconv.Atoi(os.Getenv("BENCH_N")); err == nil && v > 0 {
		n = v
	}
	dir := b.TempDir()
	if err := synth.Plan(synth.Options{N: n}).Write(dir, false); err != nil {
		b.Fatal(err)
	}
	res, err := load.Load(context.Background(), os.DirFS(filepath.Join(dir, "content")))
	if err != nil {
		b.Fatal(err)
	}
	ix, _ := index.Build(res.Directives, index.Options{Provinces: province.Default()})
	g, _ := resolve.Resolve(ix)
	return ix, g
}

func benchRenderer(b *testing.B) *Renderer {
	b.Helper()
	dir := "../../templates"
	if d := os.Getenv("BENCH_TEMPLATES"); d != "" {
		dir = d // another version of the templates, to compare
	}
	r, err := New(os.DirFS(dir))
	if err != nil {
		b.Fatal(err)
	}
	return r
}

// cpuTime is the process's user and system CPU time: on a shared machine
// it varies less than wall time, and it counts the garbage collector.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time per operation since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

func benchSite() *Site {
	return &Site{Title: "Kho văn bản", Description: "d", BaseURL: "https://x/", BasePath: "/", Lang: "vi", Publisher: "p",
		Assets: map[string]string{"style.css": "assets/style.0123456789ab.css"}}
}

// BenchmarkDirectivePage renders every directive page as the site composer
// fills it (feeds, Open Graph, JSON-LD, the diagram), with a fixed body so
// that only the view, the diagram and the templates are measured.
func BenchmarkDirectivePage(b *testing.B) {
	ix, g := benchArchive(b)
	r, s := benchRenderer(b), benchSite()
	body := template.HTML("<p>Nội dung.</p>")
	var out bytes.Buffer
	b.ResetTimer()
	start := cpuTime()
	defer reportCPU(b, start)
	for b.Loop() {
		clear(r.partials) // an iteration is a build: cards rendered afresh
		for _, e := range ix.Entries() {
			out.Reset()
			v := Directive(g, e, body)
			v.Fingerprint = "0123456789abcdef"
			v.Diagram = Diagram(g, e, s)
			feeds := []FeedLink{
				{Title: "RSS – toàn bộ kho", Path: "rss.xml", Type: "application/rss+xml"},
				{Title: "Atom – toàn bộ kho", Path: "atom.xml", Type: "application/atom+xml"},
				{Title: "JSON Feed – toàn bộ kho", Path: "feed.json", Type: "application/feed+json"},
				{Title: "Dữ liệu JSON của văn bản", Path: "api/x.json", Type: "application/json"},
			}
			og := map[string]string{"og:type": "article", "og:title": e.Doc.Title, "og:url": s.AbsURL(e.Path()), "og:site_name": s.Title, "og:locale": "vi_VN"}
			p := &Page{Site: s, Path: e.Path(), Title: e.Doc.Title, Description: e.Doc.Title, Feeds: feeds, OpenGraph: og,
				JSONLD: template.JS(`{"@context":"https://schema.org"}`), Data: v}
			if err := r.Render(&out, "directive", p); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkListPage renders every directive as one card listing by year, as
// the year pages do.
func BenchmarkListPage(b *testing.B) {
	ix, g := benchArchive(b)
	r, s := benchRenderer(b), benchSite()
	byYear := map[int][]*index.Entry{}
	var years []int
	for _, e := range ix.Entries() {
		if byYear[e.Doc.Date.Year] == nil {
			years = append(years, e.Doc.Date.Year)
		}
		byYear[e.Doc.Date.Year] = append(byYear[e.Doc.Date.Year], e)
	}
	var out bytes.Buffer
	b.ResetTimer()
	start := cpuTime()
	defer reportCPU(b, start)
	for b.Loop() {
		clear(r.partials) // an iteration is a build: cards rendered afresh
		for _, y := range years {
			out.Reset()
			p := &Page{Site: s, Path: "nam/x/", Title: "Năm", Data: struct {
				Intro string
				Links []struct {
					Name, Path string
					Count      int
				}
				Timeline []YearGroup
			}{Timeline: Timeline(Cards(g, byYear[y]))}}
			if err := r.Render(&out, "list", p); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkDiagram draws every directive's relation diagram. At 100,000
// directives it grows faster than the archive: the most cited directives
// are cited more, and the diagram walks all of their neighbours to count
// the ones it does not draw.
func BenchmarkDiagram(b *testing.B) {
	ix, g := benchArchive(b)
	s := benchSite()
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		for _, e := range ix.Entries() {
			_ = Diagram(g, e, s)
		}
	}
	reportCPU(b, start)
}
