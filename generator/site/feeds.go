package site

import (
	"bytes"
	"cmp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"vanban/generator/feed"
	"vanban/generator/index"
	"vanban/generator/model"
	"vanban/generator/render"
	"vanban/generator/resolve"
	"vanban/generator/vn"
)

// Feed groups, in the order the feeds page and the OPML file list them.
const (
	groupArchive  = "Toàn bộ kho"
	groupUpdates  = "Cập nhật: văn bản mới, bản mới, thay đổi tình trạng"
	groupProvince = "Theo tỉnh, thành phố"
	groupType     = "Theo loại văn bản"
	groupIssuer   = "Theo cơ quan ban hành"
	groupTopic    = "Theo chủ đề"
	groupProvUpd  = "Cập nhật theo tỉnh, thành phố"
)

// feedSet is one slice of the archive that gets a feed in every format.
type feedSet struct {
	dir     string // site-relative directory: "", "tinh/lai-chau/"
	title   string // feed title
	name    string // short name for lists and discovery links: "Lai Châu"
	group   string // heading on the feeds page and folder in the OPML file
	page    string // HTML page the feed follows
	entries []*index.Entry
	// updates is set for the "updates" feeds, whose items are events
	// (publication, new edition, status change) rather than directives;
	// entries then lists the directives whose publication items carry text.
	updates []feedEvent
	isUpd   bool
	full    bool // items carry the directives' full text
}

// feedEvent is one event of an updates feed.
type feedEvent struct {
	e    *index.Entry
	item feed.Item
	pub  bool // the directive's publication: carries its text
}

// slice is a group of directives by issuer or topic, with its page.
type slice struct {
	slug, name string
	entries    []*index.Entry
}

// issuerDir and topicDir are where the issuer and topic pages and feeds live.
const (
	issuerDir = "co-quan/"
	topicDir  = "chu-de/"
	updateDir = "cap-nhat/"
)

// byIssuerTopic groups the catalogue by issuer (key is vn.Slug of the issuer as
// printed) and by topic. Names are those of the newest directive of each
// group; groups are in Vietnamese dictionary order.
func (b *builder) byIssuerTopic() (issuers, topics []slice) {
	group := func(keys func(*index.Entry) []string) []slice {
		at := map[string]int{}
		slugs := map[string]string{} // the same few hundred names recur in every directive
		var out []slice
		var seen []string
		for _, e := range b.ix.Entries() {
			seen = seen[:0]
			for _, name := range keys(e) {
				slug, ok := slugs[name]
				if !ok {
					slug = vn.Slug(name)
					slugs[name] = slug
				}
				if slug == "" || slices.Contains(seen, slug) {
					continue
				}
				seen = append(seen, slug)
				i, ok := at[slug]
				if !ok {
					i = len(out)
					at[slug] = i
					out = append(out, slice{slug: slug, name: strings.TrimSpace(name)})
				}
				out[i].entries = append(out[i].entries, e)
			}
		}
		coll := vn.NewCollator()
		slices.SortFunc(out, func(a, c slice) int { return cmp.Or(coll.Compare(a.name, c.name), strings.Compare(a.slug, c.slug)) })
		return out
	}
	issuers = group(func(e *index.Entry) []string {
		if e.Doc.Issuer == "" {
			return nil
		}
		return []string{e.Doc.Issuer}
	})
	topics = group(func(e *index.Entry) []string { return e.Doc.Topics })
	return issuers, topics
}

// feedSets lists every feed: the whole archive, each province (and the
// central jurisdiction and the unknown one), each document type, each
// issuer, each topic, and the updates feeds of the archive and of each
// province.
func (b *builder) feedSets() []feedSet { return b.feedSetsPruned(true) }

