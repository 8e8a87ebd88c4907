// Package site is the only package that composes the stages: load → index →
// resolve → markdown → render and feed → output. Everything else knows only
// the stages below it.
package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"golang.org/x/sync/errgroup"
	"html/template"
	"io/fs"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"vanban/generator/config"
	"vanban/generator/diag"
	"vanban/generator/index"
	"vanban/generator/load"
	"vanban/generator/markdown"
	"vanban/generator/model"
	"vanban/generator/output"
	"vanban/generator/province"
	"vanban/generator/render"
	"vanban/generator/resolve"
)

// Options describe one build.
type Options struct {
	Content     fs.FS  // the content tree
	ContentName string // how messages name the content root ("content")
	Templates   fs.FS  // templates: embedded defaults overlaid by a directory
	Out         string // output directory; "" checks without writing
	Config      config.Config
	Drafts      bool // include drafts and embargoed directives (preview only)
	// LiveReload is the preview server's reload endpoint, injected into every
	// page; empty for published builds.
	LiveReload string
	// Lint, when set, checks the loaded directives against house rules (the
	// CLI passes the Nghị định 30 rules); its findings join the build's.
	Lint func([]*model.Directive) diag.List
	// CacheDir keeps what the next build can reuse (see cache.go); empty
	// means DefaultCacheDir(Out). NoCache builds from scratch and keeps
	// nothing.
	CacheDir string
	NoCache  bool
	// Progress, when set, is called as each stage ends, with the stage's
	// name as in Result.Stages.
	Progress func(stage string)
}

// Result reports what a build did.
type Result struct {
	Diags      diag.List
	Directives int
	Files      int   // files in the output
	Written    int   // files whose bytes changed and were written
	Bytes      int64 // bytes written
	Clock      time.Time
	Parsed     int // content files parsed (the others came from the cache)
	Kept       int // output files taken from the previous build without rendering
	Stages     []Stage
	// CacheNotes say why parts of the cache were not used (another build
	// of the program, damage, an output changed behind its back): the
	// reasons a build did more work than one edit needs.
	CacheNotes []string

	progress func(string)
}

// Stage is how long one stage of the build took.
type Stage struct {
	Name string
	Took time.Duration
}

// lap records the stage that ends now and starts the next one.
func (r *Result) lap(name string, start *time.Time) {
	now := time.Now()
	r.Stages = append(r.Stages, Stage{name, now.Sub(*start)})
	*start = now
	if r.progress != nil {
		r.progress(name)
	}
}

// ErrFailed is returned when the content has errors; Result.Diags says which.
var ErrFailed = errors.New("build failed")

// Build runs every stage. On any error nothing is written and the previous
// output stays as it was.
func Build(ctx context.Context, opt Options) (*Result, error) {
	res, err := build(ctx, opt)
	if errors.Is(err, errOutOfStep) {
		// The previous output is not what the page cache says (edited or
		// removed files): its fingerprints are dropped and the output is
		// written whole, which saves new ones. (Kept, they would send every
		// later build down this path again.)
		if rerr := removePageCache(cacheDir(opt), opt.Out); rerr != nil {
			opt.NoCache = true
		}
		res, err = build(ctx, opt)
		if res != nil {
			res.CacheNotes = append([]string{"the output is not what the page cache says (a file edited or removed since the last build): written whole"}, res.CacheNotes...)
		}
	}
	return res, err
}

