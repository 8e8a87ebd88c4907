package site

import (
	"bytes"
	"cmp"
	"context"
	"golang.org/x/sync/errgroup"

	"html/template"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"vanban/generator/cite"
	"vanban/generator/diag"
	"vanban/generator/index"
	"vanban/generator/model"
	"vanban/generator/output"
	"vanban/generator/province"
	"vanban/generator/render"

	"vanban/generator/vn"
)

// linker resolves citations in one directive's text for the Markdown stage.
type linker struct {
	b    *builder
	from *index.Entry
	abs  bool // absolute URLs, for feeds read outside the site
}

func (l linker) url(p string) string {
	if l.abs {
		return l.b.site.AbsURL(p)
	}
	return l.b.site.URL(p)
}

func (l linker) LinkCitation(c cite.Citation) (string, string, bool) {
	to, m := l.b.g.Lookup(l.from, c)
	switch {
	case to != nil:
		return l.url(to.Path()), render.EntryLabel(to), true
	case m != nil:
		return l.url(m.Path()), "Chưa có trong kho", true
	}
	return "", "", false
}

// renderBody renders an entry's Markdown text with site-relative or
// absolute citation links.
func (b *builder) renderBody(e *index.Entry, text string, abs bool) (template.HTML, error) {
	var buf strings.Builder // String does not copy it
	if err := b.md.Render(&buf, []byte(text), linker{b, e, abs}); err != nil {
		return "", err
	}
	if b.cache != nil {
		b.cache.bodyRendered(e)
	}
	// Raw HTML needs a "<": most bodies need no second parse.
	if !b.cfg.AllowHTML && strings.IndexByte(text, '<') >= 0 {
		if line, found := b.md.HasRawHTML([]byte(text)); found {
			b.warnf(posInBody(e.Doc, line), "raw HTML is shown as text; set allow_html: true in the site config to render it")
		}
	}
	return template.HTML(buf.String()), nil // #nosec: goldmark output; raw HTML escaped unless allowed
}

// renderBodies renders, once, the bodies that feeds will carry; pages of
// other directives render theirs when written, so the whole rendered site
// is never held in memory.
func (b *builder) renderBodies(ctx context.Context) error {
	need := map[*index.Entry]bool{}
	for _, f := range b.memoFeedSets() {
		if !f.full {
			continue
		}
		if b.cache != nil && b.cache.unchanged(f.dir+"rss.xml") && b.cache.unchanged(f.dir+"atom.xml") && b.cache.unchanged(f.dir+"feed.json") {
			continue // kept from the previous build
		}
		for _, e := range f.entries {
			need[e] = true
		}
	}
	list := make([]*index.Entry, 0, len(need))
	for _, e := range b.ix.Entries() {
		if need[e] {
			list = append(list, e)
		}
	}
	out := make([]template.HTML, len(list))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range list {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			text, err := b.bodies.body(list[i].Doc)
			if err == nil {
				out[i], err = b.renderBody(list[i], text, true)
			}
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	b.feedBodies = make(map[*index.Entry]template.HTML, len(list))
	for i, e := range list {
		b.feedBodies[e] = out[i]
	}
	return ctx.Err()
}

// assets writes the stylesheet and scripts under content-hashed names so
// they can be cached forever.
func (b *builder) assets() error {
	return fs.WalkDir(b.tmpl, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(b.tmpl, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "assets/")
		ext := path.Ext(name)
		fp := strings.TrimPrefix(output.Fingerprint(data), "sha256:")[:12]
		hashed := "assets/" + strings.TrimSuffix(name, ext) + "." + fp + ext
		b.site.Assets[name] = hashed
		return b.tx.Write(hashed, data)
	})
}

func (b *builder) page(view string, p *render.Page) func(*bytes.Buffer) error {
	p.Site = b.site
	return func(buf *bytes.Buffer) error { return b.r.Render(buf, view, p) }
}

// lazy is page for data made only when the page is rendered: listings
// hold a card per directive, and made up front for every page they would
// all be in memory at once.
func (b *builder) lazy(view string, p func() *render.Page) func(*bytes.Buffer) error {
	return func(buf *bytes.Buffer) error {
		pg := p()
		pg.Site = b.site
		return b.r.Render(buf, view, pg)
	}
}

