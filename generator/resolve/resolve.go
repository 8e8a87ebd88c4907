// Package resolve is the third stage: it finds the citations in every
// directive's text, resolves them and the relations declared in front matter
// to directives of the catalogue (by issuer jurisdiction, year and number),
// collects what cites what in both directions, records documents that are
// cited but not in the archive, and derives each directive's status at the
// build's clock. It never links a citation it cannot resolve unambiguously.
package resolve

import (
	"cmp"
	"slices"
	"strings"

	"vanban/generator/cite"
	"vanban/generator/diag"
	"vanban/generator/index"
	"vanban/generator/model"
	"vanban/generator/vn"
)

// Link is one reference from a directive to another document.
type Link struct {
	Kind     model.RelationKind // declared kind, or model.Cites for text citations
	Declared bool               // declared in front matter (else found in text)
	From     *index.Entry
	To       *index.Entry // nil when the document is not in the archive
	Missing  *Missing     // set when To is nil and the document can be named
	Number   model.Number
	Date     model.Date // the cited document's date, as the citing text gives it
	Issuer   string     // issuer phrase, as the citing text gives it
	Note     string
	Context  string // the sentence of the citing text around the citation
	Pos      diag.Pos
}

// TargetID is the identifier of the linked document, present or missing.
func (l *Link) TargetID() string {
	if l.To != nil {
		return l.To.ID
	}
	if l.Missing != nil {
		return l.Missing.ID
	}
	return ""
}

// Missing is a document cited by the archive but not in it.
type Missing struct {
	ID           string
	Number       model.Number
	Type         model.DocType // from the citing kind word or the symbol's code
	Year         int
	Jurisdiction string
	Dates        []model.Date // dates the citing texts give it
	Issuers      []string     // issuer phrases the citing texts give it
	CitedBy      []*Link
}

// Path is the page path of the missing document.
func (m *Missing) Path() string { return index.DocPath(m.ID) }

// Graph is the resolved link graph. It is immutable once built.
type Graph struct {
	ix      *index.Index
	out     map[*index.Entry][]*Link
	in      map[*index.Entry][]*Link
	missing []*Missing
	status  map[*index.Entry]Status
}

// Out returns the links from e: declared relations first, then citations in
// the order the text gives them.
func (g *Graph) Out(e *index.Entry) []*Link { return g.out[e] }

// In returns the links to e, ordered by the citing directive, newest first.
func (g *Graph) In(e *index.Entry) []*Link { return g.in[e] }

// Missing returns the documents cited but not in the archive, by ID.
func (g *Graph) Missing() []*Missing { return g.missing }

// Status returns e's status at the build's clock.
func (g *Graph) Status(e *index.Entry) Status { return g.status[e] }

// Index returns the catalogue the graph was resolved against.
func (g *Graph) Index() *index.Index { return g.ix }

// Resolve builds the graph.
func Resolve(ix *index.Index) (*Graph, diag.List) {
	r := &resolver{ix: ix, missing: map[string]*Missing{}}
	g := &Graph{ix: ix, out: map[*index.Entry][]*Link{}, in: map[*index.Entry][]*Link{}}
	for _, e := range ix.Entries() {
		g.out[e] = r.links(e)
	}
	for _, e := range ix.Entries() {
		for _, l := range g.out[e] {
			if l.To != nil {
				g.in[l.To] = append(g.in[l.To], l)
			}
			if l.Missing != nil {
				l.Missing.CitedBy = append(l.Missing.CitedBy, l)
			}
		}
	}
	for _, m := range r.missing {
		g.missing = append(g.missing, m)
	}
	slices.SortFunc(g.missing, func(a, b *Missing) int { return strings.Compare(a.ID, b.ID) })
	r.checkCycles(g)
	g.status = deriveStatus(g)
	return g, r.diags
}

type resolver struct {
	ix      *index.Index
	missing map[string]*Missing
	diags   diag.List
}

