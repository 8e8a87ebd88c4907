// Package feed writes syndication feeds from typed data: RSS 2.0 (with
// atom:link rel="self" and content:encoded), Atom 1.0 (RFC 4287) and JSON
// Feed 1.1. It knows nothing of directives; the composer fills Feed values.
package feed

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"time"

	"vanban/generator/model"
)

// Feed is one feed, whatever its format.
type Feed struct {
	ID          string // permanent id (Atom id); the feed's self URL is fine
	Title       string
	Description string
	Link        string // absolute URL of the HTML page the feed follows
	SelfRSS     string // absolute URL of the RSS document
	SelfAtom    string // absolute URL of the Atom document
	SelfJSON    string // absolute URL of the JSON Feed document
	Language    string
	Author      string // publisher name
	Items       []Item // newest first
}

// Item is one entry.
type Item struct {
	ID         string // permanent id: never derived from a title or file name
	Link       string // absolute URL
	Title      string
	Summary    string // plain text
	HTML       string // full text as HTML; empty for summary-only feeds
	Published  time.Time
	Updated    time.Time
	Categories []string
	Author     string
}

// Updated is the newest item time, so feeds never depend on the wall clock.
func (f *Feed) Updated() time.Time {
	var t time.Time
	for _, it := range f.Items {
		if u := it.updated(); u.After(t) {
			t = u
		}
	}
	if t.IsZero() {
		t = time.Date(2000, 1, 1, 0, 0, 0, 0, model.Zone())
	}
	return t
}

func (it Item) updated() time.Time {
	if it.Updated.After(it.Published) {
		return it.Updated
	}
	return it.Published
}

// RSS 2.0 ----------------------------------------------------------------

type rssDoc struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	Content string     `xml:"xmlns:content,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Generator     string    `xml:"generator"`
	Self          rssSelf   `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type rssSelf struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssGUID struct {
	IsPermaLink bool   `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

type rssItem struct {
	Title       string   `xml:"title"`
	Link        string   `xml:"link"`
	GUID        rssGUID  `xml:"guid"`
	PubDate     string   `xml:"pubDate"`
	Description string   `xml:"description"`
	Categories  []string `xml:"category"`
	Content     *cdata   `xml:"content:encoded,omitempty"`
}

type cdata struct {
	Value string `xml:",cdata"`
}

// rfc1123 writes RSS dates with Vietnam's numeric offset (+0700).
func rfc1123(t time.Time) string { return t.In(model.Zone()).Format(time.RFC1123Z) }

// WriteRSS writes f as RSS 2.0.
func WriteRSS(w io.Writer, f *Feed) error {
	doc := rssDoc{
		Version: "2.0", Atom: "http://www.w3.org/2005/Atom", Content: "http://purl.org/rss/1.0/modules/content/",
		Channel: rssChannel{
			Title: f.Title, Link: f.Link, Description: f.Description, Language: f.Language,
			Generator: "vanban", Self: rssSelf{Href: f.SelfRSS, Rel: "self", Type: "application/rss+xml"},
		},
	}
	if len(f.Items) > 0 {
		doc.Channel.LastBuildDate = rfc1123(f.Updated())
	}
	for _, it := range f.Items {
		ri := rssItem{
			Title: it.Title, Link: it.Link, GUID: rssGUID{IsPermaLink: it.ID == it.Link, Value: it.ID},
			PubDate: rfc1123(it.Published), Description: it.Summary, Categories: it.Categories,
		}
		if it.HTML != "" {
			ri.Content = &cdata{Value: it.HTML}
		}
		doc.Channel.Items = append(doc.Channel.Items, ri)
	}
	return writeXML(w, doc)
}

// Atom 1.0 ---------------------------------------------------------------

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr,omitempty"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Sub     string      `xml:"subtitle,omitempty"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Gen     string      `xml:"generator"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type atomText struct {
	Type  string `xml:"type,attr,omitempty"`
	Base  string `xml:"xml:base,attr,omitempty"`
	Value string `xml:",chardata"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published"`
	Author     *atomPerson    `xml:"author,omitempty"`
	Links      []atomLink     `xml:"link"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Content    *atomText      `xml:"content,omitempty"`
}

func rfc3339(t time.Time) string { return t.In(model.Zone()).Format(time.RFC3339) }

// WriteAtom writes f as Atom 1.0.
func WriteAtom(w io.Writer, f *Feed) error {
	doc := atomFeed{
		Lang: f.Language, ID: f.ID, Title: f.Title, Sub: f.Description, Updated: rfc3339(f.Updated()),
		Author: atomPerson{Name: f.Author}, Gen: "vanban",
		Links: []atomLink{{Href: f.SelfAtom, Rel: "self", Type: "application/atom+xml"}, {Href: f.Link, Rel: "alternate", Type: "text/html"}},
	}
	for _, it := range f.Items {
		e := atomEntry{
			ID: it.ID, Title: it.Title, Updated: rfc3339(it.updated()), Published: rfc3339(it.Published),
			Links: []atomLink{{Href: it.Link, Rel: "alternate", Type: "text/html"}},
		}
		if it.Author != "" {
			e.Author = &atomPerson{Name: it.Author}
		}
		for _, c := range it.Categories {
			e.Categories = append(e.Categories, atomCategory{Term: c})
		}
		if it.Summary != "" {
			e.Summary = &atomText{Type: "text", Value: it.Summary}
		}
		if it.HTML != "" {
			e.Content = &atomText{Type: "html", Base: it.Link, Value: it.HTML}
		}
		doc.Entries = append(doc.Entries, e)
	}
	return writeXML(w, doc)
}

func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// JSON Feed 1.1 ----------------------------------------------------------

type jsonFeed struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url"`
	FeedURL     string       `json:"feed_url"`
	Description string       `json:"description,omitempty"`
	Language    string       `json:"language,omitempty"`
	Authors     []jsonAuthor `json:"authors,omitempty"`
	Items       []jsonItem   `json:"items"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	Title         string       `json:"title"`
	ContentHTML   string       `json:"content_html,omitempty"`
	ContentText   string       `json:"content_text,omitempty"`
	Summary       string       `json:"summary,omitempty"`
	DatePublished string       `json:"date_published"`
	DateModified  string       `json:"date_modified,omitempty"`
	Tags          []string     `json:"tags,omitempty"`
	Authors       []jsonAuthor `json:"authors,omitempty"`
}

// WriteJSON writes f as JSON Feed 1.1.
func WriteJSON(w io.Writer, f *Feed) error {
	doc := jsonFeed{
		Version: "https://jsonfeed.org/version/1.1", Title: f.Title, HomePageURL: f.Link, FeedURL: f.SelfJSON,
		Description: f.Description, Language: f.Language, Items: []jsonItem{},
	}
	if f.Author != "" {
		doc.Authors = []jsonAuthor{{Name: f.Author}}
	}
	for _, it := range f.Items {
		ji := jsonItem{
			ID: it.ID, URL: it.Link, Title: it.Title, ContentHTML: it.HTML, Summary: it.Summary,
			DatePublished: rfc3339(it.Published), Tags: it.Categories,
		}
		if it.HTML == "" {
			ji.ContentText = it.Summary
		}
		if it.Updated.After(it.Published) {
			ji.DateModified = rfc3339(it.Updated)
		}
		if it.Author != "" {
			ji.Authors = []jsonAuthor{{Name: it.Author}}
		}
		doc.Items = append(doc.Items, ji)
	}
	// Compact: feeds are read by programs, and indenting costs a second pass.
	return json.NewEncoder(w).Encode(doc)
}
