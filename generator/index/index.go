// Package index is the second stage: it turns loaded directives into an
// immutable catalogue. It drops drafts and embargoed directives (so no later
// stage can leak them), gives each directive its permanent identifier and
// URL, checks provinces against the registry, finds duplicate numbers, and
// offers the look-ups the resolver and the views need.
package index

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"vanban/generator/diag"
	"vanban/generator/model"
	"vanban/generator/province"
	"vanban/generator/vn"
)

// Unknown is the path segment for a province or year the text never gives.
const Unknown = "khong-ro"

// Options control what the catalogue admits.
type Options struct {
	Clock     time.Time          // the build's clock: later publication = embargo
	Drafts    bool               // admit drafts and embargoed directives (preview only)
	Provinces *province.Registry // the province registry
}

// Entry is one directive in the catalogue.
type Entry struct {
	Dir          *model.Directive
	Doc          *model.Document    // the current edition
	ID           string             // permanent identifier: "lai-chau/2022/4588-ubnd-vx"
	Jurisdiction string             // province slug, model.Central, or "" when unknown
	Province     *province.Province // nil when unknown
	Year         int                // issue year (from the date or the number); 0 unknown
	Draft        bool               // a draft or embargoed directive admitted for preview

	ord int // position in Index.Entries
}

// Path is the directive's page path relative to the site root, with a
// trailing slash: "van-ban/lai-chau/2022/4588-ubnd-vx/".
func (e *Entry) Path() string { return DocPath(e.ID) }

// DocPath is the page path of a document ID; missing documents use the same
// scheme, so a page for a cited document keeps its URL once it is added.
func DocPath(id string) string { return "van-ban/" + id + "/" }

// DocID builds the permanent identifier from a document's identity:
// jurisdiction, year and number. ELI-like and stable across file renames
// and title fixes.
func DocID(jurisdiction string, year int, n model.Number) string {
	return segment(jurisdiction) + "/" + yearSegment(year) + "/" + n.Slug()
}

func segment(s string) string {
	if s == "" {
		return Unknown
	}
	return s
}

func yearSegment(y int) string {
	if y == 0 {
		return Unknown + "-nam"
	}
	return strconv.Itoa(y)
}

// Index is the immutable catalogue.
type Index struct {
	entries  []*Entry
	byID     map[string]*Entry
	byNumber map[string]*numbered
	hidden   map[string]bool
	province map[string][]*Entry // see InProvince
	clock    time.Time
	reg      *province.Registry
}

