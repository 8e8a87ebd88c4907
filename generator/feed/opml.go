package feed

import (
	"encoding/xml"
	"io"
	"time"
)

// Outline is one feed of an OPML subscription list.
type Outline struct {
	Title   string // human name of the feed
	Type    string // "rss" for RSS 2.0 and Atom (what readers expect), "json" for JSON Feed
	XMLURL  string // absolute URL of the feed document
	HTMLURL string // absolute URL of the page the feed follows
}

// OutlineGroup is a folder of outlines ("Tỉnh, thành phố").
type OutlineGroup struct {
	Title    string
	Outlines []Outline
}

type opmlDoc struct {
	XMLName xml.Name     `xml:"opml"`
	Version string       `xml:"version,attr"`
	Head    opmlHead     `xml:"head"`
	Body    []opmlFolder `xml:"body>outline"`
}

type opmlHead struct {
	Title       string `xml:"title"`
	DateCreated string `xml:"dateCreated,omitempty"`
	OwnerName   string `xml:"ownerName,omitempty"`
	Docs        string `xml:"docs"`
}

type opmlFolder struct {
	Text     string        `xml:"text,attr"`
	Title    string        `xml:"title,attr"`
	Outlines []opmlOutline `xml:"outline"`
}

type opmlOutline struct {
	Type    string `xml:"type,attr"`
	Text    string `xml:"text,attr"`
	Title   string `xml:"title,attr"`
	XMLURL  string `xml:"xmlUrl,attr"`
	HTMLURL string `xml:"htmlUrl,attr,omitempty"`
}

// WriteOPML writes an OPML 2.0 subscription list. created is a fixed time
// (the build's clock), never the wall clock.
func WriteOPML(w io.Writer, title, owner string, created time.Time, groups []OutlineGroup) error {
	doc := opmlDoc{Version: "2.0", Head: opmlHead{Title: title, OwnerName: owner, Docs: "http://opml.org/spec2.opml"}}
	if !created.IsZero() {
		doc.Head.DateCreated = rfc1123(created)
	}
	for _, g := range groups {
		f := opmlFolder{Text: g.Title, Title: g.Title}
		for _, o := range g.Outlines {
			f.Outlines = append(f.Outlines, opmlOutline{Type: o.Type, Text: o.Title, Title: o.Title, XMLURL: o.XMLURL, HTMLURL: o.HTMLURL})
		}
		doc.Body = append(doc.Body, f)
	}
	return writeXML(w, doc)
}
