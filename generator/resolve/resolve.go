// Package resolve is the third stage: it finds the citations in every
// directive's text, resolves them and the relations declared in front matter
// to directives of the catalogue (by issuer jurisdiction, year and number),
// collects what cites what in both directions, records documents that are
// cited but not in the archive, and derives each directive's status at the
// build's clock. It never links a citation it cannot resolve unambiguously.
package resolve

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"vanban/generator/cite"
	"vanban/generator/diag"
	"vanban/generator/index"
	"vanban/generator/model"
	"vanban/generator/province"
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

// Graph is the resolved link graph. It is immutable once built. What it
// knows of each directive is kept by the directive's ordinal in the index.
type Graph struct {
	ix      *index.Index
	out     [][]*Link
	in      [][]*Link
	missing []*Missing
	status  []Status
}

// Out returns the links from e: declared relations first, then citations in
// the order the text gives them.
func (g *Graph) Out(e *index.Entry) []*Link {
	if i := g.ix.Ordinal(e); i >= 0 {
		return g.out[i]
	}
	return nil
}

// In returns the links to e, ordered by the citing directive, newest first.
func (g *Graph) In(e *index.Entry) []*Link {
	if i := g.ix.Ordinal(e); i >= 0 {
		return g.in[i]
	}
	return nil
}

// Missing returns the documents cited but not in the archive, by ID.
func (g *Graph) Missing() []*Missing { return g.missing }

// Status returns e's status at the build's clock.
func (g *Graph) Status(e *index.Entry) Status {
	if i := g.ix.Ordinal(e); i >= 0 {
		return g.status[i]
	}
	return Status{}
}

// Index returns the catalogue the graph was resolved against.
func (g *Graph) Index() *index.Index { return g.ix }

// Resolve builds the graph.
func Resolve(ix *index.Index) (*Graph, diag.List) {
	entries := ix.Entries()
	// Links are made in blocks and every list of links lives in one slab
	// sized for all of them: an archive has some 50,000 links, and
	// allocating them one by one was most of the stage.
	total := 0
	for _, e := range entries {
		total += len(e.Doc.Relations) + len(e.Doc.Mentions)
	}
	r := &resolver{
		ix: ix, missing: map[string]*Missing{}, missingIDs: map[missingKey]string{}, warned: map[string]bool{}, phrases: map[string]phrase{},
		ptrs: make([]*Link, total),
	}
	g := &Graph{ix: ix, out: make([][]*Link, len(entries)), in: make([][]*Link, len(entries))}
	for i, e := range entries {
		g.out[i] = r.links(e)
	}
	r.mergeUndated(g)
	// Incoming links: counted first, so that they too share one slab.
	counts := make([]int, len(entries))
	n := 0
	for _, links := range g.out {
		for _, l := range links {
			if l.To != nil {
				counts[ix.Ordinal(l.To)]++
				n++
			}
		}
	}
	in := make([]*Link, n)
	for i, c := range counts {
		g.in[i], in = in[:0:c], in[c:]
	}
	for _, links := range g.out {
		for _, l := range links {
			if l.To != nil {
				i := ix.Ordinal(l.To)
				g.in[i] = append(g.in[i], l)
			}
			if l.Missing != nil {
				l.Missing.CitedBy = append(l.Missing.CitedBy, l)
			}
		}
	}
	for i, links := range g.in {
		if len(links) == 0 {
			g.in[i] = nil // as when links were appended one by one
		}
		sortIn(links)
	}
	g.missing = make([]*Missing, 0, len(r.missing))
	for _, m := range r.missing {
		g.missing = append(g.missing, m)
	}
	slices.SortFunc(g.missing, func(a, b *Missing) int { return strings.Compare(a.ID, b.ID) })
	r.checkCycles(g)
	g.status = deriveStatus(g)
	return g, r.diags
}

type resolver struct {
	ix         *index.Index
	missing    map[string]*Missing
	missingIDs map[missingKey]string // index.DocID of missing documents, each built once
	warned     map[string]bool       // ambiguity already reported, by file and number
	phrases    map[string]phrase
	diags      diag.List

	slab []Link  // room for the next links, a block at a time
	ptrs []*Link // room for every list of links not made yet
}