// feedSetsPruned is feedSets, making the items of the updates feeds only
// for directives that can be in them when prune is set (tests compare).
func (b *builder) feedSetsPruned(prune bool) []feedSet {
	limit := b.cfg.Feeds.Items
	if limit <= 0 {
		limit = 50
	}
	cut := func(es []*index.Entry) []*index.Entry {
		if len(es) > limit {
			return es[:limit]
		}
		return es
	}
	site := b.site.Title
	byType, _ := b.memoByTypeYear()
	sets := []feedSet{{dir: "", title: site, name: "Toàn bộ kho", group: groupArchive, page: "", entries: cut(b.ix.Entries())}}
	type jur struct{ slug, name, what string }
	var jurs []jur
	for _, p := range b.ix.Provinces().All() {
		jurs = append(jurs, jur{p.Slug, p.Name, p.Name})
	}
	jurs = append(jurs, jur{"", "Không rõ tỉnh, thành phố", "không rõ tỉnh, thành phố"})
	groups := [][]*index.Entry{b.ix.Entries()}
	for _, j := range jurs {
		groups = append(groups, b.ix.InProvince(j.slug))
	}
	need := func(*index.Entry) bool { return true }
	if prune {
		need = b.inUpdateFeeds(groups, limit)
	}
	updates := b.updates(need)
	sets = append(sets, b.updateSet(updateDir, site+" – cập nhật", "Toàn bộ kho", groupUpdates, "", updates, limit))
	for _, j := range jurs {
		dir := "tinh/" + cmp.Or(j.slug, index.Unknown) + "/"
		// A province's feed follows its page, merged units included.
		sets = append(sets, feedSet{dir: dir, title: site + " – " + j.what, name: j.name, group: groupProvince, page: dir, entries: cut(b.ix.InProvince(j.slug))})
	}
	for _, t := range model.DocTypes() {
		dir := "loai/" + t.Slug + "/"
		sets = append(sets, feedSet{dir: dir, title: site + " – " + t.Name, name: t.Name, group: groupType, page: dir, entries: cut(byType[t.Slug])})
	}
	issuers, topics := b.memoByIssuerTopic()
	for _, s := range issuers {
		dir := issuerDir + s.slug + "/"
		sets = append(sets, feedSet{dir: dir, title: site + " – " + s.name, name: s.name, group: groupIssuer, page: dir, entries: cut(s.entries)})
	}
	for _, s := range topics {
		dir := topicDir + s.slug + "/"
		sets = append(sets, feedSet{dir: dir, title: site + " – chủ đề " + s.name, name: s.name, group: groupTopic, page: dir, entries: cut(s.entries)})
	}
	// Like the province's page and feed, merged units included: the
	// jurisdictions of each directive with events, then each event in
	// order to those of its directive.
	jurOf := make(map[*index.Entry][]int, len(updates))
	for _, u := range updates {
		jurOf[u.e] = nil
	}
	for k, j := range jurs {
		for _, e := range b.ix.InProvince(j.slug) {
			if js, ok := jurOf[e]; ok && (len(js) == 0 || js[len(js)-1] != k) {
				jurOf[e] = append(js, k)
			}
		}
	}
	ups := make([][]feedEvent, len(jurs))
	for _, u := range updates {
		for _, k := range jurOf[u.e] {
			if len(ups[k]) < limit { // updateSet keeps no more
				ups[k] = append(ups[k], u)
			}
		}
	}
	for k, j := range jurs {
		dir := "tinh/" + cmp.Or(j.slug, index.Unknown) + "/"
		sets = append(sets, b.updateSet(dir+updateDir, site+" – cập nhật – "+j.what, j.name, groupProvUpd, dir, ups[k], limit))
	}
	for i := range sets {
		// The archive-wide feeds (the first two) carry the text; slices only when asked.
		sets[i].full = b.cfg.Feeds.FullText && (i < 2 || b.cfg.Feeds.SliceFullText)
	}
	return sets
}

func (b *builder) updateSet(dir, title, name, group, page string, ups []feedEvent, limit int) feedSet {
	if len(ups) > limit {
		ups = ups[:limit]
	}
	s := feedSet{dir: dir, title: title, name: name, group: group, page: page, updates: ups, isUpd: true}
	for _, u := range ups {
		if u.pub {
			s.entries = append(s.entries, u.e)
		}
	}
	return s
}

// feedLinks are the discovery links of the feeds in dir.
func (b *builder) feedLinks(dir, what string) []render.FeedLink {
	return []render.FeedLink{
		{Title: "RSS – " + what, Path: dir + "rss.xml", Type: "application/rss+xml"},
		{Title: "Atom – " + what, Path: dir + "atom.xml", Type: "application/atom+xml"},
		{Title: "JSON Feed – " + what, Path: dir + "feed.json", Type: "application/feed+json"},
	}
}