// links returns e's declared relations and text citations.
func (r *resolver) links(e *index.Entry) []*Link {
	var out []*Link
	seen := map[string]*Link{}
	for _, ref := range e.Doc.Relations {
		l := &Link{Kind: ref.Kind, Declared: true, From: e, Number: ref.Number, Date: ref.Date, Issuer: ref.Issuer, Note: ref.Note, Pos: ref.Pos}
		r.target(l)
		key := l.TargetID()
		if key == "" {
			key = "n:" + ref.Number.Key()
		}
		if prev, dup := seen[key]; dup {
			r.diags.Errorf(ref.Pos, "%s is already named as %q at line %d; declare each related document once", ref.Number.Text, prev.Kind, prev.Pos.Line)
			continue
		}
		if l.To == e {
			r.diags.Errorf(ref.Pos, "a directive cannot relate to itself (%s)", ref.Number.Text)
			continue
		}
		if l.To != nil && isChange(ref.Kind) && l.To.Doc.Date.Year != 0 && e.Doc.Date.Year != 0 && l.To.Doc.Date.Compare(e.Doc.Date) > 0 {
			r.diags.Warnf(ref.Pos, "%s %s was issued %s, after this directive (%s)", ref.Kind, ref.Number.Text, l.To.Doc.Date.Short(), e.Doc.Date.Short())
		}
		seen[key] = l
		out = append(out, l)
	}
	for _, c := range Citations(e.Doc) {
		l := &Link{Kind: model.Cites, From: e, Number: c.Number, Date: c.Date, Issuer: c.Issuer, Context: contextOf(e.Doc.Body, c),
			Pos: bodyPos(e.Doc, c.Start)}
		if c.Kind != "" {
			l.Note = c.Kind
		}
		r.target(l)
		key := l.TargetID()
		if key == "" || l.To == e {
			continue // hidden (draft or embargoed) or the directive itself
		}
		if prev, dup := seen[key]; dup {
			if prev.Context == "" {
				prev.Context = l.Context
			}
			continue
		}
		seen[key] = l
		out = append(out, l)
	}
	return out
}

func isChange(k model.RelationKind) bool {
	return k == model.Replaces || k == model.Amends || k == model.Repeals || k == model.Corrects
}

// Citations finds the citations in a document's body, without its own number.
func Citations(doc *model.Document) []cite.Citation {
	cs := cite.Find(doc.Body)
	own := doc.Number.Key()
	return slices.DeleteFunc(cs, func(c cite.Citation) bool { return doc.Number.Known() && c.Number.Key() == own })
}

// target resolves l to an archive entry or a missing document. A number
// that belongs only to a hidden directive resolves to nothing.
func (r *resolver) target(l *Link) {
	to, jur, year := r.lookup(l.From, l.Number, l.Date, l.Issuer)
	if to != nil {
		l.To = to
		return
	}
	if r.ix.Hidden(l.Number) {
		return
	}
	id := index.DocID(jur, year, l.Number)
	m, ok := r.missing[id]
	if !ok {
		m = &Missing{ID: id, Number: l.Number, Year: year, Jurisdiction: jur}
		if t, found := model.TypeByCode(l.Number.Code); found {
			m.Type = t
		} else if t, found := model.TypeBySlug(l.Note); found {
			m.Type = t
		} else {
			m.Type, _ = model.TypeBySlug("van-ban")
		}
		r.missing[id] = m
	}
	if !l.Date.IsZero() && !slices.Contains(m.Dates, l.Date) {
		m.Dates = append(m.Dates, l.Date)
	}
	if l.Issuer != "" && !slices.Contains(m.Issuers, l.Issuer) {
		m.Issuers = append(m.Issuers, l.Issuer)
	}
	l.Missing = m
}

// Lookup resolves a citation made by from; it returns nil when the cited
// document is not in the archive or cannot be told apart from another.
func (g *Graph) Lookup(from *index.Entry, c cite.Citation) (*index.Entry, *Missing) {
	for _, l := range g.out[from] {
		if l.Number.Key() == c.Number.Key() && (l.Date.IsZero() || c.Date.IsZero() || l.Date == c.Date) {
			return l.To, l.Missing
		}
	}
	return nil, nil
}

func (r *resolver) lookup(from *index.Entry, n model.Number, date model.Date, issuer string) (*index.Entry, string, int) {
	year := n.Year
	if year == 0 {
		year = date.Year
	}
	jur := jurisdictionOf(from, n, issuer)
	var found []*index.Entry
	for _, c := range r.ix.ByNumber(n) {
		if year != 0 && c.Year != 0 && c.Year != year {
			continue
		}
		if jur != "" && c.Jurisdiction != jur {
			continue
		}
		found = append(found, c)
	}
	if len(found) == 1 {
		return found[0], jur, year
	}
	if len(found) > 1 {
		r.diags.Warnf(from.Doc.PosOf("number"), "citation %s matches %d directives (%s, %s); add its date so it can be linked", n.Text, len(found), found[0].Doc.File, found[1].Doc.File)
	}
	return nil, jur, year
}