// pageJobs lists every HTML page of the site.
func (b *builder) pageJobs() []job {
	var jobs []job
	g, ix := b.g, b.ix
	reg := ix.Provinces()
	byType, byYear := b.memoByTypeYear()
	home := crumbs("Trang chủ", "")

	// Directive pages, one per edition when there are several.
	for _, e := range ix.Entries() {
		jobs = b.directiveJobs(jobs, e)
	}
	for _, m := range g.Missing() {
		jobs = append(jobs, job{path: m.Path() + "index.html", noindex: true, make: b.lazy("missing", func() *render.Page {
			return &render.Page{
				Path: m.Path(), Title: m.Type.Name + " số " + m.Number.Text + " (chưa có trong kho)", Crumbs: append(home, crumb("Chưa có trong kho", "chua-co-trong-kho/")),
				NoIndex: true, Data: render.MissingPage(g, m),
			}
		})})
	}

	// Provinces: every unit of the registry keeps its page, merged or not.
	type provLink struct {
		Name, Path, Note string
		Count            int
	}
	var current, former, other []provLink
	for _, p := range reg.All() {
		pl := provLink{Name: p.Name, Path: "tinh/" + p.Slug + "/", Count: len(ix.InProvince(p.Slug))}
		switch {
		case p.Central:
			other = append(other, pl)
		case p.Successor != "":
			if s, ok := reg.BySlug(p.Successor); ok {
				pl.Note = "nay thuộc " + s.Name
			}
			former = append(former, pl)
		default:
			current = append(current, pl)
		}
		jobs = append(jobs, b.provinceJob(p))
	}
	other = append(other, provLink{Name: "Không rõ tỉnh, thành phố", Path: "tinh/" + index.Unknown + "/", Count: len(ix.InProvince(""))})
	jobs = append(jobs, job{path: "tinh/" + index.Unknown + "/index.html", make: b.lazy("province", func() *render.Page {
		return &render.Page{
			Path: "tinh/" + index.Unknown + "/", Title: "Văn bản chưa rõ tỉnh, thành phố", Crumbs: append(home, crumb("Tỉnh, thành phố", "tinh/")),
			Feeds: b.feedLinks("tinh/"+index.Unknown+"/", "văn bản chưa rõ tỉnh"),
			Data: provinceData{Intro: "Văn bản không nêu tên tỉnh, thành phố ban hành. Kho không đoán: khi xác định được, biên tập viên bổ sung trường province.",
				FeedPath: "tinh/" + index.Unknown + "/rss.xml", Timeline: render.Timeline(render.Cards(g, ix.InProvince("")))},
		}
	})})
	jobs = append(jobs, job{path: "tinh/index.html", make: b.page("provinces", &render.Page{
		Path: "tinh/", Title: "Tỉnh, thành phố", Crumbs: home,
		Data: struct{ Current, Former, Other []provLink }{current, former, other},
	})})

	// Types and years.
	type link struct {
		Name, Path string
		Count      int
	}
	var typeLinks []link
	for _, t := range model.DocTypes() {
		p := "loai/" + t.Slug + "/"
		if len(byType[t.Slug]) > 0 {
			typeLinks = append(typeLinks, link{t.Name, p, len(byType[t.Slug])})
		}
		jobs = append(jobs, job{path: p + "index.html", make: b.lazy("list", func() *render.Page {
			return &render.Page{
				Path: p, Title: t.Name, Crumbs: append(home, crumb("Loại văn bản", "loai/")), Feeds: b.feedLinks(p, strings.ToLower(t.Name)),
				Data: listData{Timeline: render.Timeline(render.Cards(g, byType[t.Slug]))},
			}
		})})
	}
	jobs = append(jobs, job{path: "loai/index.html", make: b.page("list", &render.Page{
		Path: "loai/", Title: "Loại văn bản", Crumbs: home, Data: listData{Links: typeLinks},
	})})
	years := make([]int, 0, len(byYear))
	for y := range byYear {
		years = append(years, y)
	}
	slices.SortFunc(years, func(a, b int) int { return cmp.Compare(b, a) })
	var yearLinks []link
	for _, y := range years {
		seg, name := strconv.Itoa(y), "Năm "+strconv.Itoa(y)
		if y == 0 {
			seg, name = index.Unknown, "Không rõ năm"
		}
		p := "nam/" + seg + "/"
		yearLinks = append(yearLinks, link{name, p, len(byYear[y])})
		jobs = append(jobs, job{path: p + "index.html", make: b.lazy("list", func() *render.Page {
			return &render.Page{
				Path: p, Title: yearTitle(y), Crumbs: append(home, crumb("Theo năm", "nam/")),
				Data: listData{Timeline: render.Timeline(render.Cards(g, byYear[y]))},
			}
		})})
	}
	jobs = append(jobs, job{path: "nam/index.html", make: b.page("list", &render.Page{
		Path: "nam/", Title: "Văn bản theo năm ban hành", Crumbs: home, Data: listData{Links: yearLinks},
	})})

	// Documents cited but not in the archive, grouped by jurisdiction.
	type missingGroup struct {
		Slug, Name string
		Cards      []render.Card
	}
	var mgroups []missingGroup
	for _, m := range g.Missing() {
		slug := cmp.Or(m.Jurisdiction, index.Unknown)
		if len(mgroups) == 0 || mgroups[len(mgroups)-1].Slug != slug {
			name := "Không rõ tỉnh, thành phố"
			if p, ok := reg.BySlug(slug); ok {
				name = p.Name
			}
			mgroups = append(mgroups, missingGroup{Slug: slug, Name: name})
		}
		mg := &mgroups[len(mgroups)-1]
		mg.Cards = append(mg.Cards, render.MissingCard(m))
	}
	slices.SortStableFunc(mgroups, func(a, c missingGroup) int { return vn.NewCollator().Compare(a.Name, c.Name) })
	jobs = append(jobs, job{path: "chua-co-trong-kho/index.html", make: b.page("missing-list", &render.Page{
		Path: "chua-co-trong-kho/", Title: "Văn bản được nhắc đến nhưng chưa có trong kho", Crumbs: home,
		Data: struct{ Groups []missingGroup }{mgroups},
	})})

	// Home, feeds list, search, 404.
	latest := ix.Entries()
	if len(latest) > 20 {
		latest = latest[:20]
	}
	var homeProv []provLink
	for _, pl := range current {
		if pl.Count > 0 {
			homeProv = append(homeProv, pl)
		}
	}
	for _, pl := range append(former, other...) {
		if pl.Count > 0 {
			homeProv = append(homeProv, pl)
		}
	}
	jobs = append(jobs, job{path: "index.html", make: b.page("home", &render.Page{
		Path: "", Feeds: b.feedLinks("", "toàn bộ kho"),
		Data: struct {
			Latest       []render.Card
			Provinces    []provLink
			Types, Years []link
		}{render.Cards(g, latest), homeProv, typeLinks, yearLinks},
	})})
	jobs = append(jobs, job{path: "nguon-tin/index.html", make: b.page("feeds", &render.Page{
		Path: "nguon-tin/", Title: "Nguồn tin: RSS, Atom, JSON Feed", Crumbs: home, Data: struct{ Feeds []render.FeedLink }{b.allFeeds()},
	})})
	jobs = append(jobs, job{path: "tim-kiem/index.html", make: b.page("search", &render.Page{Path: "tim-kiem/", Title: "Tìm kiếm", Crumbs: home})})
	jobs = append(jobs, job{path: "404.html", make: b.page("notfound", &render.Page{Path: "404.html", Title: "Không tìm thấy trang", NoIndex: true})})
	return jobs
}