// Build makes the catalogue. Problems (unknown provinces, duplicate numbers)
// are reported; the offending directive stays in so nothing is lost.
func Build(dirs []*model.Directive, opt Options) (*Index, diag.List) {
	var diags diag.List
	ix := &Index{
		byID:     make(map[string]*Entry, len(dirs)),
		byNumber: make(map[string]*numbered, len(dirs)),
		hidden:   map[string]bool{},
		clock:    opt.Clock,
		reg:      opt.Provinces,
		entries:  make([]*Entry, 0, len(dirs)),
	}
	isHidden := func(doc *model.Document) bool {
		return doc.Draft || (!doc.Published.IsZero() && doc.Published.After(opt.Clock))
	}
	// One allocation for every entry: the catalogue keeps them all.
	slab := make([]Entry, len(dirs))
	for i, d := range dirs {
		// Drafts and embargoed editions are dropped one by one: a draft of a
		// new edition must not hide the editions already published.
		if !opt.Drafts && slices.ContainsFunc(d.Editions, isHidden) {
			kept := slices.DeleteFunc(slices.Clone(d.Editions), isHidden)
			keptKeys := map[string]bool{}
			for _, ed := range kept {
				keptKeys[ed.Number.Key()] = true
			}
			for _, ed := range d.Editions {
				if !isHidden(ed) {
					continue
				}
				// A number only an unpublished edition carries stays unknown
				// to the site: citations of it render as plain text.
				if ed.Number.Known() && !keptKeys[ed.Number.Key()] {
					ix.hidden[ed.Number.Key()] = true
				}
				if !ed.Draft {
					diags.Warnf(ed.PosOf("published"), "embargoed: published %s is after the build clock %s, so it is left out; set clock in the site config or build with --clock now to publish it on time",
						ed.Published.Format("2006-01-02 15:04"), opt.Clock.Format("2006-01-02 15:04"))
				}
			}
			if len(kept) == 0 {
				continue
			}
			if len(kept) < len(d.Editions) {
				d = &model.Directive{Editions: kept}
			}
		}
		doc := d.Current()
		hidden := isHidden(doc)
		e := &slab[i]
		*e = Entry{Dir: d, Doc: doc, Jurisdiction: doc.Province, Draft: hidden}
		if doc.Province != "" && opt.Provinces != nil {
			// A former name of a unit (thua-thien-hue, now hue) is that unit.
			p, ok := opt.Provinces.Canonical(doc.Province)
			if ok {
				e.Jurisdiction = p.Slug
			} else {
				msg := "province: unknown province slug %q"
				if near := nearestProvince(opt.Provinces, doc.Province); near != "" {
					msg += "; did you mean \"" + near + "\"?"
				}
				diags.Errorf(doc.PosOf("province"), msg, doc.Province)
			}
			e.Province = p
		}
		e.Year = yearOf(doc)
		e.ID = identity(d.Editions[0], e.Jurisdiction, opt.Provinces, &diags)
		if len(d.Editions) > 1 {
			if cur := identity(doc, e.Jurisdiction, opt.Provinces, nil); cur != e.ID {
				diags.Warnf(doc.PosOf("number"), "edition %d changes the identity (%s → %s); the permanent URL keeps the first edition's, %s", doc.Edition.Number, e.ID, cur, DocPath(e.ID))
			}
		}
		if prev, dup := ix.byID[e.ID]; dup {
			at := doc.PosOf("number")
			if !doc.Number.Known() && doc.ID != "" {
				at = doc.PosOf("id")
			}
			diags.Errorf(at, "%s is already used by %s (same issuer jurisdiction, year and number)", idWhat(doc), prev.Doc.File)
			continue
		}
		ix.byID[e.ID] = e
		// Every number the directive has carried resolves to it, so citations
		// of an original number still link after a correction.
		for i, ed := range d.Editions {
			if !ed.Number.Known() {
				continue
			}
			k := ed.Number.Key()
			if slices.ContainsFunc(d.Editions[:i], func(p *model.Document) bool { return p.Number.Known() && p.Number.Key() == k }) {
				continue
			}
			nb := ix.byNumber[k]
			if nb == nil {
				nb = &numbered{}
				ix.byNumber[k] = nb
			}
			nb.all = append(nb.all, e)
		}
		ix.entries = append(ix.entries, e)
	}
	slices.SortFunc(ix.entries, Newest)
	for i, e := range ix.entries {
		e.ord = i
	}
	for _, nb := range ix.byNumber {
		slices.SortFunc(nb.all, func(a, b *Entry) int { return cmp.Compare(a.ord, b.ord) })
		nb.split()
	}
	ix.province = byProvince(ix.entries, opt.Provinces)
	return ix, diags
}

// byProvince groups entries by jurisdiction ("" for unknown), each unit
// holding its own directives and those of the units merged into it.
func byProvince(entries []*Entry, reg *province.Registry) map[string][]*Entry {
	own := map[string][]*Entry{}
	for _, e := range entries { // newest first, so each list is too
		own[e.Jurisdiction] = append(own[e.Jurisdiction], e)
	}
	out := make(map[string][]*Entry, len(own))
	for jur, es := range own {
		out[jur] = es
	}
	if reg == nil {
		return out
	}
	for _, p := range reg.All() {
		pre := reg.Predecessors(p.Slug)
		if len(pre) == 0 {
			continue
		}
		merged := slices.Clone(own[p.Slug])
		for _, q := range pre {
			merged = append(merged, own[q.Slug]...)
		}
		slices.SortFunc(merged, Newest)
		out[p.Slug] = merged
	}
	return out
}

// nearestProvince suggests a registry slug for a mistyped one: the unit
// whose name the slug spells ("tp-ho-chi-minh"), else the slug at most two
// edits away ("lai-chao" → "lai-chau").
func nearestProvince(reg *province.Registry, slug string) string {
	if p, ok := reg.Lookup(strings.ReplaceAll(slug, "-", " ")); ok {
		return p.Slug
	}
	best, bestDist := "", 3
	for _, p := range reg.All() {
		if d := distance(slug, p.Slug); d < bestDist {
			best, bestDist = p.Slug, d
		}
	}
	return best
}

// distance is the Levenshtein distance between two ASCII slugs.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func yearOf(doc *model.Document) int {
	if doc.Date.Year != 0 {
		return doc.Date.Year
	}
	return doc.Number.Year
}