// allFeeds lists the feeds for the feeds page, grouped. The list is flat
// because the page's data is a []render.FeedLink: an entry without Type
// starts a group (its Title is the heading), an entry of type "text/html"
// starts a row (the page the feeds follow), and the RSS, Atom and JSON
// Feed entries of that row follow it, titled with the row's name. Every
// province and document type has feeds, but only slices with directives
// are listed.
func (b *builder) allFeeds() []render.FeedLink {
	var out []render.FeedLink
	group := ""
	for _, s := range b.memoFeedSets() {
		if s.dir != "" && len(s.entries) == 0 && len(s.updates) == 0 {
			continue
		}
		if s.group != group {
			group = s.group
			out = append(out, render.FeedLink{Title: group})
		}
		out = append(out, render.FeedLink{Title: s.name, Path: s.page, Type: "text/html"})
		for _, l := range b.feedLinks(s.dir, s.name) {
			l.Title = s.name
			out = append(out, l)
		}
	}
	return out
}

func (b *builder) feedJobs() []job {
	var jobs []job
	sets := b.memoFeedSets()
	for _, s := range sets {
		// Built once, by whichever worker gets there first.
		f := sync.OnceValue(func() *feed.Feed { return b.feedOf(s) })
		jobs = append(jobs,
			job{path: s.dir + "rss.xml", make: func(buf *bytes.Buffer) error { return feed.WriteRSS(buf, f()) }},
			job{path: s.dir + "atom.xml", make: func(buf *bytes.Buffer) error { return feed.WriteAtom(buf, f()) }},
			job{path: s.dir + "feed.json", make: func(buf *bytes.Buffer) error { return feed.WriteJSON(buf, f()) }},
		)
	}
	jobs = append(jobs, b.opmlJob(sets))
	jobs = append(jobs, b.slicePageJobs()...)
	jobs = append(jobs, b.apiJobs()...)
	return jobs
}

// opmlJob writes nguon-tin/feeds.opml: every listed feed, grouped as on the
// feeds page, Atom for the XML feeds (readers take it as well as RSS).
func (b *builder) opmlJob(sets []feedSet) job {
	var groups []feed.OutlineGroup
	for _, s := range sets {
		if s.dir != "" && len(s.entries) == 0 && len(s.updates) == 0 {
			continue
		}
		if len(groups) == 0 || groups[len(groups)-1].Title != s.group {
			groups = append(groups, feed.OutlineGroup{Title: s.group})
		}
		g := &groups[len(groups)-1]
		g.Outlines = append(g.Outlines, feed.Outline{Title: s.title, Type: "rss", XMLURL: b.site.AbsURL(s.dir + "atom.xml"), HTMLURL: b.site.AbsURL(s.page)})
	}
	clock := b.ix.Clock()
	return job{path: "nguon-tin/feeds.opml", make: func(buf *bytes.Buffer) error {
		return feed.WriteOPML(buf, b.site.Title+" – nguồn tin", b.site.Publisher, clock, groups)
	}}
}

// slicePageJobs are the HTML pages of the issuer and topic feeds, so every
// feed's link is a real page, and the two index pages listing them.
func (b *builder) slicePageJobs() []job {
	type link struct {
		Name, Path string
		Count      int
	}
	home := crumbs("Trang chủ", "")
	issuers, topics := b.memoByIssuerTopic()
	var jobs []job
	for _, k := range []struct {
		dir, title, prefix string
		list               []slice
	}{
		{issuerDir, "Cơ quan ban hành", "Văn bản của ", issuers},
		{topicDir, "Chủ đề", "Chủ đề: ", topics},
	} {
		var links []link
		for _, s := range k.list {
			p := k.dir + s.slug + "/"
			links = append(links, link{s.name, p, len(s.entries)})
			feeds := append(b.feedLinks(p, s.name), b.feedLinks("", "toàn bộ kho")...)
			jobs = append(jobs, job{path: p + "index.html", make: b.lazy("list", func() *render.Page {
				return &render.Page{
					Path: p, Title: k.prefix + s.name, Crumbs: append(home, crumb(k.title, k.dir)), Feeds: feeds,
					Data: listData{Timeline: render.Timeline(render.Cards(b.g, s.entries))},
				}
			})})
		}
		jobs = append(jobs, job{path: k.dir + "index.html", make: b.page("list", &render.Page{
			Path: k.dir, Title: k.title, Crumbs: home, Data: listData{Links: links},
		})})
	}
	return jobs
}

