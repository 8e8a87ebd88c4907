package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"vanban"
	"vanban/generator/config"
	"vanban/generator/diag"
	"vanban/generator/lint"
	"vanban/generator/load"
	"vanban/generator/model"
	"vanban/generator/site"
)

// siteFlags are the flags shared by build, check and serve.
type siteFlags struct {
	content, out, baseURL, templates, configFile, clock string
	drafts                                              bool
}

func (f *siteFlags) register(fs *flag.FlagSet, withOut bool) {
	fs.StringVar(&f.content, "content", "content", "directory of directive Markdown files")
	if withOut {
		fs.StringVar(&f.out, "out", "public", "output directory (replaced whole, atomically)")
	}
	fs.StringVar(&f.baseURL, "base-url", "", "URL or path the site is published under, e.g. https://example.gov.vn/archive/ or /archive/")
	fs.StringVar(&f.templates, "templates", "templates", "directory whose files override the built-in templates")
	fs.StringVar(&f.configFile, "config", config.FileName, "site config file (optional)")
	fs.StringVar(&f.clock, "clock", "", "build clock (RFC 3339 or YYYY-MM-DD, or \"now\"); default: config, else the newest directive")
	fs.BoolVar(&f.drafts, "drafts", false, "include drafts and embargoed directives (never for publishing)")
}