func build(ctx context.Context, opt Options) (*Result, error) {
	res := &Result{progress: opt.Progress}
	t := time.Now()
	var cache *buildCache
	if opt.Out != "" && !opt.NoCache {
		cache = openCache(cacheDir(opt), opt.Out)
	}
	// Bodies stay in their files (LoadLean): each is read back, checked
	// against the SHA-256 of its file, when its pages render.
	var old *load.Cache
	if cache != nil {
		old = cache.parse
	}
	loaded, parsed, err := load.LoadLean(ctx, opt.Content, old)
	var sums map[string]load.FileSum
	if err == nil {
		sums = parsed.Sums()
	}
	if cache != nil {
		if err == nil {
			res.Parsed = parsed.Misses
			cache.sums = sums
			// Saved only when at least one file in a hundred changed:
			// encoding it costs more than the rest of a build after one
			// edit, and a file the cache does not have is just parsed again
			// (a fraction of a millisecond) until the cache is saved.
			stale := parsed.Misses + parsed.Refreshed
			if cache.parse != nil {
				stale += abs(cache.parse.Len() - parsed.Len())
			}
			if cache.parse == nil || stale*100 >= len(cache.sums) {
				cache.encodeContent(parsed)  // while the site renders; saved after the commit
				defer cache.discardContent() // unless saved
			}
			cache.parse = nil // the previous build's: not needed any more
		}
	}
	if err != nil {
		return res, err
	}
	res.lap("load", &t)
	// An update of the output in place starts now, beside the single-threaded
	// stages that follow: it reads the old manifest and takes the stamps of
	// the files it lists (see output.Update).
	var early chan txOrErr
	if cache != nil {
		cache.waitPages()
	}
	if cache != nil && cache.old != nil {
		early = make(chan txOrErr, 1)
		go func() {
			tx, err := output.Update(opt.Out)
			early <- txOrErr{tx, err}
		}()
		defer func() {
			if early != nil { // the build stopped before taking it
				if r := <-early; r.tx != nil {
					_ = r.tx.Abort()
				}
			}
		}()
	}
	prefix := func(l diag.List) diag.List {
		if opt.ContentName == "" {
			return l
		}
		for i := range l {
			if l[i].Pos.File != "" {
				l[i].Pos.File = opt.ContentName + "/" + l[i].Pos.File
			}
		}
		return l
	}
	res.Diags = append(res.Diags, prefix(loaded.Diags)...)
	if opt.Lint != nil {
		res.Diags = append(res.Diags, prefix(opt.Lint(loaded.Directives))...)
	}
	clock := opt.Config.ClockTime()
	if clock.IsZero() {
		clock = newest(loaded.Directives)
	}
	res.Clock = clock
	ix, diags := index.Build(loaded.Directives, index.Options{Clock: clock, Drafts: opt.Drafts, Provinces: province.Default()})
	res.Diags = append(res.Diags, prefix(diags)...)
	res.lap("index", &t)
	g, diags := resolve.Resolve(ix)
	res.Diags = append(res.Diags, prefix(diags)...)
	res.Directives = len(ix.Entries())
	if res.Diags.HasErrors() {
		return res, ErrFailed
	}
	r, err := render.New(opt.Templates)
	if err != nil {
		return res, err
	}
	b := &builder{
		cfg: opt.Config, ix: ix, g: g, r: r, md: markdown.New(markdown.Options{AllowHTML: opt.Config.AllowHTML}),
		site: siteOf(opt.Config), tmpl: opt.Templates, cache: cache, out: opt.Out, drafts: opt.Drafts,
		bodies: &bodyStore{fsys: opt.Content, sums: sums}, fps: map[*index.Entry]func() ([]string, error){},
	}
	b.site.LiveReload = opt.LiveReload
	if opt.Out == "" {
		res.lap("resolve", &t)
		return res, nil
	}
	// The positions of front matter keys and the citations found in the
	// text leave memory: only the stages before this one use them (the
	// graph's links keep what the pages show of a citation). At 100,000
	// directives the mentions are 95 MB, a sixth of the live heap.
	for _, e := range ix.Entries() {
		for _, doc := range e.Dir.Editions {
			doc.Keys, doc.Mentions = nil, nil
		}
	}
	res.lap("resolve", &t)
	// With page fingerprints for the output as it is, the build updates it
	// in place: only files whose bytes change are written (staged, then
	// moved in by Commit). Otherwise the whole tree is written beside it and
	// swapped in.
	var tx *output.Tx
	if early != nil {
		r := <-early
		early = nil
		tx, err = r.tx, r.err
		if tx != nil {
			cache.forTree(tx.PreviousManifest())
			if cache.old == nil { // not the tree they describe: written whole
				_ = tx.Abort()
				tx = nil
			}
		}
	}
	if tx == nil {
		tx, err = output.Begin(opt.Out)
	}
	if err != nil {
		return res, err
	}
	if cache != nil {
		cache.forTree(tx.PreviousManifest())
	}
	b.tx = tx
	jobs, err := b.plan(ctx)
	if err == nil {
		if cache != nil {
			cache.waitContent()
		}
		res.lap("plan", &t)
		err = b.runJobs(ctx, jobs)
	}
	if err != nil {
		_ = tx.Abort()
		return res, err
	}
	res.lap("render", &t)
	if cache != nil {
		b.warnings = append(b.warnings, cache.replayWarnings(b)...)
	}
	res.Diags = append(res.Diags, prefix(slices.Clone(b.warnings))...)
	if err := tx.Commit(); err != nil {
		_ = tx.Abort()
		return res, err
	}
	res.lap("commit", &t)
	res.Files, res.Written, res.Bytes = tx.Stats()
	res.Files++ // the manifest
	if cache != nil {
		res.Kept = int(cache.kept.Load())
		res.CacheNotes = cache.notes
		// Without these files the next build is a full one, nothing worse.
		_ = cache.saveContent()
		_ = cache.savePages(tx.Manifest(), jobs, b.done, tx.Stamps(), b.warnings)
		res.lap("cache", &t)
	}
	return res, nil
}