func (b *builder) feedOf(s feedSet) *feed.Feed {
	f := &feed.Feed{
		ID: b.site.AbsURL(s.dir + "atom.xml"), Title: s.title, Description: b.site.Description,
		Link: b.site.AbsURL(s.page), SelfRSS: b.site.AbsURL(s.dir + "rss.xml"), SelfAtom: b.site.AbsURL(s.dir + "atom.xml"),
		SelfJSON: b.site.AbsURL(s.dir + "feed.json"), Language: b.site.Lang, Author: b.site.Publisher,
	}
	if s.isUpd {
		f.Description = "Văn bản mới, bản mới (đính chính, sửa đổi) và thay đổi tình trạng hiệu lực."
		for _, u := range s.updates {
			it := u.item
			if u.pub && s.full {
				it.HTML = b.feedHTML(u.e)
			}
			f.Items = append(f.Items, it)
		}
		return f
	}
	for _, e := range s.entries {
		it := b.item(e)
		if s.full {
			it.HTML = b.feedHTML(e)
		}
		f.Items = append(f.Items, it)
	}
	return f
}

// itemTitle is "Công văn số 4588/UBND-VX: V/v …".
func itemTitle(e *index.Entry) string {
	return e.Doc.Name() + ": " + e.Doc.Title
}

func categories(e *index.Entry) []string {
	cats := []string{e.Doc.Type.Name}
	if e.Province != nil {
		cats = append(cats, e.Province.Name)
	}
	return append(cats, e.Doc.Topics...)
}

// item is a directive as a feed item. Its id is the permalink, which is
// derived from the directive's identity, never from a title or file name.
// Published is when its first edition became public; Updated is the date of
// its newest edition when it has several. The full text is added by feedOf.
func (b *builder) item(e *index.Entry) feed.Item {
	it := feed.Item{
		ID: b.site.AbsURL(e.Path()), Link: b.site.AbsURL(e.Path()), Title: itemTitle(e),
		Summary: description(e), Published: firstPublished(e, b.ix.Clock()), Categories: categories(e), Author: e.Doc.Issuer,
	}
	if n := len(e.Dir.Editions); n > 1 {
		it.Updated = editionTime(e.Dir.Editions[n-1], it.Published)
	}
	return it
}

// feedHTML is a directive's text for a feed. Pages link with root-relative
// URLs ("/van-ban/…"); feed readers show the text away from the site, so
// links and images get absolute URLs.
func (b *builder) feedHTML(e *index.Entry) string {
	return string(b.feedBodies[e]) // rendered with absolute citation links
}

// published is when a document became public: its publication time, else
// the start of its issue date, else the build clock.
func published(doc *model.Document, clock time.Time) time.Time {
	switch {
	case !doc.Published.IsZero():
		return doc.Published
	case doc.Date.Year != 0:
		return doc.Date.Start()
	}
	return clock
}

// firstPublished is when the directive's first edition became public.
func firstPublished(e *index.Entry, clock time.Time) time.Time {
	return published(e.Dir.Editions[0], clock)
}

// editionTime is when an edition was made: its edition date, else its
// publication time, else fallback.
func editionTime(ed *model.Document, fallback time.Time) time.Time {
	switch {
	case !ed.Edition.Date.IsZero():
		return ed.Edition.Date.Start()
	case !ed.Published.IsZero():
		return ed.Published
	}
	return fallback
}

