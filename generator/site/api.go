package site

import (
	"bytes"
	"encoding/json"
	"time"

	"vanban/generator/index"
	"vanban/generator/model"
)

// The JSON API: api/van-ban.json is the catalogue of every directive, and
// api/van-ban/<id>.json is one directive with everything the archive knows
// about it. The schemas are schema/catalogue.schema.json and
// schema/directive.schema.json at the repository root; APIVersion changes
// when a field changes meaning or goes away (adding a field does not).

// APIVersion is the version of the JSON API's schema.
const APIVersion = 1

const (
	apiCatalogue = "api/van-ban.json"
	apiDir       = "api/van-ban/"
)

// apiPath is the site-relative path of a directive's JSON document.
func apiPath(id string) string { return apiDir + id + ".json" }

// apiCatalogueHead is the catalogue without its list of directives, which
// follows it as "directives" (writeCatalogue).
type apiCatalogueHead struct {
	Version int    `json:"version"`
	Title   string `json:"title"`
	Site    string `json:"site"`
	Clock   string `json:"clock"` // the build's clock: status is as of this time
	Count   int    `json:"count"`
}

type apiType struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

type apiProvince struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

type apiStatus struct {
	Code  string   `json:"code"`
	Label string   `json:"label"`
	Since string   `json:"since,omitempty"`
	By    []apiRef `json:"by,omitempty"`
}

// apiRef names another directive of the archive.
type apiRef struct {
	ID     string `json:"id"`
	Number string `json:"number,omitempty"`
	URL    string `json:"url"`
}

// apiSummary is a directive in the catalogue.
type apiSummary struct {
	ID           string       `json:"id"`
	Number       *string      `json:"number"` // null when the number is unknown
	Type         apiType      `json:"type"`
	Title        string       `json:"title"`
	Issuer       string       `json:"issuer,omitempty"`
	Province     *apiProvince `json:"province"` // null when unknown
	Jurisdiction string       `json:"jurisdiction"`
	Date         string       `json:"date,omitempty"` // ISO, only the known parts: "2022-09"
	Published    string       `json:"published,omitempty"`
	Effective    string       `json:"effective,omitempty"`
	Expires      string       `json:"expires,omitempty"`
	Status       apiStatus    `json:"status"`
	URL          string       `json:"url"`
	API          string       `json:"api_url"`
}

type apiSigner struct {
	Authority string `json:"authority,omitempty"`
	Title     string `json:"title,omitempty"`
	Name      string `json:"name,omitempty"`
}

type apiSource struct {
	URL  string `json:"url,omitempty"`
	File string `json:"file,omitempty"`
	Kind string `json:"kind"`
	Note string `json:"note,omitempty"`
}

type apiEvent struct {
	Code  string  `json:"code"`
	Label string  `json:"label"`
	Since string  `json:"since"`
	By    *apiRef `json:"by,omitempty"`
}

type apiEdition struct {
	Number  int    `json:"number"`
	Date    string `json:"date,omitempty"`
	Note    string `json:"note,omitempty"`
	Title   string `json:"title"`
	URL     string `json:"url"`
	Current bool   `json:"current"`
	// Fingerprint is the edition's "mã kiểm tra" (generator/fingerprint).
	Fingerprint string `json:"fingerprint,omitempty"`
}

// apiLink is one relation or citation, seen from the directive the
// document describes: for outgoing links the other document is the target,
// for incoming ones the directive that declares or cites.
type apiLink struct {
	Kind      string     `json:"kind"`
	InArchive bool       `json:"in_archive"`
	ID        string     `json:"id,omitempty"`
	URL       string     `json:"url,omitempty"`
	API       string     `json:"api_url,omitempty"`
	Number    string     `json:"number,omitempty"`
	Type      string     `json:"type,omitempty"`
	Title     string     `json:"title,omitempty"`
	Date      string     `json:"date,omitempty"`
	Issuer    string     `json:"issuer,omitempty"`
	Note      string     `json:"note,omitempty"`
	Context   string     `json:"context,omitempty"`
	Status    *apiStatus `json:"status,omitempty"`
}

type apiLinks struct {
	Outgoing []apiLink `json:"outgoing"`
	Incoming []apiLink `json:"incoming"`
}

