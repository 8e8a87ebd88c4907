package site

import (
	"bytes"
	"encoding/json"
	"html/template"
	"strconv"

	"vanban/generator/index"
	"vanban/generator/model"
	"vanban/generator/render"
	"vanban/generator/resolve"
)

// directiveJobs renders the current page and, for a directive with several
// editions, one permanent page per edition.
func (b *builder) directiveJobs(e *index.Entry) []job {
	title := e.Doc.Title
	if title == "" {
		title = e.Doc.Type.Name
	}
	crumbsFor := append(crumbs("Trang chủ", ""), crumb(e.Doc.Type.Name, "loai/"+e.Doc.Type.Slug+"/"))
	feeds := b.feedLinks("", "toàn bộ kho")
	if e.Province != nil {
		feeds = append(feeds, b.feedLinks("tinh/"+e.Province.Slug+"/", e.Province.Name)...)
	}
	jsonld := b.jsonLD(e)
	og := map[string]string{
		"og:type": "article", "og:title": title, "og:url": b.site.AbsURL(e.Path()), "og:site_name": b.site.Title, "og:locale": "vi_VN",
	}
	editions := func(this int) []render.EditionView {
		if len(e.Dir.Editions) < 2 {
			return nil
		}
		var out []render.EditionView
		for _, ed := range e.Dir.Editions {
			out = append(out, render.EditionView{Number: ed.Edition.Number, Date: ed.Edition.Date, Note: ed.Edition.Note,
				Path: editionPath(e, ed.Edition.Number), Current: ed == e.Doc, This: ed.Edition.Number == this})
		}
		return out
	}
	jobs := []job{{e.Path() + "index.html", func(buf *bytes.Buffer) error {
		body, err := b.body(e)
		if err != nil {
			return err
		}
		v := render.Directive(b.g, e, body)
		v.Editions = editions(e.Doc.Edition.Number)
		v.Diagram = render.Diagram(b.g, e, b.site)
		return b.page("directive", &render.Page{Path: e.Path(), Title: title, Description: description(e), Crumbs: crumbsFor,
			Feeds: feeds, JSONLD: jsonld, OpenGraph: og, Data: v})(buf)
	}}}
	if len(e.Dir.Editions) < 2 {
		return jobs
	}
	for _, ed := range e.Dir.Editions {
		ed := ed
		p := editionPath(e, ed.Edition.Number)
		jobs = append(jobs, job{p + "index.html", func(buf *bytes.Buffer) error {
			var hb bytes.Buffer
			if err := b.md.Render(&hb, []byte(ed.Body), linker{b, e}); err != nil {
				return err
			}
			v := render.Directive(b.g, e, template.HTML(hb.String()))
			v.Doc = ed
			v.Edition = ed.Edition.Number
			v.Old = ed != e.Doc
			v.Editions = editions(ed.Edition.Number)
			return b.page("directive", &render.Page{Path: p, Title: ed.Title, Crumbs: crumbsFor, Feeds: feeds, Data: v})(buf)
		}})
	}
	return jobs
}

func editionPath(e *index.Entry, n int) string { return e.Path() + "ban-" + strconv.Itoa(n) + "/" }

func description(e *index.Entry) string {
	s := e.Doc.Type.Name
	if e.Doc.Number.Known() {
		s += " số " + e.Doc.Number.Text
	}
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