// updates lists every event of the archive, newest first: each directive's
// publication, each edition after the first, and each change of status
// (amended, replaced, repealed, expired) up to the build's clock. Ids are
// the permalink, the permalink + "#ban-N", and the permalink +
// "#trang-thai-CODE-DATE": all derived from the directive's identity.
func (b *builder) updates(need func(*index.Entry) bool) []feedEvent {
	var out []feedEvent
	for _, e := range b.ix.Entries() {
		if !need(e) {
			continue
		}
		base := b.item(e)
		base.Updated = time.Time{}
		pub := base
		out = append(out, feedEvent{e: e, item: pub, pub: true})
		for _, ed := range e.Dir.Editions[1:] {
			n := strconv.Itoa(ed.Edition.Number)
			it := base
			it.ID = base.ID + "#ban-" + n
			it.Link = b.site.AbsURL(editionPath(e, ed.Edition.Number))
			it.Title = itemTitle(e) + " – bản " + n
			it.Summary = "Bản " + n
			if !ed.Edition.Date.IsZero() {
				it.Summary += " ngày " + ed.Edition.Date.Short()
			}
			if ed.Edition.Note != "" {
				it.Title += ": " + ed.Edition.Note
				it.Summary += ": " + ed.Edition.Note
			}
			it.Summary += ". " + description(e)
			it.Published = editionTime(ed, base.Published)
			out = append(out, feedEvent{e: e, item: it})
		}
		out = append(out, b.statusUpdates(e, base)...)
	}
	slices.SortStableFunc(out, func(a, c feedEvent) int {
		return cmp.Or(c.item.Published.Compare(a.item.Published), strings.Compare(a.item.ID, c.item.ID))
	})
	return out
}

// inUpdateFeeds reports which directives can have an event among the
// newest limit of an updates feed over one of groups (the archive, each
// province): making every event's item is most of the work of the feeds,
// and a directive whose latest event is older than the publication of
// limit others in each of its groups has none in their feeds. Ties are
// kept: the item's ID orders them.
func (b *builder) inUpdateFeeds(groups [][]*index.Entry, limit int) func(*index.Entry) bool {
	clock := b.ix.Clock()
	latest := make(map[*index.Entry]time.Time, len(b.ix.Entries()))
	for _, e := range b.ix.Entries() {
		first := firstPublished(e, clock)
		t := first
		for _, ed := range e.Dir.Editions[1:] {
			t = maxTime(t, editionTime(ed, first))
		}
		for _, ev := range b.g.Status(e).Events {
			t = maxTime(t, eventTime(ev, clock))
		}
		latest[e] = t
	}
	need := make(map[*index.Entry]bool, len(latest))
	pubs := make([]time.Time, 0, len(latest))
	for _, g := range groups {
		var cutoff time.Time // zero: every directive of the group
		if len(g) > limit {
			pubs = pubs[:0]
			for _, e := range g {
				pubs = append(pubs, firstPublished(e, clock))
			}
			slices.SortFunc(pubs, func(a, c time.Time) int { return c.Compare(a) })
			cutoff = pubs[limit-1]
		}
		for _, e := range g {
			if !latest[e].Before(cutoff) {
				need[e] = true
			}
		}
	}
	return func(e *index.Entry) bool { return need[e] }
}

// eventTime is when a status change happened: its date, else (undated)
// when the directive that made it became public, else the build clock.
func eventTime(ev resolve.Event, clock time.Time) time.Time {
	switch {
	case !ev.Since.IsZero():
		return ev.Since.Start()
	case ev.By != nil:
		return published(ev.By.Doc, clock)
	}
	return clock
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// statusUpdates are the status changes of e; changes of one kind on one
// day (two amending directives in force the same day) are one item.
func (b *builder) statusUpdates(e *index.Entry, base feed.Item) []feedEvent {
	var out []feedEvent
	at := map[string]int{}
	for _, ev := range b.g.Status(e).Events {
		switch ev.Code {
		case resolve.Amended, resolve.Replaced, resolve.Repealed, resolve.Expired:
		default:
			continue
		}
		key := string(ev.Code)
		if !ev.Since.IsZero() {
			key += "-" + ev.Since.String()
		}
		i, ok := at[key]
		if !ok {
			it := base
			it.ID = base.ID + "#trang-thai-" + key
			it.Title = ev.Code.Label() + ": " + itemTitle(e)
			it.Summary = ev.Code.Label()
			if !ev.Since.IsZero() {
				it.Summary += " từ " + ev.Since.Vietnamese()
			}
			it.Published = eventTime(ev, b.ix.Clock())
			i = len(out)
			at[key] = i
			out = append(out, feedEvent{e: e, item: it})
		}
		if ev.By != nil {
			it := &out[i].item
			by := ev.By.Doc.Name()
			if strings.Contains(it.Summary, " theo ") {
				it.Summary += ", " + by
			} else {
				it.Summary += " theo " + by
			}
		}
	}
	for i := range out {
		out[i].item.Summary += ". " + description(e)
	}
	return out
}
