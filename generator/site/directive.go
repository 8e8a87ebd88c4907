package site

import (
	"bytes"
	"encoding/json"
	"html/template"
	"slices"
	"strconv"
	"sync"

	"vanban/generator/diffview"
	"vanban/generator/fingerprint"
	"vanban/generator/index"
	"vanban/generator/model"
	"vanban/generator/render"
	"vanban/generator/resolve"
)

// Edition pages. Every edition of a directive with several has a permanent
// page under the directive's permalink, and comparison pages beside it:
//
//	<permalink>                          the current edition
//	<permalink>ban-N/                    edition N, never removed
//	<permalink>ban-N/so-sanh/            edition N compared with the one before
//	<permalink>ban-N/so-voi-hien-hanh/   edition N compared with the current one
//
// Adding an edition only adds pages: every URL above that existed before
// still exists after.
const (
	editionPrefix  = "ban-"
	diffPrevDir    = "so-sanh/"
	diffCurrentDir = "so-voi-hien-hanh/"
)

func editionPath(e *index.Entry, n int) string {
	return e.Path() + editionPrefix + strconv.Itoa(n) + "/"
}

// editionViews describes every edition of e for the history list, with
// fingerprints and comparison links; nil for a directive with one edition.
func editionViews(e *index.Entry, fps []string) []render.EditionView {
	eds := e.Dir.Editions
	if len(eds) < 2 {
		return nil
	}
	out := make([]render.EditionView, len(eds))
	for i, ed := range eds {
		p := editionPath(e, ed.Edition.Number)
		v := render.EditionView{Number: ed.Edition.Number, Date: ed.Edition.Date, Note: ed.Edition.Note,
			Path: p, Current: ed == e.Doc}
		if fps != nil {
			v.Fingerprint = fps[i]
		}
		if i > 0 {
			v.DiffPrev = p + diffPrevDir
		}
		if ed != e.Doc {
			v.DiffCurrent = p + diffCurrentDir
		}
		out[i] = v
	}
	return out
}

// fingerprints returns the fingerprint of every edition of e, computed
// once per build: its pages and its API record show them, and an
// incremental build that renders none of these computes none. cur, when
// not nil, is e's current edition with its body already read.
func (b *builder) fingerprints(e *index.Entry, cur *model.Document) ([]string, error) {
	b.mu.Lock()
	f, ok := b.fps[e]
	if !ok {
		f = sync.OnceValues(func() ([]string, error) {
			out := make([]string, len(e.Dir.Editions))
			for i, ed := range e.Dir.Editions {
				doc, err := cur, error(nil)
				if ed != e.Doc || cur == nil {
					if doc, err = b.bodies.withBody(ed); err != nil {
						return nil, err
					}
				}
				if out[i], err = fingerprint.Edition(doc); err != nil {
					return nil, err
				}
			}
			return out, nil
		})
		b.fps[e] = f
	}
	b.mu.Unlock()
	return f()
}

// marked returns the history with one edition marked as the shown one.
func marked(hist []render.EditionView, n int) []render.EditionView {
	if hist == nil {
		return nil
	}
	out := make([]render.EditionView, len(hist))
	for i, v := range hist {
		v.This = v.Number == n
		out[i] = v
	}
	return out
}

// directivePaths lists e's outputs in the order directiveJobs makes them.
func directivePaths(e *index.Entry, yield func(string)) {
	yield(e.Path() + "index.html")
	eds := e.Dir.Editions
	if len(eds) < 2 {
		return
	}
	for i, ed := range eds {
		p := editionPath(e, ed.Edition.Number)
		yield(p + "index.html")
		if i > 0 {
			yield(p + diffPrevDir + "index.html")
		}
		if i < len(eds)-1 {
			yield(p + diffCurrentDir + "index.html")
		}
	}
}

// directiveJobs appends the jobs of e's current page and, for a directive
// with several editions, one permanent page per edition and the comparison
// pages. When the cache keeps all of them, it makes none of their data.
func (b *builder) directiveJobs(jobs []job, e *index.Entry) []job {
	var sum uint64
	if b.cache != nil {
		sum = b.cache.pageSum(b, e)
		start, all := len(jobs), true
		directivePaths(e, func(p string) {
			j := b.keyJob(job{path: p}, outputKey(sum, p))
			all = all && j.old >= 0 && b.keep(&j)
			jobs = append(jobs, j)
		})
		if all {
			return jobs
		}
		jobs = jobs[:start]
	}
	start := len(jobs)
	jobs = b.makeDirectiveJobs(jobs, e)
	for i := start; i < len(jobs); i++ {
		jobs[i] = b.keyJob(jobs[i], outputKey(sum, jobs[i].path))
	}
	return jobs
}