type listData struct {
	Intro    string
	Links    any
	Timeline []render.YearGroup
}

type provinceData struct {
	Intro        string
	FeedPath     string
	Successor    struct{ Name, Path string }
	Predecessors []struct{ Name, Path string }
	Timeline     []render.YearGroup
}

func (b *builder) provinceJob(p *province.Province) job {
	reg := b.ix.Provinces()
	base := "tinh/" + p.Slug + "/"
	entries := b.ix.InProvince(p.Slug)
	d := provinceData{FeedPath: base + "rss.xml"}
	for _, pre := range reg.Predecessors(p.Slug) {
		d.Predecessors = append(d.Predecessors, struct{ Name, Path string }{pre.Name, "tinh/" + pre.Slug + "/"})
	}
	if s, ok := reg.BySlug(p.Successor); ok && p.Successor != "" {
		d.Successor.Name, d.Successor.Path = s.Name, "tinh/"+s.Slug+"/"
	}
	title := "Văn bản của " + p.FullName
	if p.Central {
		title = "Văn bản của các cơ quan trung ương"
		d.Intro = "Chính phủ, Thủ tướng Chính phủ, Văn phòng Chính phủ, các bộ, Quốc hội và các cơ quan Trung ương của Đảng."
	}
	return job{path: base + "index.html", make: b.lazy("province", func() *render.Page {
		d := d // the timeline is the page's, not kept by the job once written
		d.Timeline = render.Timeline(render.Cards(b.g, entries))
		return &render.Page{
			Path: base, Title: title, Crumbs: append(crumbs("Trang chủ", ""), crumb("Tỉnh, thành phố", "tinh/")),
			Feeds: b.feedLinks(base, p.Name), Data: d,
		}
	})}
}

func crumbs(title, p string) []render.Crumb { return []render.Crumb{{Title: title, Path: p}} }
func crumb(title, p string) render.Crumb    { return render.Crumb{Title: title, Path: p} }

func posInBody(doc *model.Document, line int) diag.Pos {
	return diag.Pos{File: doc.File, Line: doc.BodyLine + line - 1}
}

func yearTitle(y int) string {
	if y == 0 {
		return "Văn bản không rõ năm ban hành"
	}
	return "Văn bản ban hành năm " + strconv.Itoa(y)
}
