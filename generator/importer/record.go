package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"vanban/generator/model"
)

// JSON form of a record (Record.JSON). Field order is fixed; empty fields are
// kept so that consumers see every key:
//
//	{
//	  "name":          input name,
//	  "kind":          "full-text" | "news-report",
//	  "number":        {"text": "/UBND-VX", "seq": "", "symbol": "UBND-VX",
//	                    "code": "", "issuer": "UBND-VX", "known": false},
//	  "type":          {"slug": "cong-van", "name": "Công văn", "code": ""},
//	  "title", "issuer", "issuer_parent", "province", "place": strings,
//	  "date":          {"iso": "2022-09", "precision": "month"}  (iso "" when unknown),
//	  "published":     RFC 3339 time with +07:00, "" when none,
//	  "signer":        {"authority", "title", "name", "line"},
//	  "addressees", "distribution": lists,
//	  "citations":     [{"number", "raw", "kind", "date": {...}, "issuer", "line"}],
//	  "notes":         editorial notes, "stripped": [{"from", "to", "why"}],
//	  "path":          Record.Path(),
//	  "body":          Markdown
//	}
type jsonRecord struct {
	Name         string         `json:"name"`
	Kind         string         `json:"kind"`
	Number       jsonNumber     `json:"number"`
	Type         jsonType       `json:"type"`
	Title        string         `json:"title"`
	Issuer       string         `json:"issuer"`
	IssuerParent string         `json:"issuer_parent"`
	Province     string         `json:"province"`
	Date         jsonDate       `json:"date"`
	Place        string         `json:"place"`
	Published    string         `json:"published"`
	Signer       jsonSigner     `json:"signer"`
	Addressees   []string       `json:"addressees"`
	Distribution []string       `json:"distribution"`
	Citations    []jsonCitation `json:"citations"`
	Notes        []string       `json:"notes"`
	Stripped     []jsonSpan     `json:"stripped"`
	Path         string         `json:"path"`
	Body         string         `json:"body"`
}

type jsonNumber struct {
	Text   string `json:"text"`
	Seq    string `json:"seq"`
	Symbol string `json:"symbol"`
	Code   string `json:"code"`
	Issuer string `json:"issuer"`
	Known  bool   `json:"known"`
}

type jsonType struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
	Code string `json:"code"`
}

type jsonDate struct {
	ISO       string `json:"iso"`
	Precision string `json:"precision"`
}

type jsonSigner struct {
	Authority string `json:"authority"`
	Title     string `json:"title"`
	Name      string `json:"name"`
	Line      int    `json:"line"`
}

type jsonCitation struct {
	Number string   `json:"number"`
	Raw    string   `json:"raw"`
	Kind   string   `json:"kind"`
	Date   jsonDate `json:"date"`
	Issuer string   `json:"issuer"`
	Line   int      `json:"line"`
}

type jsonSpan struct {
	From int    `json:"from"`
	To   int    `json:"to"`
	Why  string `json:"why"`
}

func dateJSON(d model.Date) jsonDate {
	return jsonDate{ISO: d.String(), Precision: d.Precision().String()}
}