// makeDirectiveJobs appends the jobs of e's outputs, with what they show.
func (b *builder) makeDirectiveJobs(jobs []job, e *index.Entry) []job {
	title := e.Doc.Title
	if title == "" {
		title = e.Doc.Type.Name
	}
	home := append(crumbs("Trang chủ", ""), crumb(e.Doc.Type.Name, "loai/"+e.Doc.Type.Slug+"/"))
	// Made when a page renders, not held for every directive until then.
	feedsOf := func() []render.FeedLink {
		feeds := b.feedLinks("", "toàn bộ kho")
		if e.Province != nil {
			feeds = append(feeds, b.feedLinks("tinh/"+e.Province.Slug+"/", e.Province.Name)...)
		}
		return append(feeds, render.FeedLink{Title: "Dữ liệu JSON của văn bản", Path: apiPath(e.ID), Type: "application/json"})
	}
	eds := e.Dir.Editions
	hist := editionViews(e, nil) // paths only; fingerprints when rendered
	cur := len(eds) - 1
	jobs = append(jobs, job{path: e.Path() + "index.html", make: func(buf *bytes.Buffer) error {
		doc, err := b.bodies.withBody(e.Doc) // read once for the fingerprint and the page
		if err != nil {
			return err
		}
		fps, err := b.fingerprints(e, doc)
		if err != nil {
			return err
		}
		body, err := b.renderBody(e, doc.Body, false)
		if err != nil {
			return err
		}
		v := render.Directive(b.g, e, body)
		v.Fingerprint = fps[cur]
		if hist != nil {
			v.Editions = marked(editionViews(e, fps), e.Doc.Edition.Number)
			v.This, v.Latest = v.Editions[cur], v.Editions[cur]
		}
		v.Diagram = render.Diagram(b.g, e, b.site)
		og := map[string]string{
			"og:type": "article", "og:title": title, "og:url": b.site.AbsURL(e.Path()), "og:site_name": b.site.Title, "og:locale": "vi_VN",
		}
		return b.page("directive", &render.Page{Path: e.Path(), Title: title, Description: description(e), Crumbs: home,
			Feeds: feedsOf(), JSONLD: b.jsonLD(e), OpenGraph: og, Data: v})(buf)
	}})
	if hist == nil {
		return jobs
	}
	withDirective := append(slices.Clip(home), crumb(title, e.Path()))
	for i, ed := range eds {
		p := hist[i].Path
		edTitle := ed.Title + " (bản " + strconv.Itoa(ed.Edition.Number) + ")"
		jobs = append(jobs, job{path: p + "index.html", make: func(buf *bytes.Buffer) error {
			fps, err := b.fingerprints(e, nil)
			if err != nil {
				return err
			}
			text, err := b.bodies.body(ed)
			if err != nil {
				return err
			}
			var hb bytes.Buffer
			if err := b.md.Render(&hb, []byte(text), linker{b, e, false}); err != nil {
				return err
			}
			v := render.Directive(b.g, e, template.HTML(hb.String())) // #nosec: goldmark output, as for the current page
			// The card shows this edition, not the current one: a
			// correction may have changed the number, date or title.
			v.Doc, v.Number, v.Title, v.Type, v.Issuer, v.Date = ed, ed.Number.Printed(), ed.Title, ed.Type, ed.Issuer, ed.Date
			v.Edition = ed.Edition.Number
			v.Old = ed != e.Doc
			v.Fingerprint = fps[i]
			v.Editions = marked(editionViews(e, fps), ed.Edition.Number)
			v.This, v.Latest = v.Editions[i], v.Editions[cur]
			desc := description(e)
			if v.Old {
				desc = "Bản " + strconv.Itoa(ed.Edition.Number) + " (đã được thay thế) – " + desc
			}
			return b.page("directive", &render.Page{Path: p, Title: edTitle, Description: desc, Crumbs: withDirective,
				Feeds: feedsOf(), Data: v})(buf)
		}})
		if i > 0 {
			jobs = append(jobs, b.diffJob(e, hist, i-1, i, false, withDirective, feedsOf()))
		}
		if i < cur {
			jobs = append(jobs, b.diffJob(e, hist, i, cur, true, withDirective, feedsOf()))
		}
	}
	return jobs
}