type missingKey struct {
	jur  string
	year int
	key  string // model.Number.Key
}

// linkKey identifies the document a link names within one directive's
// links: its ID, else (a declared relation to nothing) its number's key.
type linkKey struct{ id, number string }

func keyOf(l *Link) linkKey {
	if id := l.TargetID(); id != "" {
		return linkKey{id: id}
	}
	return linkKey{number: l.Number.Key()}
}

// seenLinks finds the link already made for a document among a
// directive's links (out). A directive has a handful of links: they are
// searched in order, and only a long list is put in a map.
type seenLinks struct {
	byKey map[linkKey]*Link
}

const seenScan = 16

func (s *seenLinks) find(out []*Link, k linkKey) *Link {
	if s.byKey != nil {
		return s.byKey[k]
	}
	for _, l := range out {
		if keyOf(l) == k {
			return l
		}
	}
	return nil
}

// add notes that out, which ends with the link of k, grew.
func (s *seenLinks) add(out []*Link, k linkKey) {
	if s.byKey == nil && len(out) > seenScan {
		s.byKey = make(map[linkKey]*Link, 2*len(out))
		for _, p := range out {
			s.byKey[keyOf(p)] = p
		}
	}
	if s.byKey != nil {
		s.byKey[k] = out[len(out)-1]
	}
}

// linkBlock is how many links are allocated together (31 KB): blocks of a
// small size class can reuse memory the garbage collector freed, where one
// slab for every link needs 12 MB in one piece, most often fresh memory
// (a page fault every 4 KB).
const linkBlock = 128

// next is the next link of the block, filled with l; it is taken (the
// block moves on) only by keep.
func (r *resolver) next(l Link) *Link {
	if len(r.slab) == 0 {
		r.slab = make([]Link, linkBlock)
	}
	p := &r.slab[0]
	*p = l
	return p
}

func (r *resolver) keep(out []*Link) []*Link {
	out = append(out, &r.slab[0])
	r.slab = r.slab[1:]
	return out
}