// txOrErr is what output.Update returned.
type txOrErr struct {
	tx  *output.Tx
	err error
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// newest is the default clock: the end of the latest issue date of any
// published directive, so a build never depends on the wall clock.
// Publication times do not move it: a directive published after every issue
// date stays embargoed until a clock is configured that reaches it.
func newest(dirs []*model.Directive) time.Time {
	var t time.Time
	for _, d := range dirs {
		for _, doc := range d.Editions {
			if doc.Draft || doc.Date.IsZero() {
				continue
			}
			if end := doc.Date.Start().AddDate(0, 0, 1).Add(-time.Second); end.After(t) {
				t = end
			}
		}
	}
	if t.IsZero() {
		t = time.Date(2000, 1, 1, 0, 0, 0, 0, model.Zone())
	}
	return t
}

func siteOf(c config.Config) *render.Site {
	return &render.Site{
		Title: c.Title, Description: c.Description, BaseURL: c.BaseURL, BasePath: c.BasePath(),
		Lang: c.Language, Publisher: c.Publisher, Assets: map[string]string{},
	}
}

// builder holds one build's state while pages are rendered.
type builder struct {
	cfg  config.Config
	ix   *index.Index
	g    *resolve.Graph
	r    *render.Renderer
	md   *markdown.Converter
	site *render.Site
	tx   *output.Tx
	tmpl fs.FS

	cache  *buildCache // nil: render everything
	out    string
	drafts bool

	setsOnce, slicesOnce, typesOnce sync.Once
	sets                            []feedSet
	issuers, topics                 []slice
	byType                          map[string][]*index.Entry
	byYear                          map[int][]*index.Entry

	bodies     *bodyStore
	fps        map[*index.Entry]func() ([]string, error) // edition fingerprints, once per directive
	feedBodies map[*index.Entry]template.HTML            // bodies with absolute links, for feeds
	mu         sync.Mutex
	warnings   diag.List
	done       []uint8 // per job: jobKept, jobRendered or jobFailed
}

// job is one output file to produce.
type job struct {
	path string
	make func(*bytes.Buffer) error // nil when the previous build's file is kept
	// key is the fingerprint of the output's inputs when keyed; old is the
	// previous build's page at path, -1 when none.
	key     uint64
	keyed   bool
	old     int32
	noindex bool // left out of the sitemap
}

// keep reports whether j's file is the previous build's for the same
// inputs: it is then kept, never rendered.
func (b *builder) keep(j *job) bool {
	return j.keyed && j.old >= 0 && b.cache.old.pages[j.old].key == j.key
}

// keyed is the job of the output at path whose inputs have the
// fingerprint sum (ignored without a cache): make is called only when the
// file has to be rendered.
func (b *builder) keyed(path string, sum uint64, make func() func(*bytes.Buffer) error) job {
	j := b.keyJob(job{path: path}, outputKey(sum, path))
	if j.old < 0 || !b.keep(&j) {
		j.make = make()
	}
	return j
}

// keyJob sets the key of j, the output at j.path, with the fingerprint of
// its inputs, and drops its make when the previous file will be kept.
// Without a cache, it leaves j unkeyed.
func (b *builder) keyJob(j job, key uint64) job {
	j.old = -1
	if b.cache == nil {
		return j
	}
	j.key, j.keyed, j.old = key, true, b.cache.old.find(j.path)
	if b.keep(&j) {
		j.make = nil
	}
	return j
}

// plan lists every output of the build, with what the cache knows of
// them; the feeds' bodies are rendered here, once.
func (b *builder) plan(ctx context.Context) ([]job, error) {
	if err := b.assets(); err != nil {
		return nil, err
	}
	if b.cache != nil {
		tsum, err := templatesSum(b.tmpl)
		if err != nil {
			return nil, err
		}
		b.cache.prepare(b, struct {
			Templates uint64
			Config    config.Config
			Drafts    bool
			Clock     string
			Site      render.Site
		}{tsum, b.cfg, b.drafts, b.ix.Clock().Format(time.RFC3339Nano), *b.site})
		b.cache.describe(b)
	}
	if err := b.renderBodies(ctx); err != nil {
		return nil, err
	}
	var jobs []job
	jobs = append(jobs, b.pageJobs()...)
	jobs = append(jobs, b.searchJob())
	jobs = append(jobs, b.feedJobs()...)
	// Outputs keyed by describe.
	for i := range jobs {
		if j := &jobs[i]; !j.keyed {
			if k, ok := b.cache.lookupKey(j.path); ok {
				*j = b.keyJob(*j, k)
			} else {
				j.old = -1
			}
		}
	}
	jobs = append(jobs, b.sitemapJobs(jobs)...)
	return jobs, nil
}

// bigOutput is the size above which a worker lets its buffer go after
// the job, rather than hold it for the rest of the build.
const bigOutput = 4 << 20

// runJobs renders and writes files on every core, streaming: no job's
// output outlives its write. A worker per core takes the next job in turn,
// with its own buffer: after one edit nearly every job is a kept file, a
// few microseconds, and a goroutine per job would cost more. Every failing
// output is reported, sorted, not just the first; an output the cache
// cannot keep in step stops the build at once (Build then starts again
// from scratch).
func (b *builder) runJobs(ctx context.Context, jobs []job) error {
	var (
		mu   sync.Mutex
		errs []string
		next atomic.Int64
	)
	b.done = make([]uint8, len(jobs))
	g, gctx := errgroup.WithContext(ctx)
	for range min(runtime.GOMAXPROCS(0), max(len(jobs), 1)) {
		g.Go(func() error {
			var buf bytes.Buffer
			for gctx.Err() == nil {
				i := next.Add(1) - 1
				if i >= int64(len(jobs)) {
					return nil
				}
				err := b.runJob(&jobs[i], &b.done[i], &buf)
				if buf.Cap() > bigOutput {
					// A catalogue or an index (64 MB at 100,000
					// directives): not kept for pages of 30 KB.
					buf = bytes.Buffer{}
				}
				if errors.Is(err, errOutOfStep) {
					return err
				}
				if err != nil {
					mu.Lock()
					errs = append(errs, err.Error())
					mu.Unlock() // go on: report every failing output
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	if len(errs) > 0 {
		slices.Sort(errs)
		return errors.New(strings.Join(errs, "\n"))
	}
	return ctx.Err()
}

// runJob keeps j's file from the previous build when its inputs are the
// same, or renders it into buf and writes it; done records which.
func (b *builder) runJob(j *job, done *uint8, buf *bytes.Buffer) error {
	if b.cache != nil && b.keep(j) {
		// The file must still be the one written for these inputs (same
		// size and time): otherwise the previous output is not what the
		// cache says.
		if err := b.tx.Keep(j.path, b.cache.old.pages[j.old].stamp); err != nil {
			return fmt.Errorf("%s: %w (%v)", j.path, errOutOfStep, err)
		}
		b.cache.kept.Add(1)
		*done = jobKept
		return nil
	}
	buf.Reset()
	err := j.make(buf)
	j.make = nil // what it holds (views, listings) is garbage from now on
	if err == nil {
		err = b.tx.Write(j.path, buf.Bytes())
	}
	if err != nil {
		return fmt.Errorf("%s: %v", j.path, err)
	}
	*done = jobRendered
	return nil
}

func (b *builder) warnf(pos diag.Pos, format string, args ...any) {
	b.mu.Lock()
	b.warnings.Warnf(pos, format, args...)
	b.mu.Unlock()
}