// identity is the permanent identifier of a document: its jurisdiction,
// year and number, else its explicit id, else (with a warning) its file name.
func identity(doc *model.Document, current string, reg *province.Registry, diags *diag.List) string {
	jur := current
	if doc.Province != "" && reg != nil {
		if p, ok := reg.Canonical(doc.Province); ok {
			jur = p.Slug
		}
	}
	year := yearOf(doc)
	switch {
	case doc.Number.Known():
		return DocID(jur, year, doc.Number)
	case doc.ID != "":
		return segment(jur) + "/" + yearSegment(year) + "/" + doc.ID
	}
	if diags != nil {
		diags.Warnf(doc.PosOf("number"), "no number and no id: the permanent URL falls back to the file name, which changes if the file is renamed; add an \"id\"")
	}
	stem := vn.Slug(strings.TrimSuffix(doc.File, ".md"))
	if stem == "" && diags != nil {
		diags.Errorf(doc.PosOf("number"), "no number, no id, and a file name without letters or digits: the directive has no permanent URL; add an \"id\"")
	}
	return segment(jur) + "/" + yearSegment(year) + "/" + stem
}

func idWhat(doc *model.Document) string {
	if doc.Number.Known() {
		return "number " + doc.Number.Text
	}
	return "id " + doc.ID
}

// Newest orders entries newest first: by issue date, then publication time,
// then identifier, so the order never depends on input order.
func Newest(a, b *Entry) int {
	return cmp.Or(
		b.Doc.Date.Compare(a.Doc.Date),
		b.Doc.Published.Compare(a.Doc.Published),
		strings.Compare(a.ID, b.ID),
	)
}

// Entries returns every admitted directive, newest first.
func (ix *Index) Entries() []*Entry { return ix.entries }

// Ordinal is e's position in Entries, or -1 when e is not in the
// catalogue: later stages keep per-directive data in slices by ordinal
// rather than in maps by entry.
func (ix *Index) Ordinal(e *Entry) int {
	if e == nil || e.ord >= len(ix.entries) || ix.entries[e.ord] != e {
		return -1
	}
	return e.ord
}

// ByID finds an entry by its identifier.
func (ix *Index) ByID(id string) (*Entry, bool) {
	e, ok := ix.byID[id]
	return e, ok
}

// numbered is the entries that carry one number, in catalogue order, and
// the same split by entry year.
type numbered struct {
	all   []*Entry
	years []yearEntries
}

type yearEntries struct {
	year    int
	entries []*Entry
}

// split fills years from all, each year's entries a subslice of one copy.
func (nb *numbered) split() {
	if len(nb.all) == 1 {
		nb.years = []yearEntries{{nb.all[0].Year, nb.all}}
		return
	}
	byYear := slices.Clone(nb.all)
	slices.SortStableFunc(byYear, func(a, b *Entry) int { return cmp.Compare(a.Year, b.Year) })
	for i := 0; i < len(byYear); {
		j := i + 1
		for j < len(byYear) && byYear[j].Year == byYear[i].Year {
			j++
		}
		nb.years = append(nb.years, yearEntries{byYear[i].Year, byYear[i:j:j]})
		i = j
	}
}

func (nb *numbered) year(y int) []*Entry {
	if nb == nil {
		return nil
	}
	for _, ye := range nb.years {
		if ye.year == y {
			return ye.entries
		}
	}
	return nil
}

// ByNumber returns the entries whose number has the key n.Key(), in
// catalogue order. Numbers restart every year, so there may be several.
func (ix *Index) ByNumber(n model.Number) []*Entry {
	if nb := ix.byNumber[n.Key()]; nb != nil {
		return nb.all
	}
	return nil
}

// ByNumberYear returns the entries ByNumber returns whose Year is year, in
// the same order: a number is common (every province has a 1/KH-UBND each
// year) but rarely repeats in one year.
func (ix *Index) ByNumberYear(n model.Number, year int) []*Entry {
	return ix.byNumber[n.Key()].year(year)
}

// ByNumberYears returns ByNumberYear(n, year) and ByNumberYear(n, 0), the
// entries a citation of n in year can name, with one look-up.
func (ix *Index) ByNumberYears(n model.Number, year int) (ofYear, yearless []*Entry) {
	nb := ix.byNumber[n.Key()]
	return nb.year(year), nb.year(0)
}

// Hidden reports whether a number belongs to a draft or embargoed directive
// left out of the build: citations of it must render as plain text.
func (ix *Index) Hidden(n model.Number) bool { return ix.hidden[n.Key()] }

// InProvince returns the directives of a province, newest first: its own
// and those of the units merged into it (a province page shows both). The
// slug "" gives the directives whose province is unknown.
func (ix *Index) InProvince(slug string) []*Entry { return ix.province[slug] }

// Clock is the build's clock.
func (ix *Index) Clock() time.Time { return ix.clock }

// Provinces is the registry the catalogue was checked against.
func (ix *Index) Provinces() *province.Registry { return ix.reg }
