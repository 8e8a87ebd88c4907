package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// allowedImports is the architecture as a table: for each package under
// generator/ (by its path below generator/; "." is the CLI), the packages of
// this module it may import. Data flows one way (DESIGN-NOTES §3): leaf
// libraries import only leaves below them, each stage only stages and leaves
// below it, and site is the only package composing the stages.
//
// A new package makes TestImportGraph fail until it is added here, with the
// narrowest rule that fits. "*" means any package of the module.
var allowedImports = map[string][]string{
	// Leaf libraries, lowest first.
	"vn":          {},
	"diag":        {},
	"sitemap":     {},
	"model":       {"diag", "vn"},
	"province":    {"vn"},
	"cite":        {"model"},
	"fingerprint": {"model"},
	"diffview":    {"model", "vn"},

	// Stages, in pipeline order.
	"config":   {"diag", "model"},
	"load":     {"model", "diag", "vn", "cite"}, // cite: mentions are part of a parse
	"index":    {"model", "diag", "province", "vn"},
	"resolve":  {"index", "cite", "model", "diag", "vn", "province"}, // province: a leaf (jurisdiction look-ups)
	"markdown": {"cite"},
	"render":   {"index", "resolve", "model", "province", "vn", "diffview"}, // diffview: a leaf (edition diffs)
	"feed":     {"model"},
	"output":   {},

	// The composer and its users.
	"site":  {"*"},
	"serve": {"site", "diag", "config"},
	".":     {"*"},

	// Side tools being added now; rules chosen to keep them off the pipeline.
	"importer":    {"cite", "model", "province", "vn", "diag"},
	"lint":        {"model", "index", "diag", "vn", "province"},
	"bench":       {},
	"bench/synth": {"model", "province"},
	"bench/gen":   {"bench/synth"},
	"bench/floor": {},
}

// thirdParty says which packages may import each outside module: one
// wrapper per dependency. Standard library packages are allowed everywhere.
var thirdParty = map[string][]string{
	"github.com/yuin/goldmark":          {"markdown", "bench/floor"}, // bench/floor measures the bare library as a baseline
	"github.com/adrg/frontmatter":       {"load", "bench/floor"},
	"github.com/BurntSushi/toml":        {"load"},
	"github.com/gohugoio/hashstructure": {"fingerprint"},
	"github.com/sergi/go-diff":          {"diffview"},
	"github.com/fsnotify/fsnotify":      {"serve"},
	"gopkg.in/yaml.v3":                  {"load", "config", "province", "importer"},
	"golang.org/x/sys":                  {"output"},
	"golang.org/x/text":                 {"vn"},
	"golang.org/x/sync":                 {"site", "load"}, // errgroup: bounded parallel work
}

const module = "vanban"

// packageImports parses the imports of every non-test Go file under
// generator/ (all build tags: the union is the stricter check).
func packageImports(t *testing.T) map[string][]string {
	t.Helper()
	fset := token.NewFileSet()
	pkgs := map[string][]string{}
	err := filepath.WalkDir(".", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			if n := e.Name(); p != "." && (n == "testdata" || strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(filepath.Dir(p))
		if _, ok := pkgs[pkg]; !ok {
			pkgs[pkg] = nil
		}
		for _, im := range f.Imports {
			path, _ := strconv.Unquote(im.Path.Value)
			if !slices.Contains(pkgs[pkg], path) {
				pkgs[pkg] = append(pkgs[pkg], path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

func TestImportGraph(t *testing.T) {
	if _, err := os.Stat("main.go"); err != nil {
		t.Skip("run from the generator directory")
	}
	pkgs := packageImports(t)
	names := make([]string, 0, len(pkgs))
	for p := range pkgs {
		names = append(names, p)
	}
	sort.Strings(names)

	var unknown []string
	for _, pkg := range names {
		allowed, known := allowedImports[pkg]
		if !known {
			unknown = append(unknown, pkg)
			continue
		}
		for _, im := range pkgs[pkg] {
			switch {
			case im == module || strings.HasPrefix(im, module+"/"):
				if im == module {
					if !slices.Contains(allowed, "*") {
						t.Errorf("%s imports the module root %q; only the CLI may", pkg, im)
					}
					continue
				}
				dep, ok := strings.CutPrefix(im, module+"/generator/")
				if !ok {
					t.Errorf("%s imports %s, outside generator/", pkg, im)
					continue
				}
				if !slices.Contains(allowed, "*") && !slices.Contains(allowed, dep) {
					t.Errorf("%s imports %s: not allowed (allowed: %v); stages import only downward, and only site composes them", pkg, dep, allowed)
				}
			case isStdlib(im):
			default:
				owners, mod := ownersOf(im)
				if mod == "" {
					t.Errorf("%s imports %s, a dependency with no rule: add it to thirdParty with the one package that wraps it", pkg, im)
				} else if !slices.Contains(owners, pkg) {
					t.Errorf("%s imports %s: only %v may import %s", pkg, im, owners, mod)
				}
			}
		}
	}
	if len(unknown) > 0 {
		t.Errorf("packages with no rule in allowedImports (add each with the stages it may import): %s", strings.Join(unknown, ", "))
	}
}

func isStdlib(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".") && first != module
}

func ownersOf(path string) ([]string, string) {
	for mod, owners := range thirdParty {
		if path == mod || strings.HasPrefix(path, mod+"/") {
			return owners, mod
		}
	}
	return nil, ""
}

// The table itself must only point downward: no rule may allow a cycle, and
// every named package must be one the table knows.
func TestImportTableIsLayered(t *testing.T) {
	state := map[string]int{} // 0 new, 1 visiting, 2 done
	var visit func(p string, path []string)
	visit = func(p string, path []string) {
		switch state[p] {
		case 1:
			t.Errorf("allowedImports has a cycle: %s", strings.Join(append(path, p), " → "))
			return
		case 2:
			return
		}
		state[p] = 1
		for _, d := range allowedImports[p] {
			if d == "*" {
				continue
			}
			if _, ok := allowedImports[d]; !ok {
				t.Errorf("allowedImports[%q] names %q, which has no rule", p, d)
				continue
			}
			visit(d, append(path, p))
		}
		state[p] = 2
	}
	for p := range allowedImports {
		visit(p, nil)
	}
}