// options turns flags into build options; problems are usage errors.
func (f *siteFlags) options() (site.Options, diag.List, error) {
	if f.configFile != config.FileName {
		if _, err := os.Stat(f.configFile); err != nil {
			return site.Options{}, nil, fmt.Errorf("--config: %w", err)
		}
	}
	cfg, diags := config.Read(f.configFile, f.configFile == config.FileName)
	if f.baseURL != "" {
		if err := cfg.SetBaseURL(f.baseURL); err != nil {
			return site.Options{}, diags, fmt.Errorf("--base-url: %w", err)
		}
	}
	switch f.clock {
	case "":
	case "now":
		cfg.Clock = time.Now().Format(time.RFC3339)
	default:
		cfg.Clock = f.clock
		if cfg.ClockTime().IsZero() {
			return site.Options{}, diags, fmt.Errorf("--clock %q: want RFC 3339, YYYY-MM-DD or now", f.clock)
		}
	}
	if st, err := os.Stat(f.content); err != nil || !st.IsDir() {
		return site.Options{}, diags, fmt.Errorf("--content %s: not a directory", f.content)
	}
	tmpl := vanban.Templates()
	if st, err := os.Stat(f.templates); err == nil && st.IsDir() {
		tmpl = site.Overlay(os.DirFS(f.templates), tmpl)
	} else if f.templates != "templates" {
		return site.Options{}, diags, fmt.Errorf("--templates %s: not a directory", f.templates)
	}
	return site.Options{
		Content: load.Dir(f.content), ContentName: filepath.ToSlash(filepath.Clean(f.content)),
		Templates: tmpl, Out: f.out, Config: cfg, Drafts: f.drafts,
	}, diags, nil
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("build", flag.ContinueOnError)
	fset.SetOutput(stderr)
	var f siteFlags
	f.register(fset, true)
	cacheDir := fset.String("cache", "", "cache directory for incremental builds (default: .vanban-cache beside --out)")
	noCache := fset.Bool("no-cache", false, "build from scratch and keep no cache")
	cpuProfile := fset.String("cpuprofile", "", "write a CPU profile of the build to this file (for `go tool pprof`)")
	memProfile := fset.String("memprofile", "", "write a heap profile, taken once every output is planned (the largest live heap), to this file")
	timings := fset.Bool("timings", false, "print how long each stage took")
	fset.Usage = func() {
		fmt.Fprintln(stderr, "Usage: go run ./generator build [flags]\n\nBuilds the content directory into a static site. The output directory is\nreplaced atomically; on any error it stays as it was.\n\nFlags:")
		fset.PrintDefaults()
	}
	if pos, code, ok := parseFlags(fset, args); !ok {
		return code
	} else if len(pos) > 0 {
		fmt.Fprintf(stderr, "build: unexpected argument %q\n", pos[0])
		return 2
	}
	opt, diags, err := f.options()
	if err != nil {
		printDiags(stderr, diags)
		fmt.Fprintln(stderr, "build:", err)
		return 2
	}
	if diags.HasErrors() {
		printDiags(stderr, diags)
		return 1
	}
	opt.Lint = func(dirs []*model.Directive) diag.List {
		found := lint.Check(dirs)
		for i := range found { // a formatting slip never blocks publishing
			found[i].Severity = diag.Warning
		}
		return found
	}
	opt.CacheDir, opt.NoCache = *cacheDir, *noCache
	// An incremental build fills its heap once, mostly with what its
	// parse cache holds: huge pages for it over space in proportion to the
	// cache (see adviseHugePages, incrementalReserve and hugePages.fit),
	// and, when the cache says the archive is small, fewer collections on
	// the way (see collectLess). A clean build of an archive of few files
	// gets huge pages too (10,000 directives: 15–19 % faster in two sets
	// of alternating runs); it collects less once loaded, when it knows
	// its live heap. A clean build of a large archive gets none: its heap
	// churns under the soft memory limit.
	start := time.Now() // counting the files for fewFiles is part of the build
	var huge hugePages
	// The collector's settings are this build's only: tests run several
	// builds in one process.
	restoreGC := func() {}
	defer func() { restoreGC() }()
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1)) // limitMemory's
	reserve, less := memoryPlan(site.ParseCacheSize(opt), func() bool { return fewFiles(opt.Content, hugeHeapFiles) })
	if reserve > 0 {
		huge = adviseHugePages(reserve)
		defer huge.release()
	}
	if less {
		restoreGC = collectLess()
	}
	opt.Progress = func(stage string) {
		// Rendering makes more garbage than loading, over a smaller live
		// heap: a large archive gets more room for it, the live heap
		// again (at 100,000 directives: 3 × 503 MB, peak 1.5 GB against
		// 1.4 GB with half as much room, 75 collections instead of 97,
		// 90–94 s instead of 100–108 s).
		if stage == "load" || stage == "plan" {
			room := 0.0
			if stage == "plan" {
				room = 1
			}
			live, limit := limitMemory(room)
			huge.fit(live)
			if stage == "load" && live < smallHeap {
				restoreGC() // a clean build learns the heap's size only now
				restoreGC = collectLess()
			}
			if stage == "plan" && *memProfile != "" {
				if err := writeHeapProfile(*memProfile); err != nil {
					fmt.Fprintln(stderr, "build:", err)
				}
			}
			if *timings {
				fmt.Fprintf(stderr, "after %s: live heap %d MB; soft memory limit %d MB\n", stage, live>>20, limit>>20)
			}
		}
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			fmt.Fprintln(stderr, "build:", err)
			return 2
		}
		defer stop()
	}
	res, err := site.Build(ctx, opt)
	if *timings {
		for _, st := range res.Stages {
			fmt.Fprintf(stderr, "%-10s %8.1f ms\n", st.Name, float64(st.Took.Microseconds())/1000)
		}
		for _, n := range res.CacheNotes {
			fmt.Fprintln(stderr, "cache:", n)
		}
		if gc := readCollector(); gc.cycles > 0 {
			fmt.Fprintf(stderr, "collector: %d collections, %.1f CPU-s\n", gc.cycles, gc.cpu)
		}
	}
	printDiags(stderr, append(diags, res.Diags...))
	if err != nil {
		if !errors.Is(err, site.ErrFailed) {
			fmt.Fprintln(stderr, "build:", err)
		} else {
			fmt.Fprintf(stderr, "build failed: %d error(s); %s was left as it was\n", countErrors(res.Diags), f.out)
		}
		return 1
	}
	reuse := ""
	if !opt.NoCache {
		reuse = fmt.Sprintf("; %d kept unrendered, %d content files parsed", res.Kept, res.Parsed)
	}
	fmt.Fprintf(stdout, "built %d directives into %s: %d files (%d written, %d bytes%s) in %s\n",
		res.Directives, f.out, res.Files, res.Written, res.Bytes, reuse, time.Since(start).Round(time.Millisecond))
	return 0
}

// memoryPlan is how a build sets its heap up before it loads anything,
// from the size of the parse cache it will use (0: none, a clean build)
// and, for a clean build only (few walks the content), whether the content
// has few files: the heap space to advise for huge pages (0: none) and
// whether to collect less from the start. See runBuild.
func memoryPlan(cache int64, few func() bool) (reserve uintptr, less bool) {
	switch {
	case cache > 0:
		return incrementalReserve(cache), cache < smallCache
	case few():
		return hugeHeapReserve, false
	}
	return 0, false
}

// fewFiles reports whether fsys holds at most limit content files (none
// when limit is 0). The count stops at limit+1: listing 10,000 files costs
// a few milliseconds, and warms the kernel's cache for the load that lists
// them again.
func fewFiles(fsys fs.FS, limit int) bool {
	if limit <= 0 {
		return false
	}
	n, err := load.CountFiles(fsys, limit)
	return err == nil && n <= limit
}

func printDiags(w io.Writer, l diag.List) {
	for _, d := range l.Sorted() {
		fmt.Fprintln(w, d.Error())
	}
}

func countErrors(l diag.List) int {
	n := 0
	for _, d := range l {
		if d.Severity == diag.Error {
			n++
		}
	}
	return n
}