// diffJob renders the page comparing editions from and to (indexes into
// e.Dir.Editions, from older than to): ban-N/so-sanh/ under the newer
// edition when they are consecutive, or ban-N/so-voi-hien-hanh/ under the
// older one when the newer is the current edition (toCurrent).
func (b *builder) diffJob(e *index.Entry, hist []render.EditionView, from, to int, toCurrent bool, crumbsFor []render.Crumb, feeds []render.FeedLink) job {
	p, under := hist[to].DiffPrev, hist[to]
	what := "So sánh bản " + strconv.Itoa(hist[to].Number) + " với bản " + strconv.Itoa(hist[from].Number)
	if toCurrent {
		p, under = hist[from].DiffCurrent, hist[from]
		what = "So sánh bản " + strconv.Itoa(hist[from].Number) + " với bản hiện hành (bản " + strconv.Itoa(hist[to].Number) + ")"
	}
	crumbsFor = append(slices.Clip(crumbsFor), crumb("Bản "+strconv.Itoa(under.Number), under.Path))
	return job{path: p + "index.html", make: func(buf *bytes.Buffer) error {
		older, err := b.bodies.withBody(e.Dir.Editions[from])
		if err != nil {
			return err
		}
		newer, err := b.bodies.withBody(e.Dir.Editions[to])
		if err != nil {
			return err
		}
		fps, err := b.fingerprints(e, nil)
		if err != nil {
			return err
		}
		hist := editionViews(e, fps)
		v := &render.DiffView{
			Card: render.CardOf(b.g, e), From: hist[from], To: hist[to], ToCurrent: toCurrent, Current: e.Path(),
			Fields: diffview.Fields(older, newer, b.provinceName), Text: diffview.Words(older.Body, newer.Body),
			Editions: hist,
		}
		return b.page("diff", &render.Page{Path: p, Title: what + " – " + e.Doc.Title,
			Description: what + " của " + description(e), Crumbs: crumbsFor, Feeds: feeds, Data: v})(buf)
	}}
}

// provinceName names a province slug for the comparison table.
func (b *builder) provinceName(slug string) string {
	if reg := b.ix.Provinces(); reg != nil {
		if p, ok := reg.BySlug(slug); ok {
			return p.Name
		}
	}
	if slug == model.Central {
		return "Trung ương"
	}
	return slug
}

func description(e *index.Entry) string {
	s := e.Doc.Name()
	if e.Doc.Issuer != "" {
		s += " của " + e.Doc.Issuer
	}
	if e.Doc.Date.Year != 0 {
		s += ", " + e.Doc.Date.Vietnamese()
	}
	return s + ": " + e.Doc.Title
}

// jsonLD is the schema.org Legislation record of a directive page.
func (b *builder) jsonLD(e *index.Entry) template.JS {
	st := b.g.Status(e)
	force := "http://schema.org/InForce"
	switch {
	case st.Code == resolve.Amended:
		force = "http://schema.org/PartiallyInForce"
	case !st.Code.InEffect():
		force = "http://schema.org/NotInForce"
	}
	m := map[string]any{
		"@context": "https://schema.org", "@type": "Legislation",
		"name": e.Doc.Title, "url": b.site.AbsURL(e.Path()), "inLanguage": "vi",
		"legislationType": e.Doc.Type.Name, "legislationLegalForce": force,
		"identifier": e.ID,
	}
	if e.Doc.Number.Known() {
		m["legislationIdentifier"] = e.Doc.Number.Text
	}
	if e.Doc.Date.Precision() == model.Day {
		m["legislationDate"] = e.Doc.Date.String()
	}
	if e.Doc.Issuer != "" {
		m["legislationPassedBy"] = map[string]any{"@type": "GovernmentOrganization", "name": e.Doc.Issuer}
	}
	if e.Province != nil {
		m["legislationJurisdiction"] = e.Province.Name
	}
	var amends, changes []string
	for _, l := range b.g.Out(e) {
		if l.To == nil || !l.Declared {
			continue
		}
		switch l.Kind {
		case model.Amends:
			amends = append(amends, b.site.AbsURL(l.To.Path()))
		case model.Replaces, model.Repeals, model.Corrects:
			changes = append(changes, b.site.AbsURL(l.To.Path()))
		}
	}
	if len(amends) > 0 {
		m["legislationAmends"] = amends
	}
	if len(changes) > 0 {
		m["legislationChanges"] = changes
	}
	data, _ := json.Marshal(m) // map keys are sorted: deterministic
	return template.JS(data)   // #nosec: json.Marshal escapes <, > and &
}
