// Package render turns typed view data into HTML pages with html/template.
// Templates come from an fs.FS (the embedded defaults overlaid by a
// directory on disk); each view has one fixed file name, parsed together
// with the shared layout "base.html".
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/url"
	"strings"
	"sync"
	tmplparse "text/template/parse"

	"vanban/generator/model"
	"vanban/generator/resolve"
	"vanban/generator/vn"
)

// views are the page templates, one file each, rendered inside base.html.
func views() []string {
	return []string{"home", "directive", "missing", "province", "provinces", "list", "missing-list", "notfound", "feeds", "search", "diff"}
}

// Site is what every page knows about the site.
type Site struct {
	Title       string
	Description string
	BaseURL     string // absolute, with trailing slash
	BasePath    string // "/" or "/archive/"
	Lang        string
	Publisher   string
	Assets      map[string]string // logical asset name → fingerprinted path
	// LiveReload is the path of the preview server's reload endpoint; empty
	// in every published build.
	LiveReload string
}

// URL returns the site-absolute path of a site-relative path.
func (s *Site) URL(p string) string { return s.BasePath + strings.TrimPrefix(p, "/") }

// AbsURL returns the absolute URL of a site-relative path.
func (s *Site) AbsURL(p string) string { return s.BaseURL + strings.TrimPrefix(p, "/") }

// Asset returns the path of a fingerprinted asset ("style.css").
func (s *Site) Asset(name string) string { return s.URL(s.Assets[name]) }

// FeedLink is a feed offered for discovery.
type FeedLink struct {
	Title string
	Path  string // site-relative
	Type  string // MIME type
}

// Crumb is one step of the breadcrumb trail.
type Crumb struct {
	Title string
	Path  string
}

// Page is the data every template receives.
type Page struct {
	Site        *Site
	Path        string // site-relative path of this page ("" for home)
	Title       string
	Description string
	Crumbs      []Crumb
	Feeds       []FeedLink
	JSONLD      template.JS // schema.org data, already JSON-encoded
	OpenGraph   map[string]string
	NoIndex     bool
	Data        any // the view's own data
}

// Renderer holds the parsed templates. It is safe for concurrent use.
type Renderer struct {
	views map[string]*template.Template
	// partials holds what the "partial" function rendered, once per
	// template and card for the Renderer's life (one build). A map under
	// a lock: sync.Map's boxed keys cost twice as much a lookup.
	mu       sync.RWMutex
	partials map[partialKey]template.HTML
	// spaces says, by view and template, whose partials a partial's output
	// is kept with: "" (every view's) when the template and all it calls
	// come from base.html and partials.html, which every view parses the
	// same; the view's own otherwise (it may redefine them).
	spaces map[string]map[string]string
	bufs   sync.Pool // *bytes.Buffer for partial
}

// siteCard is what a template rendered by "partial" sees: the site and
// one card. (Not embedded: text/template looks fields up by name on each
// use, and a struct with an embedded field makes that a search.)
type siteCard struct {
	Site *Site
	Card Card
}

// partialKey names one partial's output: the templates it was rendered
// with (see Renderer.spaces), the template and the card.
type partialKey struct{ space, name, id string }

// partial renders the named template of view's set t for one card, or
// returns what it rendered before for that card: a directive is shown in
// half a dozen listings and beside every directive that relates to it, and
// html/template spends about half a microsecond on each value it prints.
// The output depends only on the site and the card, which are the same
// for a directive's ID throughout a build. Not so for a document cited but
// missing from the archive: its card shows what each citation says of it
// (the date, the issuer), so it is rendered every time.
func (r *Renderer) partial(view string, t *template.Template, name string, s *Site, c Card) (template.HTML, error) {
	space, ok := r.spaces[view][name]
	if !ok {
		space = view
	}
	key := partialKey{space, name, c.ID}
	keep := !c.Missing && c.ID != "" // a card without an ID names no directive
	if keep {
		r.mu.RLock()
		h, ok := r.partials[key]
		r.mu.RUnlock()
		if ok {
			return h, nil
		}
	}
	b := r.bufs.Get().(*bytes.Buffer)
	defer r.bufs.Put(b)
	b.Reset()
	if err := t.ExecuteTemplate(b, name, siteCard{s, c}); err != nil {
		return "", err
	}
	// Kept for the whole build: a copy of its own size, not a builder's
	// spare capacity (half the memory at 100,000 directives).
	h := template.HTML(b.String()) // #nosec: html/template's own output
	if keep {
		r.mu.Lock()
		r.partials[key] = h
		r.mu.Unlock()
	}
	return h, nil
}

