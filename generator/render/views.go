package render

import (
	"html/template"

	"vanban/generator/diffview"
	"vanban/generator/index"
	"vanban/generator/model"
	"vanban/generator/province"
	"vanban/generator/resolve"
)

// Card is a directive as listings show it.
type Card struct {
	ID       string
	Path     string
	Number   string // "" when unknown
	Type     model.DocType
	Title    string
	Issuer   string
	Date     model.Date
	Province string // province name as issued; "" unknown
	Status   resolve.Status
	Draft    bool
	Missing  bool // cited but not in the archive
}

// CardOf builds the card of an entry.
func CardOf(g *resolve.Graph, e *index.Entry) Card {
	c := Card{
		ID: e.ID, Path: e.Path(), Number: e.Doc.Number.Printed(), Type: e.Doc.Type, Title: e.Doc.Title,
		Issuer: e.Doc.Issuer, Date: e.Doc.Date, Status: g.Status(e), Draft: e.Draft,
	}
	if e.Province != nil {
		c.Province = e.Province.Name
		if n, _, _ := e.Province.NameOn(e.Doc.Date.String()); n != "" && e.Doc.Date.Precision() == model.Day {
			c.Province = n
		}
	}
	return c
}

// MissingCard builds the card of a document cited but not in the archive.
func MissingCard(m *resolve.Missing) Card {
	c := Card{ID: m.ID, Path: m.Path(), Number: m.Number.Text, Type: m.Type, Missing: true}
	if len(m.Dates) > 0 {
		c.Date = m.Dates[0]
	}
	if len(m.Issuers) > 0 {
		c.Issuer = m.Issuers[0]
	}
	return c
}

// Cards builds cards for entries, keeping their order.
func Cards(g *resolve.Graph, es []*index.Entry) []Card {
	out := make([]Card, 0, len(es))
	for _, e := range es {
		out = append(out, CardOf(g, e))
	}
	return out
}

// MonthGroup and YearGroup make a timeline, newest first.
type MonthGroup struct {
	Month int
	Cards []Card
}

// YearGroup is one year of a timeline.
type YearGroup struct {
	Year   int
	Months []MonthGroup
	Count  int
}

// Timeline groups cards (already newest first) by year and month.
func Timeline(cards []Card) []YearGroup {
	var out []YearGroup
	for _, c := range cards {
		y, m := c.Date.Year, c.Date.Month
		if len(out) == 0 || out[len(out)-1].Year != y {
			out = append(out, YearGroup{Year: y})
		}
		yg := &out[len(out)-1]
		if len(yg.Months) == 0 || yg.Months[len(yg.Months)-1].Month != m {
			yg.Months = append(yg.Months, MonthGroup{Month: m})
		}
		mg := &yg.Months[len(yg.Months)-1]
		mg.Cards = append(mg.Cards, c)
		yg.Count++
	}
	return out
}

// LinkView is one related document on a directive page.
type LinkView struct {
	Card
	Kind     model.RelationKind
	Declared bool
	Note     string
	Context  string
	Resolved bool // in the archive
}

// LinkGroup is the related documents of one relation, on one side.
type LinkGroup struct {
	Kind  model.RelationKind
	Label string
	Links []LinkView
}

var outLabels = map[model.RelationKind]string{
	model.Basis:      "Căn cứ",
	model.Implements: "Văn bản này thực hiện",
	model.Amends:     "Văn bản này sửa đổi, bổ sung",
	model.Replaces:   "Văn bản này thay thế",
	model.Repeals:    "Văn bản này bãi bỏ",
	model.Corrects:   "Văn bản này đính chính",
	model.Cites:      "Văn bản này trích dẫn",
}