// JSON returns the record as indented JSON (see jsonRecord for the schema).
func (r *Record) JSON() ([]byte, error) {
	j := jsonRecord{
		Name: r.Name, Kind: r.Kind,
		Number: jsonNumber{Text: r.Number.Text, Seq: r.Number.Seq, Symbol: r.Number.Symbol,
			Code: r.Number.Code, Issuer: r.Number.Issuer, Known: r.Number.Known()},
		Type:  jsonType{Slug: r.Type.Slug, Name: r.Type.Name, Code: r.Type.Code},
		Title: r.Title, Issuer: r.Issuer, IssuerParent: r.IssuerParent, Province: r.Province,
		Date: dateJSON(r.Date), Place: r.Place,
		Signer:       jsonSigner{Authority: r.Signer.Authority, Title: r.Signer.Title, Name: r.Signer.Name, Line: r.Signer.Pos.Line},
		Addressees:   nonNil(r.Addressees),
		Distribution: nonNil(r.Distribution),
		Citations:    []jsonCitation{},
		Notes:        nonNil(r.Notes),
		Stripped:     []jsonSpan{},
		Path:         r.Path(),
		Body:         r.Body,
	}
	if !r.Published.IsZero() {
		j.Published = r.Published.In(model.Zone()).Format(time.RFC3339)
	}
	for i, c := range r.Citations {
		jc := jsonCitation{Number: c.Number.Text, Raw: c.Raw, Kind: c.Kind, Date: dateJSON(c.Date), Issuer: c.Issuer}
		if i < len(r.CitationLine) {
			jc.Line = r.CitationLine[i]
		}
		j.Citations = append(j.Citations, jc)
	}
	for _, s := range r.Stripped {
		j.Stripped = append(j.Stripped, jsonSpan(s))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(j); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// frontMatter is the directive file's YAML, keys as the loader decodes them.
type frontMatter struct {
	ID           string    `yaml:"id,omitempty"`
	Number       string    `yaml:"number,omitempty"`
	Type         string    `yaml:"type"`
	Title        string    `yaml:"title"`
	Issuer       string    `yaml:"issuer,omitempty"`
	IssuerParent string    `yaml:"issuer_parent,omitempty"`
	Province     string    `yaml:"province,omitempty"`
	Date         string    `yaml:"date,omitempty"`
	Place        string    `yaml:"place,omitempty"`
	Published    string    `yaml:"published,omitempty"`
	Signer       *fmSigner `yaml:"signer,omitempty"`
	Addressees   []string  `yaml:"addressees,omitempty"`
	Distribution []string  `yaml:"distribution,omitempty"`
	Source       fmSource  `yaml:"source"`
	Topics       []string  `yaml:"topics,omitempty"`
	Cites        []any     `yaml:"cites,omitempty"`
	Notes        string    `yaml:"notes,omitempty"`
}

type fmSigner struct {
	Authority string `yaml:"authority,omitempty"`
	Title     string `yaml:"title,omitempty"`
	Name      string `yaml:"name,omitempty"`
}

type fmSource struct {
	URL  string `yaml:"url,omitempty"`
	File string `yaml:"file,omitempty"`
	Kind string `yaml:"kind,omitempty"`
	Note string `yaml:"note,omitempty"`
}

type fmCite struct {
	Number string `yaml:"number"`
	Date   string `yaml:"date,omitempty"`
	Issuer string `yaml:"issuer,omitempty"`
}

// WriteMarkdown writes the record as a directive file: YAML front matter
// between "---" lines, then the body.
func (r *Record) WriteMarkdown(w io.Writer) error {
	fm := frontMatter{
		Number: r.Number.Text, Type: r.Type.Slug, Title: r.Title,
		Issuer: r.Issuer, IssuerParent: r.IssuerParent, Province: r.Province,
		Date: r.Date.String(), Place: r.Place,
		Addressees: r.Addressees, Distribution: r.Distribution, Topics: r.Topics,
		Source: fmSource{URL: r.URL, File: r.Name, Kind: r.Kind},
		Notes:  strings.Join(r.Notes, "\n"),
	}
	if fm.Type == "" {
		fm.Type = "van-ban"
	}
	if !r.Number.Known() {
		fm.ID = r.stemSlug()
	}
	if !r.Published.IsZero() {
		fm.Published = r.Published.In(model.Zone()).Format(time.RFC3339)
	}
	if !r.Signer.IsZero() {
		fm.Signer = &fmSigner{Authority: r.Signer.Authority, Title: r.Signer.Title, Name: r.Signer.Name}
	}
	for _, c := range r.Citations {
		if c.Date.IsZero() && c.Issuer == "" {
			fm.Cites = append(fm.Cites, c.Number.Text)
		} else {
			fm.Cites = append(fm.Cites, fmCite{Number: c.Number.Text, Date: c.Date.String(), Issuer: c.Issuer})
		}
	}
	var buf bytes.Buffer
	buf.WriteString("---\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(fm); err != nil {
		return fmt.Errorf("front matter: %w", err)
	}
	if err := enc.Close(); err != nil {
		return err
	}
	buf.WriteString("---\n\n")
	buf.WriteString(strings.TrimSpace(r.Body))
	buf.WriteString("\n")
	_, err := w.Write(buf.Bytes())
	return err
}