// New parses every view with the layout from fsys.
func New(fsys fs.FS) (*Renderer, error) {
	base, err := fs.ReadFile(fsys, "base.html")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	partials, err := fs.ReadFile(fsys, "partials.html")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	r := &Renderer{views: map[string]*template.Template{}, partials: map[partialKey]template.HTML{}, spaces: map[string]map[string]string{},
		bufs: sync.Pool{New: func() any { return new(bytes.Buffer) }}}
	var errs []string
	for _, v := range views() {
		src, err := fs.ReadFile(fsys, v+".html")
		if err != nil {
			errs = append(errs, fmt.Sprintf("templates/%s.html: %v", v, err))
			continue
		}
		var t *template.Template
		fm := funcs()
		fm["partial"] = func(name string, s *Site, c Card) (template.HTML, error) {
			return r.partial(v, t, name, s, c)
		}
		t, err = template.New("base.html").Funcs(fm).Parse(string(base))
		if err == nil {
			_, err = t.New("partials.html").Parse(string(partials))
		}
		if err == nil {
			_, err = t.New(v + ".html").Parse(string(src))
		}
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		r.views[v] = t
		r.spaces[v] = map[string]string{}
		for _, tm := range t.Templates() {
			r.spaces[v][tm.Name()] = v
			if shared(t, tm.Name(), v+".html") {
				r.spaces[v][tm.Name()] = ""
			}
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return r, nil
}

// shared reports whether template name of set t, and every template it
// calls, was defined outside the view's own file: then it is the same in
// every view's set.
func shared(t *template.Template, name, viewFile string) bool {
	seen := map[string]bool{name: true}
	todo := []string{name}
	for len(todo) > 0 {
		tm := t.Lookup(todo[len(todo)-1])
		todo = todo[:len(todo)-1]
		if tm == nil || tm.Tree == nil || tm.Tree.ParseName == viewFile {
			return false
		}
		var walk func(n tmplparse.Node)
		walk = func(n tmplparse.Node) {
			switch n := n.(type) {
			case *tmplparse.ListNode:
				if n != nil {
					for _, c := range n.Nodes {
						walk(c)
					}
				}
			case *tmplparse.IfNode:
				walk(n.List)
				walk(n.ElseList)
			case *tmplparse.RangeNode:
				walk(n.List)
				walk(n.ElseList)
			case *tmplparse.WithNode:
				walk(n.List)
				walk(n.ElseList)
			case *tmplparse.TemplateNode:
				if !seen[n.Name] {
					seen[n.Name] = true
					todo = append(todo, n.Name)
				}
			}
		}
		walk(tm.Tree.Root)
	}
	return true
}

// Render writes the view with the page data. On error w may hold part of
// the page: callers discard it.
func (r *Renderer) Render(w io.Writer, view string, p *Page) error {
	t, ok := r.views[view]
	if !ok {
		return fmt.Errorf("no view %q", view)
	}
	if err := t.ExecuteTemplate(w, "base.html", p); err != nil {
		return fmt.Errorf("render %s (%s): %w", view, p.Path, err)
	}
	return nil
}

// siteList passes the site along with a partial's data.
type siteList struct {
	Site *Site
	List any
}

func funcs() template.FuncMap {
	return template.FuncMap{
		"vndate":   func(d model.Date) string { return d.Vietnamese() },
		"short":    func(d model.Date) string { return d.Short() },
		"iso":      func(d model.Date) string { return d.String() },
		"label":    func(c resolve.StatusCode) string { return c.Label() },
		"join":     strings.Join,
		"slug":     vn.Slug,
		"urlquery": url.QueryEscape,
		"add":      func(a, b int) int { return a + b },
		"list":     func(s *Site, v any) any { return siteList{s, v} },
		"month": func(m int) string {
			if m == 0 {
				return "Không rõ tháng"
			}
			return fmt.Sprintf("Tháng %d", m)
		},
		"year": func(y int) string {
			if y == 0 {
				return "Không rõ năm"
			}
			return fmt.Sprintf("Năm %d", y)
		},
	}
}