type apiDirective struct {
	Version int `json:"version"`
	apiSummary
	IssuerParent  string       `json:"issuer_parent,omitempty"`
	Place         string       `json:"place,omitempty"`
	Signer        *apiSigner   `json:"signer,omitempty"`
	Addressees    []string     `json:"addressees"`
	Distribution  []string     `json:"distribution"`
	Topics        []string     `json:"topics"`
	Source        apiSource    `json:"source"`
	Notes         string       `json:"notes,omitempty"`
	StatusHistory []apiEvent   `json:"status_history"`
	Relations     apiLinks     `json:"relations"`
	Citations     apiLinks     `json:"citations"`
	Editions      []apiEdition `json:"editions"`
}

func (b *builder) apiJobs() []job {
	var jobs []job
	for _, e := range b.ix.Entries() {
		var sum uint64 // the record shows e and its links: F(e) and A(e)
		if b.cache != nil {
			sum = combine(b.cache.globals, b.cache.self(e))
		}
		jobs = append(jobs, b.keyed(apiPath(e.ID), sum, func() func(*bytes.Buffer) error {
			return func(buf *bytes.Buffer) error { return writeJSON(buf, b.apiDirective(e)) }
		}))
	}
	return append(jobs, job{path: apiCatalogue, make: b.writeCatalogue})
}

// writeCatalogue writes the catalogue a directive at a time, the bytes
// encoding/json makes of one object holding them all. Encoding that object
// built every summary first and then the whole file once more inside the
// encoder, which keeps it pooled: at 100,000 directives 30 MB and 64 MB
// besides the 64 MB written.
func (b *builder) writeCatalogue(buf *bytes.Buffer) error {
	entries := b.ix.Entries()
	buf.Grow(640 * len(entries)) // 576–640 bytes a directive in the benchmark archives
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	head := apiCatalogueHead{Version: APIVersion, Title: b.site.Title, Site: b.site.BaseURL, Clock: rfc3339(b.ix.Clock()), Count: len(entries)}
	if err := enc.Encode(head); err != nil {
		return err
	}
	buf.Truncate(buf.Len() - len("}\n"))
	buf.WriteString(`,"directives":`)
	if err := encodeList(buf, enc, len(entries), func(i int) any { return b.apiSummary(entries[i]) }); err != nil {
		return err
	}
	buf.WriteString("}\n")
	return nil
}

// encodeList writes n values as a JSON array with enc, which writes to buf,
// one value at a time: the bytes enc makes of a slice of them, without the
// slice (see writeCatalogue). It writes no newline after the array.
func encodeList(buf *bytes.Buffer, enc *json.Encoder, n int, value func(i int) any) error {
	buf.WriteByte('[')
	for i := range n {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := enc.Encode(value(i)); err != nil {
			return err
		}
		buf.Truncate(buf.Len() - len("\n"))
	}
	buf.WriteByte(']')
	return nil
}

func writeJSON(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	return enc.Encode(v) // compact: read by programs; indenting costs a second pass
}

func rfc3339(t time.Time) string { return t.In(model.Zone()).Format(time.RFC3339) }

func (b *builder) status(e *index.Entry) apiStatus {
	st := b.g.Status(e)
	s := apiStatus{Code: string(st.Code), Label: st.Code.Label(), Since: st.Since.String()}
	for _, by := range st.By {
		s.By = append(s.By, b.ref(by))
	}
	return s
}

func (b *builder) ref(e *index.Entry) apiRef {
	return apiRef{ID: e.ID, URL: b.site.AbsURL(e.Path()), Number: e.Doc.Number.Printed()}
}