var inLabels = map[model.RelationKind]string{
	model.Basis:      "Là căn cứ của",
	model.Implements: "Được thực hiện bởi",
	model.Amends:     "Được sửa đổi, bổ sung bởi",
	model.Replaces:   "Bị thay thế bởi",
	model.Repeals:    "Bị bãi bỏ bởi",
	model.Corrects:   "Được đính chính bởi",
	model.Cites:      "Được trích dẫn bởi",
}

// RelationLabel returns the label of a relation seen from the citing side.
func RelationLabel(k model.RelationKind) string { return outLabels[k] }

func groups(links []*resolve.Link, g *resolve.Graph, labels map[model.RelationKind]string, incoming bool) []LinkGroup {
	var out []LinkGroup
	for _, kind := range model.RelationKinds() {
		var lv []LinkView
		for _, l := range links {
			if l.Kind != kind {
				continue
			}
			v := LinkView{Kind: l.Kind, Declared: l.Declared, Note: l.Note, Context: l.Context}
			switch {
			case incoming:
				v.Card, v.Resolved = CardOf(g, l.From), true
			case l.To != nil:
				v.Card, v.Resolved = CardOf(g, l.To), true
			case l.Missing != nil:
				v.Card = MissingCard(l.Missing)
				if !l.Date.IsZero() {
					v.Date = l.Date
				}
			default:
				continue
			}
			if v.Note == v.Type.Slug {
				v.Note = ""
			}
			lv = append(lv, v)
		}
		if len(lv) > 0 {
			out = append(out, LinkGroup{Kind: kind, Label: labels[kind], Links: lv})
		}
	}
	return out
}

// EditionView is one edition in a directive's history.
type EditionView struct {
	Number      int
	Date        model.Date
	Note        string
	Path        string
	Current     bool
	This        bool
	Fingerprint string // fingerprint.Edition of this edition
	DiffPrev    string // page comparing it with the edition before; "" for the first
	DiffCurrent string // page comparing it with the current edition; "" for the current
}

// DirectiveView is the data of a directive page.
type DirectiveView struct {
	Card
	Doc      *model.Document
	Body     template.HTML
	Province *province.Province
	Out      []LinkGroup
	In       []LinkGroup
	Editions []EditionView
	Diagram  template.HTML
	Edition  int  // the edition this page shows
	Old      bool // a superseded edition
	Current  string
	// Fingerprint is the "mã kiểm tra" of the edition this page shows.
	Fingerprint string
	// This and Latest are the shown and the current edition when the
	// directive has several; zero otherwise.
	This, Latest EditionView
}

// DiffView is the page comparing two editions of a directive.
type DiffView struct {
	Card                       // the directive as it is now
	From, To  EditionView      // older and newer edition compared
	ToCurrent bool             // To is the current edition (a "so với bản hiện hành" page)
	Current   string           // the directive's permalink
	Fields    []diffview.Field // information that differs, in page order
	Text      *diffview.Text   // the text, word by word
	Editions  []EditionView
}

// Directive builds the view of e's page showing edition doc with its body.
func Directive(g *resolve.Graph, e *index.Entry, body template.HTML) *DirectiveView {
	return &DirectiveView{
		Card:     CardOf(g, e),
		Doc:      e.Doc,
		Body:     body,
		Province: e.Province,
		Out:      groups(g.Out(e), g, outLabels, false),
		In:       groups(g.In(e), g, inLabels, true),
		Edition:  e.Doc.Edition.Number,
		Current:  e.Path(),
	}
}

// MissingView is the page of a document cited but not in the archive.
type MissingView struct {
	Card
	Missing *resolve.Missing
	CitedBy []LinkView
}

// MissingPage builds the view of a missing document's page.
func MissingPage(g *resolve.Graph, m *resolve.Missing) *MissingView {
	v := &MissingView{Card: MissingCard(m), Missing: m}
	for _, l := range m.CitedBy {
		v.CitedBy = append(v.CitedBy, LinkView{Card: CardOf(g, l.From), Kind: l.Kind, Declared: l.Declared, Context: l.Context, Resolved: true})
	}
	return v
}
