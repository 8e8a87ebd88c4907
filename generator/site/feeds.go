package site

import (
	"bytes"
	"time"

	"vanban/generator/feed"
	"vanban/generator/index"
	"vanban/generator/model"
	"vanban/generator/render"
)

// feedSet is one slice of the archive that gets a feed in every format.
type feedSet struct {
	dir     string // site-relative directory: "", "tinh/lai-chau/"
	title   string
	page    string // page the feed follows
	entries []*index.Entry
}

// feedSets lists every feed: the whole archive, each province (and the
// central jurisdiction and the unknown one) and each document type.
func (b *builder) feedSets() []feedSet {
	limit := b.cfg.Feeds.Items
	cut := func(es []*index.Entry) []*index.Entry {
		if len(es) > limit {
			return es[:limit]
		}
		return es
	}
	byJur := map[string][]*index.Entry{}
	byType := map[string][]*index.Entry{}
	for _, e := range b.ix.Entries() {
		byJur[e.Jurisdiction] = append(byJur[e.Jurisdiction], e)
		byType[e.Doc.Type.Slug] = append(byType[e.Doc.Type.Slug], e)
	}
	sets := []feedSet{{dir: "", title: b.site.Title, page: "", entries: cut(b.ix.Entries())}}
	for _, p := range b.ix.Provinces().All() {
		dir := "tinh/" + p.Slug + "/"
		sets = append(sets, feedSet{dir: dir, title: b.site.Title + " – " + p.Name, page: dir, entries: cut(byJur[p.Slug])})
	}
	dir := "tinh/" + index.Unknown + "/"
	sets = append(sets, feedSet{dir: dir, title: b.site.Title + " – không rõ tỉnh, thành phố", page: dir, entries: cut(byJur[""])})
	for _, t := range model.DocTypes() {
		dir := "loai/" + t.Slug + "/"
		sets = append(sets, feedSet{dir: dir, title: b.site.Title + " – " + t.Name, page: dir, entries: cut(byType[t.Slug])})
	}
	return sets
}

// feedLinks are the discovery links of the feeds in dir.
func (b *builder) feedLinks(dir, what string) []render.FeedLink {
	return []render.FeedLink{
		{Title: "RSS – " + what, Path: dir + "rss.xml", Type: "application/rss+xml"},
		{Title: "Atom – " + what, Path: dir + "atom.xml", Type: "application/atom+xml"},
		{Title: "JSON Feed – " + what, Path: dir + "feed.json", Type: "application/feed+json"},
	}
}

// allFeeds lists every RSS feed for the feeds page.
func (b *builder) allFeeds() []render.FeedLink {
	var out []render.FeedLink
	for _, s := range b.feedSets() {
		out = append(out, render.FeedLink{Title: s.title, Path: s.dir + "rss.xml", Type: "application/rss+xml"})
	}
	return out
}

func (b *builder) feedJobs() []job {
	var jobs []job
	for _, s := range b.feedSets() {
		f := b.feedOf(s)
		jobs = append(jobs,
			job{s.dir + "rss.xml", func(buf *bytes.Buffer) error { return feed.WriteRSS(buf, f) }},
			job{s.dir + "atom.xml", func(buf *bytes.Buffer) error { return feed.WriteAtom(buf, f) }},
			job{s.dir + "feed.json", func(buf *bytes.Buffer) error { return feed.WriteJSON(buf, f) }},
		)
	}
	return jobs
}

func (b *builder) feedOf(s feedSet) *feed.Feed {
	f := &feed.Feed{
		ID: b.site.AbsURL(s.dir + "atom.xml"), Title: s.title, Description: b.site.Description,
		Link: b.site.AbsURL(s.page), SelfRSS: b.site.AbsURL(s.dir + "rss.xml"), SelfAtom: b.site.AbsURL(s.dir + "atom.xml"),
		SelfJSON: b.site.AbsURL(s.dir + "feed.json"), Language: b.site.Lang, Author: b.site.Publisher,
	}
	for _, e := range s.entries {
		f.Items = append(f.Items, b.item(e))
	}
	return f
}

// item is a directive as a feed item. Its id is the permalink, which is
// derived from the directive's identity, never from a title or file name.
func (b *builder) item(e *index.Entry) feed.Item {
	title := e.Doc.Type.Name
	if e.Doc.Number.Known() {
		title += " số " + e.Doc.Number.Text
	}
	title += ": " + e.Doc.Title
	cats := []string{e.Doc.Type.Name}
	if e.Province != nil {
		cats = append(cats, e.Province.Name)
	}
	cats = append(cats, e.Doc.Topics...)
	it := feed.Item{
		ID: b.site.AbsURL(e.Path()), Link: b.site.AbsURL(e.Path()), Title: title,
		Summary: description(e), Published: published(e, b.ix.Clock()), Categories: cats, Author: e.Doc.Issuer,
	}
	if b.cfg.Feeds.FullText {
		it.HTML = string(b.bodies[e])
	}
	return it
}

// published is when a directive became public: its publication time, else
// the start of its issue date, else the build clock.
func published(e *index.Entry, clock time.Time) time.Time {
	switch {
	case !e.Doc.Published.IsZero():
		return e.Doc.Published
	case e.Doc.Date.Year != 0:
		return e.Doc.Date.Start()
	}
	return clock
}