func (b *builder) apiSummary(e *index.Entry) apiSummary {
	d := e.Doc
	s := apiSummary{
		ID: e.ID, Type: apiType{d.Type.Slug, d.Type.Name}, Title: d.Title, Issuer: d.Issuer,
		Jurisdiction: e.Jurisdiction, Date: d.Date.String(), Effective: d.Effective.String(), Expires: d.Expires.String(),
		Status: b.status(e), URL: b.site.AbsURL(e.Path()), API: b.site.AbsURL(apiPath(e.ID)),
	}
	if s.Jurisdiction == "" {
		s.Jurisdiction = index.Unknown
	}
	if d.Number.Known() {
		n := d.Number.Text
		s.Number = &n
	}
	if e.Province != nil {
		s.Province = &apiProvince{e.Province.Slug, e.Province.Name}
	}
	if !d.Published.IsZero() {
		s.Published = rfc3339(d.Published)
	}
	return s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (b *builder) apiDirective(e *index.Entry) apiDirective {
	d := e.Doc
	out := apiDirective{
		Version: APIVersion, apiSummary: b.apiSummary(e), IssuerParent: d.Parent, Place: d.Place,
		Addressees: nonNil(d.Addressees), Distribution: nonNil(d.Distribution), Topics: nonNil(d.Topics),
		Source: apiSource{URL: d.Source.URL, File: d.Source.File, Kind: d.Source.Kind, Note: d.Source.Note}, Notes: d.Notes,
		StatusHistory: []apiEvent{}, Editions: []apiEdition{},
		Relations: apiLinks{Outgoing: []apiLink{}, Incoming: []apiLink{}},
		Citations: apiLinks{Outgoing: []apiLink{}, Incoming: []apiLink{}},
	}
	if !d.Signer.IsZero() {
		out.Signer = &apiSigner{d.Signer.Authority, d.Signer.Title, d.Signer.Name}
	}
	for _, ev := range b.g.Status(e).Events {
		ae := apiEvent{Code: string(ev.Code), Label: ev.Code.Label(), Since: ev.Since.String()}
		if ev.By != nil {
			r := b.ref(ev.By)
			ae.By = &r
		}
		out.StatusHistory = append(out.StatusHistory, ae)
	}
	for _, l := range b.g.Out(e) {
		al := apiLink{Kind: string(l.Kind), Number: l.Number.Text, Date: l.Date.String(), Issuer: l.Issuer, Note: l.Note, Context: l.Context}
		switch {
		case l.To != nil:
			b.fill(&al, l.To)
		case l.Missing != nil:
			al.ID, al.URL, al.Type = l.Missing.ID, b.site.AbsURL(l.Missing.Path()), l.Missing.Type.Slug
		}
		if l.Declared {
			out.Relations.Outgoing = append(out.Relations.Outgoing, al)
		} else {
			out.Citations.Outgoing = append(out.Citations.Outgoing, al)
		}
	}
	for _, l := range b.g.In(e) {
		al := apiLink{Kind: string(l.Kind), Note: l.Note, Context: l.Context}
		b.fill(&al, l.From)
		al.Issuer = l.From.Doc.Issuer
		if l.Declared {
			out.Relations.Incoming = append(out.Relations.Incoming, al)
		} else {
			out.Citations.Incoming = append(out.Citations.Incoming, al)
		}
	}
	fps, _ := b.fingerprints(e, nil) // an error fails the directive's page
	for i, ed := range e.Dir.Editions {
		ae := apiEdition{Number: ed.Edition.Number, Date: ed.Edition.Date.String(), Note: ed.Edition.Note, Title: ed.Title,
			URL: b.site.AbsURL(e.Path()), Current: ed == e.Doc}
		if len(e.Dir.Editions) > 1 {
			ae.URL = b.site.AbsURL(editionPath(e, ed.Edition.Number))
		}
		if fps != nil {
			ae.Fingerprint = fps[i]
		}
		out.Editions = append(out.Editions, ae)
	}
	return out
}

// fill describes a directive of the archive in a link.
func (b *builder) fill(al *apiLink, to *index.Entry) {
	st := b.status(to)
	al.InArchive = true
	al.ID, al.URL, al.API = to.ID, b.site.AbsURL(to.Path()), b.site.AbsURL(apiPath(to.ID))
	al.Type, al.Title, al.Status, al.Number = to.Doc.Type.Slug, to.Doc.Title, &st, to.Doc.Number.Printed()
	if !to.Doc.Date.IsZero() {
		al.Date = to.Doc.Date.String()
	}
	if to.Doc.Issuer != "" && al.Issuer == "" {
		al.Issuer = to.Doc.Issuer
	}
}
