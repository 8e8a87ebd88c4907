// Package render turns typed view data into HTML pages with html/template.
// Templates come from an fs.FS (the embedded defaults overlaid by a
// directory on disk); each view has one fixed file name, parsed together
// with the shared layout "base.html".
package render

import (
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/url"
	"strings"

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
	r := &Renderer{views: map[string]*template.Template{}}
	var errs []string
	for _, v := range views() {
		src, err := fs.ReadFile(fsys, v+".html")
		if err != nil {
			errs = append(errs, fmt.Sprintf("templates/%s.html: %v", v, err))
			continue
		}
		t, err := template.New("base.html").Funcs(funcs()).Parse(string(base))
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
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return r, nil
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