// jurisdictionOf decides whose document a number names: a central body's
// (Văn phòng Chính phủ, Thủ tướng, ministries, Quốc hội, the Party centre)
// or a local one, which then belongs to the citing directive's province
// (UBND-VX exists in every province).
func jurisdictionOf(from *index.Entry, n model.Number, issuer string) string {
	phrase := " " + vn.Key(issuer) + " "
	switch {
	case strings.Contains(phrase, " tinh ") || strings.Contains(phrase, " tinh uy ") || strings.Contains(phrase, " huyen ") || strings.Contains(phrase, "thanh pho "):
		return from.Jurisdiction
	case strings.Contains(phrase, "chinh phu") || strings.Contains(phrase, "thu tuong") || strings.Contains(phrase, "quoc hoi") ||
		strings.Contains(phrase, " bo ") || strings.Contains(phrase, "ban bi thu") || strings.Contains(phrase, "trung uong") || strings.Contains(phrase, "bo chinh tri"):
		return model.Central
	}
	head, _, _ := strings.Cut(n.Issuer, "-")
	switch {
	case head == "TTg" || head == "CP" || head == "VPCP" || head == "TW" || head == "VPTW" || head == "BCT" && n.Party:
		return model.Central
	case strings.HasPrefix(head, "QH") || strings.HasPrefix(head, "UBTVQH") || strings.HasPrefix(head, "NHNN") || strings.HasSuffix(head, "TW"):
		return model.Central
	case strings.HasPrefix(head, "UBND") || strings.HasPrefix(head, "HĐND") || strings.HasPrefix(head, "CT") || head == "TU" || head == "BCĐ":
		return from.Jurisdiction
	case len(head) > 1 && head[0] == 'B' && head != "BCĐ": // Bộ …: BYT, BTC, BGDĐT
		return model.Central
	case len(head) > 1 && head[0] == 'S': // Sở …
		return from.Jurisdiction
	}
	if from.Jurisdiction == model.Central {
		return model.Central
	}
	return from.Jurisdiction
}

// contextOf returns the sentence around a citation, without Markdown marks.
func contextOf(body string, c cite.Citation) string {
	start := c.Start
	for start > 0 && !strings.ContainsRune(".;\n", rune(body[start-1])) {
		start--
	}
	end := c.End
	for end < len(body) && !strings.ContainsRune(".;\n", rune(body[end])) {
		end++
	}
	s := strings.Join(strings.Fields(strings.NewReplacer("**", "", "*", "", "__", "").Replace(body[start:end])), " ")
	if r := []rune(s); len(r) > 320 {
		s = string(r[:320]) + "…"
	}
	return s
}

// bodyPos converts a byte offset in the body to a file position.
func bodyPos(doc *model.Document, off int) diag.Pos {
	before := doc.Body[:off]
	line := doc.BodyLine + strings.Count(before, "\n")
	col := off - strings.LastIndexByte(before, '\n')
	return diag.Pos{File: doc.File, Line: line, Col: col}
}

// checkCycles reports chains of replacement or amendment that loop back.
func (r *resolver) checkCycles(g *Graph) {
	const (
		white = iota
		grey
		black
	)
	color := map[*index.Entry]int{}
	var visit func(e *index.Entry, via *Link)
	visit = func(e *index.Entry, via *Link) {
		color[e] = grey
		for _, l := range g.out[e] {
			if !l.Declared || !isChange(l.Kind) || l.To == nil {
				continue
			}
			switch color[l.To] {
			case grey:
				r.diags.Errorf(l.Pos, "relation cycle: %s %s, which in turn (directly or not) %s this directive", l.Kind, l.Number.Text, l.Kind)
			case white:
				visit(l.To, l)
			}
		}
		color[e] = black
	}
	for _, e := range g.ix.Entries() {
		if color[e] == white {
			visit(e, nil)
		}
	}
}

// sortIn orders incoming links newest citing directive first.
func sortIn(links []*Link) {
	slices.SortFunc(links, func(a, b *Link) int {
		return cmp.Or(index.Newest(a.From, b.From), strings.Compare(string(a.Kind), string(b.Kind)))
	})
}