// links returns e's declared relations and text citations.
func (r *resolver) links(e *index.Entry) []*Link {
	capacity := len(e.Doc.Relations) + len(e.Doc.Mentions)
	out := r.ptrs[:0:capacity]
	var seen seenLinks
	for _, ref := range e.Doc.Relations {
		l := r.next(Link{Kind: ref.Kind, Declared: true, From: e, Number: ref.Number, Date: ref.Date, Issuer: ref.Issuer, Note: ref.Note, Pos: ref.Pos})
		r.target(l)
		key := keyOf(l)
		if prev := seen.find(out, key); prev != nil {
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
		out = r.keep(out)
		seen.add(out, key)
	}
	// The citations in the text were found by load (model.Mention): their
	// strings are copies, so a link keeps no file's bytes alive.
	for i := range e.Doc.Mentions {
		m := &e.Doc.Mentions[i]
		l := r.next(Link{Kind: model.Cites, From: e, Number: m.Number, Date: m.Date, Issuer: m.Issuer, Note: m.Kind, Pos: m.Pos(e.Doc.File)})
		r.target(l)
		if l.To == nil && l.Missing == nil || l.To == e {
			continue // hidden (draft or embargoed) or the directive itself
		}
		key := keyOf(l)
		if prev := seen.find(out, key); prev != nil {
			if prev.Context == "" {
				prev.Context = m.Context
			}
			continue
		}
		l.Context = m.Context
		out = r.keep(out)
		seen.add(out, key)
	}
	if len(r.slab) > 0 {
		r.slab[0] = Link{} // a link made but not kept holds nothing
	}
	r.ptrs = r.ptrs[len(out):]
	if len(out) == 0 {
		return nil
	}
	return out[:len(out):len(out)]
}

func isChange(k model.RelationKind) bool {
	return k == model.Replaces || k == model.Amends || k == model.Repeals || k == model.Corrects
}

// target resolves l to an archive entry or a missing document. A number
// that belongs only to a hidden directive resolves to nothing, and so does
// an ambiguous one: it is better to link nothing than the wrong directive.
func (r *resolver) target(l *Link) {
	res := r.lookup(l)
	switch {
	case res.to != nil:
		l.To = res.to
		return
	case res.ambiguous || r.ix.Hidden(l.Number):
		return
	}
	mk := missingKey{res.jur, res.year, l.Number.Key()}
	id, ok := r.missingIDs[mk]
	if !ok {
		id = index.DocID(res.jur, res.year, l.Number)
		r.missingIDs[mk] = id
	}
	m, ok := r.missing[id]
	if !ok {
		m = &Missing{ID: id, Number: l.Number, Year: res.year, Jurisdiction: res.jur}
		m.Type, _ = model.TypeBySlug("van-ban")
		r.missing[id] = m
	}
	if m.Type.Slug == "van-ban" {
		if t, found := model.TypeByCode(l.Number.Code); found {
			m.Type = t
		} else if t, found := model.TypeBySlug(l.Note); found && l.Kind == model.Cites {
			m.Type = t
		}
	}
	addMentions(m, l.Date, l.Issuer)
	l.Missing = m
}

func addMentions(m *Missing, d model.Date, issuer string) {
	if !d.IsZero() && !slices.Contains(m.Dates, d) {
		m.Dates = append(m.Dates, d)
	}
	if issuer != "" && !slices.Contains(m.Issuers, issuer) {
		m.Issuers = append(m.Issuers, issuer)
	}
}

// mergeUndated folds a missing document cited without any year into the
// one dated citations give the same number in the same jurisdiction, when
// there is exactly one: both name the same document, which keeps one page.
func (r *resolver) mergeUndated(g *Graph) {
	type jurNumber struct{ jur, key string }
	dated := map[jurNumber][]*Missing{}
	var undated []*Missing
	for _, m := range r.missing {
		if m.Year != 0 {
			k := jurNumber{m.Jurisdiction, m.Number.Key()}
			dated[k] = append(dated[k], m)
		} else {
			undated = append(undated, m)
		}
	}
	// In ID order, so the dates and issuers merged come in the same order
	// in every build.
	slices.SortFunc(undated, func(a, b *Missing) int { return strings.Compare(a.ID, b.ID) })
	merged := map[*Missing]*Missing{}
	for _, m := range undated {
		same := dated[jurNumber{m.Jurisdiction, m.Number.Key()}]
		if len(same) != 1 {
			continue
		}
		into := same[0]
		for _, d := range m.Dates {
			addMentions(into, d, "")
		}
		for _, is := range m.Issuers {
			addMentions(into, model.Date{}, is)
		}
		merged[m] = into
		delete(r.missing, m.ID)
	}
	if len(merged) == 0 {
		return
	}
	for _, links := range g.out {
		for _, l := range links {
			if into, ok := merged[l.Missing]; ok {
				l.Missing = into
			}
		}
	}
}

// Lookup resolves a citation the Markdown stage found in from's text to
// the link the graph made for it; it returns nil, nil when the citation
// must stay plain text (unresolved, ambiguous or hidden). When from cites
// the same number for different documents (different years or issuers),
// the citation's own date and issuer phrase choose; if they cannot,
// nothing is linked.
func (g *Graph) Lookup(from *index.Entry, c cite.Citation) (*index.Entry, *Missing) {
	var cands []*Link
	for _, l := range g.Out(from) {
		if l.Number.Key() == c.Number.Key() {
			cands = append(cands, l)
		}
	}
	if len(cands) > 1 && !c.Date.IsZero() {
		cands = slices.DeleteFunc(slices.Clone(cands), func(l *Link) bool { return !l.Date.IsZero() && l.Date != c.Date })
	}
	if len(cands) > 1 && c.Issuer != "" {
		jur := jurisdictionOf(g.ix.Provinces(), from, c.Number, c.Issuer)
		cands = slices.DeleteFunc(slices.Clone(cands), func(l *Link) bool { return targetJur(l) != jur })
	}
	if len(cands) != 1 {
		return nil, nil
	}
	if l := cands[0]; c.Date.IsZero() || l.Date.IsZero() || l.Date.Year == c.Date.Year {
		return l.To, l.Missing
	}
	return nil, nil
}

func targetJur(l *Link) string {
	if l.To != nil {
		return l.To.Jurisdiction
	}
	if l.Missing != nil {
		return l.Missing.Jurisdiction
	}
	return ""
}

// lookupResult is what lookup decided about one reference.
type lookupResult struct {
	to        *index.Entry // the directive, when exactly one matches
	jur       string       // the jurisdiction the reference names; "" unknown
	year      int          // the year the reference names; 0 unknown
	ambiguous bool         // several directives could be meant
}

// lookup finds the directive a reference names by its identity:
// jurisdiction (from the issuer phrase, the symbol and the citing
// directive's province), year (from the number or the citation's date) and
// number. A reference whose jurisdiction cannot be told (a local symbol such
// as UBND-VX cited by a central body or by a directive whose province is
// unknown) links only to a directive whose jurisdiction is unknown too.
func (r *resolver) lookup(l *Link) lookupResult {
	from, n := l.From, l.Number
	var ph phrase // most citations name no issuer: an empty phrase says nothing
	if l.Issuer != "" {
		p, ok := r.phrases[l.Issuer]
		if !ok { // issuer phrases repeat across the archive: read each once
			p = readPhrase(r.ix.Provinces(), l.Issuer)
			r.phrases[l.Issuer] = p
		}
		ph = p
	}
	res := lookupResult{year: n.Year, jur: jurisdictionFrom(from, n, ph)}
	if res.year == 0 {
		res.year = l.Date.Year
	}
	// A known year reads only the entries of that year and of none (order
	// does not matter below), not every year's: linear in the archive.
	var lists [2][]*index.Entry
	if res.year != 0 {
		lists[0], lists[1] = r.ix.ByNumberYears(n, res.year)
	} else {
		lists[0] = r.ix.ByNumber(n)
	}
	var foundBuf, elsewhereBuf [4]*index.Entry
	found, elsewhere := foundBuf[:0], elsewhereBuf[:0]
	for _, list := range lists {
		for _, c := range list {
			if res.year != 0 && c.Year != 0 && c.Year != res.year {
				continue
			}
			if res.year == 0 && !l.Declared && c.Doc.Date.Year != 0 && from.Doc.Date.Year != 0 && c.Doc.Date.Compare(from.Doc.Date) > 0 {
				continue // an undated citation cannot name a later document
			}
			if !sameJurisdiction(r.ix.Provinces(), c.Jurisdiction, res.jur) {
				if res.jur == "" { // else not needed below
					elsewhere = append(elsewhere, c)
				}
				continue
			}
			found = append(found, c)
		}
	}
	switch {
	case len(found) == 1 && (res.jur != "" || len(elsewhere) == 0):
		res.to = found[0]
	case len(found) > 1:
		res.ambiguous = true
		r.warnAmbiguous(l, fmt.Sprintf("%s matches %d directives (%s)", n.Text, len(found), files(found)),
			"give its date (\"ngày …\") so it can be linked")
	case res.jur == "" && len(elsewhere) > 0:
		res.ambiguous = true
		r.warnAmbiguous(l, fmt.Sprintf("%s is a local number and the citing text does not say whose; the archive has it from %s", n.Text, files(elsewhere)),
			"name the issuer (\"của UBND tỉnh …\") so it can be linked")
	}
	return res
}

func (r *resolver) warnAmbiguous(l *Link, what, fix string) {
	key := l.From.Doc.File + "\x00" + l.Number.Key()
	if r.warned[key] {
		return
	}
	r.warned[key] = true
	r.diags.Warnf(l.Pos, "citation %s; it is not linked: %s", what, fix)
}

func files(es []*index.Entry) string {
	names := make([]string, 0, len(es))
	for _, e := range es {
		names = append(names, e.Doc.File)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// sameJurisdiction compares jurisdiction slugs, following a province's
// former slugs ("thua-thien-hue" is "hue").
func sameJurisdiction(reg *province.Registry, a, b string) bool {
	if a == b {
		return true
	}
	if reg == nil || a == "" || b == "" {
		return false
	}
	pa, okA := reg.Canonical(a)
	pb, okB := reg.Canonical(b)
	return okA && okB && pa == pb
}

// Symbols of central bodies (state form): the Government and its office,
// the Prime Minister, the National Assembly, the ministries and bodies at
// ministry level, the courts and procuracy, the State Audit.
var centralCodes = map[string]bool{
	"CP": true, "TTg": true, "VPCP": true, "VPQH": true, "VPCTN": true, "NHNN": true, "TTCP": true, "KTNN": true,
	"UBDT": true, "TANDTC": true, "VKSNDTC": true, "BYT": true, "BTC": true, "BGDĐT": true, "BCA": true,
	"BQP": true, "BNG": true, "BNV": true, "BTP": true, "BKHĐT": true, "BCT": true, "BLĐTBXH": true,
	"BGTVT": true, "BXD": true, "BTTTT": true, "BKHCN": true, "BVHTTDL": true, "BNNPTNT": true,
	"BTNMT": true, "BNNMT": true, "BDTTG": true, "TW": true, "VPTW": true, "BCĐQG": true,
}

// Symbols of local bodies: people's committees and councils, provincial and
// district Party committees, steering committees, the committees' offices.
var localCodes = map[string]bool{
	"UBND": true, "HĐND": true, "TU": true, "HU": true, "ĐU": true, "BCĐ": true, "VP": true,
	"VPUBND": true, "VPĐĐBQH": true, "CAT": true,
}

// jurisdictionOf decides whose document a reference names: a province's
// (the slug), the central bodies' (model.Central), or "" when it cannot be
// told. In order:
//
//  1. an issuer phrase naming a province ("của UBND tỉnh Điện Biên") gives
//     that province;
//  2. an issuer phrase naming a local body without its province ("UBND
//     tỉnh", "Sở Y tế", "Ban Chỉ đạo cấp tỉnh", "huyện") gives the citing
//     directive's province; one naming a central body ("Văn phòng Chính
//     phủ", "Bộ Y tế", "Quốc hội", "Ban Bí thư") gives model.Central;
//  3. else the symbol: central codes (TTg, VPCP, BYT, QH15, TW, …) give
//     model.Central, local codes (UBND, HĐND, TU, BCĐ, Sở …) the citing
//     directive's province;
//  4. else the citing directive's own jurisdiction.
//
// A local body cited by a central directive has no province to take: ""
// (UBND-VX exists in every province).
func jurisdictionOf(reg *province.Registry, from *index.Entry, n model.Number, issuer string) string {
	return jurisdictionFrom(from, n, readPhrase(reg, issuer))
}

// phrase is what an issuer phrase says about jurisdiction: a province it
// names, or only that the issuer is local or central.
type phrase struct {
	province string // slug of a named province (model.Central for the centre)
	local    bool   // names a local body without its province
	central  bool   // names a central body
}

// readPhrase reads an issuer phrase ("của UBND tỉnh Điện Biên").
func readPhrase(reg *province.Registry, issuer string) phrase {
	key := vn.Key(issuer)
	if p := provinceIn(reg, key); p != nil {
		if p.Central {
			return phrase{province: model.Central}
		}
		return phrase{province: p.Slug}
	}
	if key == "" {
		return phrase{}
	}
	padded := " " + key + " "
	for _, w := range []string{" tinh ", " huyen ", " thi xa ", " thanh pho ", " quan ", " cap tinh ", " dia phuong "} {
		if strings.Contains(padded, w) {
			return phrase{local: true}
		}
	}
	if strings.HasPrefix(key, "so ") {
		return phrase{local: true} // Sở …
	}
	for _, w := range []string{" chinh phu ", " thu tuong ", " quoc hoi ", " bo ", " ban bi thu ", " trung uong ", " quoc gia ",
		" chu tich nuoc ", " ngan hang nha nuoc ", " kiem toan nha nuoc ", " toi cao "} {
		if strings.Contains(padded, w) {
			return phrase{central: true}
		}
	}
	return phrase{}
}

// jurisdictionFrom applies the rules above once the phrase is read.
func jurisdictionFrom(from *index.Entry, n model.Number, ph phrase) string {
	local := from.Jurisdiction
	if local == model.Central {
		local = ""
	}
	switch {
	case ph.province != "":
		return ph.province
	case ph.local:
		return local
	case ph.central:
		return model.Central
	}
	head, _, _ := strings.Cut(n.Issuer, "-")
	switch {
	case centralCodes[head], strings.HasPrefix(head, "QH"), strings.HasPrefix(head, "UBTVQH"):
		return model.Central
	case n.Party && strings.HasSuffix(head, "TW"): // BTCTW, UBKTTW, BTGTW
		return model.Central
	case localCodes[head], strings.HasPrefix(head, "UBND"), strings.HasPrefix(head, "HĐND"),
		n.Party && (strings.HasSuffix(head, "TU") || strings.HasSuffix(head, "HU")):
		return local
	case len(head) > 1 && head[0] == 'S' && !n.Party: // Sở: SYT, SGDĐT, STC
		return local
	}
	return from.Jurisdiction
}

// provinceIn finds a province named in an issuer phrase (already a vn.Key):
// the words after "tỉnh", "thành phố", "TP" or "tỉnh ủy".
func provinceIn(reg *province.Registry, key string) *province.Province {
	if reg == nil || key == "" {
		return nil
	}
	words := strings.Fields(strings.NewReplacer(".", " ", ",", " ", "-", " ").Replace(key))
	for i, w := range words {
		if w != "tinh" && w != "pho" && w != "tp" && w != "uy" {
			continue
		}
		for j := min(len(words), i+5); j > i+1; j-- {
			if p, ok := reg.Lookup(strings.Join(words[i+1:j], " ")); ok {
				return p
			}
		}
	}
	return nil
}

// checkCycles reports chains of replacement, amendment, repeal or
// correction that loop back (A replaces B, B replaces A): each directive
// must change only ones issued before it. The error is reported once per
// cycle, at the relation that closes it, and names the whole chain.
func (r *resolver) checkCycles(g *Graph) {
	const (
		white = iota
		grey
		black
	)
	color := make([]uint8, len(g.out)) // by ordinal
	var stack []*Link
	var visit func(e *index.Entry)
	visit = func(e *index.Entry) {
		color[g.ix.Ordinal(e)] = grey
		for _, l := range g.Out(e) {
			if !l.Declared || !isChange(l.Kind) || l.To == nil {
				continue
			}
			switch color[g.ix.Ordinal(l.To)] {
			case grey:
				i := slices.IndexFunc(stack, func(s *Link) bool { return s.From == l.To })
				chain := append([]*Link{l}, stack[max(i, 0):]...) // starts where it is reported
				var b strings.Builder
				for k, s := range chain {
					if k > 0 {
						b.WriteString(", ")
					}
					fmt.Fprintf(&b, "%s %s %s", name(s.From), s.Kind, name(s.To))
				}
				r.diags.Errorf(l.Pos, "relation cycle: %s; a directive can only change one issued before it", b.String())
			case white:
				stack = append(stack, l)
				visit(l.To)
				stack = stack[:len(stack)-1]
			}
		}
		color[g.ix.Ordinal(e)] = black
	}
	for i, e := range g.ix.Entries() {
		if color[i] == white {
			visit(e)
		}
	}
}

// name is how messages name a directive: its number, else its file.
func name(e *index.Entry) string {
	if e.Doc.Number.Known() {
		return e.Doc.Number.Text
	}
	return e.Doc.File
}

// sortIn orders incoming links newest citing directive first.
func sortIn(links []*Link) {
	slices.SortFunc(links, func(a, b *Link) int {
		return cmp.Or(index.Newest(a.From, b.From), strings.Compare(string(a.Kind), string(b.Kind)))
	})
}
