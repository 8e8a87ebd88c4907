// Package lint checks directives against the rules of Nghị định
// 30/2020/NĐ-CP on the form of official documents, beyond what the strict
// front matter schema can say: the type code in the symbol matches the type,
// a công văn carries no type code, Party documents are numbered
// "số-TYPE/ISSUER", a legal document's year infix is its issue year, the
// signature's authority prefix is one of TM., KT., Q., TL., TUQ., a
// document does not take effect before it is issued, and an issuer does not
// use a number twice in one year.
//
// Every finding points at the offending front matter key. The checks are
// pure functions of the loaded documents; they never touch the file system.
package lint

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"vanban/generator/diag"
	"vanban/generator/model"
	"vanban/generator/vn"
)

// Rule is one check.
type Rule struct {
	Name    string // stable identifier: "type-code"
	Summary string // one line for --help
	// Doc checks one document; nil for rules over the whole archive.
	Doc func(doc *model.Document, l *diag.List)
	// All checks the archive as a whole; nil for per-document rules.
	All func(docs []*model.Document, l *diag.List)
}

// Rules returns every rule in the order they run.
func Rules() []Rule {
	return []Rule{
		{Name: "type-code", Summary: "the type code in the symbol matches the type (thong-bao → …/TB-…); error, or a warning when the symbol has no code", Doc: checkTypeCode},
		{Name: "cong-van-code", Summary: "a công văn has no type code (4588/UBND-VX), except the Party form …-CV/…; error", Doc: checkCongVan},
		{Name: "party-form", Summary: "Party documents (Đảng, Tỉnh ủy, Huyện ủy, Ban Bí thư, …/TW, …/TU, …/HU) are numbered số-TYPE/ISSUER (25-CT/TW); error; the Party form on a state body is a warning", Doc: checkPartyForm},
		{Name: "year-infix", Summary: "a legal document's year infix (30/2020/NĐ-CP) is its issue year; error; a Nghị định, Thông tư or Luật without one is a warning", Doc: checkYearInfix},
		{Name: "authority-prefix", Summary: "the signer's authority prefix is one of " + strings.Join(model.AuthorityPrefixes(), ", ") + "; error (a known prefix without its dot is a warning)", Doc: checkAuthority},
		{Name: "effective-date", Summary: "the effective date is not before the issue date, and expiry not before either; error", Doc: checkDates},
		{Name: "duplicate-number", Summary: "an issuer uses a number once a year: the same number and type code twice is an error, the same number under another code a warning", All: checkDuplicates},
	}
}

// Check runs every rule over the directives: per-document rules on every
// edition, archive rules on the current editions. Drafts are checked too.
func Check(dirs []*model.Directive) diag.List {
	rules := Rules()
	// Per-document rules on every core, each part of the archive into a
	// list of its own; the lists join in order, so the result is the same.
	parts := make([]diag.List, min(runtime.GOMAXPROCS(0), max(1, len(dirs)/256)))
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() {
			for _, d := range dirs[p*len(dirs)/len(parts) : (p+1)*len(dirs)/len(parts)] {
				for _, doc := range d.Editions {
					for _, r := range rules {
						if r.Doc != nil {
							r.Doc(doc, &parts[p])
						}
					}
				}
			}
		})
	}
	wg.Wait()
	var l diag.List
	for _, part := range parts {
		l = append(l, part...)
	}
	current := make([]*model.Document, len(dirs))
	for i, d := range dirs {
		current[i] = d.Current()
	}
	for _, r := range rules {
		if r.All != nil {
			r.All(current, &l)
		}
	}
	return l.Sorted()
}

// Document runs the per-document rules on one document.
func Document(doc *model.Document) diag.List {
	var l diag.List
	for _, r := range Rules() {
		if r.Doc != nil {
			r.Doc(doc, &l)
		}
	}
	return l
}

// partyCodes are the codes Party documents use where they differ from the
// state registry's: "08-QĐi/TW" is a Party quyết định, "31-CV/BCĐ" a Party
// công văn.
var partyCodes = map[string][]string{
	"quyet-dinh": {"QĐi", "QĐ"},
	"cong-van":   {"CV"},
	"quy-dinh":   {"QĐi", "QyĐ"},
}

func codeName(code string) string {
	if t, ok := model.TypeByCode(code); ok {
		return fmt.Sprintf("%s (%s)", code, t.Name)
	}
	return code
}

func checkTypeCode(doc *model.Document, l *diag.List) {
	n, t := doc.Number, doc.Type
	if n.Text == "" || t.Code == "" {
		return // unknown number, or a type without a code (công văn, luật, văn bản)
	}
	if n.Code == "" {
		if n.Year != 0 && (t.Slug == "nghi-quyet" || t.Slug == "luat") {
			return // "80/2023/QH15": resolutions and laws of Quốc hội carry no code
		}
		l.Warnf(doc.PosOf("number"), "type-code: a %s carries the code %s in its symbol (…/%s-…), but %s has none; check the number or the type", t.Name, t.Code, t.Code, n.Text)
		return
	}
	if n.Code == t.Code {
		return
	}
	if n.Party && slices.Contains(partyCodes[t.Slug], n.Code) {
		return
	}
	want := t.Code
	if n.Party {
		if alt := partyCodes[t.Slug]; len(alt) > 0 {
			want = alt[0]
		}
	}
	l.Errorf(doc.PosOf("number"), "type-code: %s carries the code %s, but the type is %s (%s, code %s); fix the type or the number", n.Text, codeName(n.Code), t.Slug, t.Name, want)
}

func checkCongVan(doc *model.Document, l *diag.List) {
	n := doc.Number
	if doc.Type.Slug != "cong-van" || n.Text == "" || n.Code == "" {
		return
	}
	if n.Party && n.Code == "CV" {
		return
	}
	if n.Party {
		l.Errorf(doc.PosOf("number"), "cong-van-code: a Party công văn is numbered số-CV/ISSUER (31-CV/BCĐ), but %s carries %s", n.Text, codeName(n.Code))
		return
	}
	msg := "cong-van-code: a công văn has no type code (4588/UBND-VX), but %s carries %s"
	if t, ok := model.TypeByCode(n.Code); ok {
		msg += "; is it a " + t.Slug + "?"
	}
	l.Errorf(doc.PosOf("number"), msg, n.Text, codeName(n.Code))
}

// partyIssuerWords name Party bodies in an issuer phrase (compared folded
// and lower-cased, so "Tỉnh uỷ" and "TỈNH ỦY" match).
var partyIssuerWords = []string{
	"tinh uy", "huyen uy", "thanh uy", "quan uy", "thi uy",
	"ban bi thu", "bo chinh tri", "ban chap hanh trung uong", "trung uong dang",
}

// partySymbols end the issuer part of a Party symbol: TW (Trung ương), TU
// (Tỉnh ủy), HU (Huyện ủy), ThU (Thành ủy), QU (Quận ủy), ĐU (Đảng ủy).
var partySymbols = []string{"TW", "TU", "HU", "ThU", "QU", "ĐU"}

// stateIssuerWords name state bodies, which never use the Party form.
var stateIssuerWords = []string{"uy ban nhan dan", "ubnd", "chinh phu", "thu tuong", "van phong chinh phu", "quoc hoi", "hoi dong nhan dan", "hdnd"}

func containsWord(key, word string) bool {
	for i := 0; ; {
		j := strings.Index(key[i:], word)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(word)
		if (j == 0 || key[j-1] == ' ') && (end == len(key) || key[end] == ' ') {
			return true
		}
		i = j + 1
	}
}

func issuerMatches(issuer string, words []string) bool {
	issuer = punctuation.Replace(issuer)
	k := vn.Key(issuer)
	for _, w := range words {
		if containsWord(k, w) {
			return true
		}
	}
	return false
}

// punctuation separates words of an issuer's name (a Replacer is safe for
// concurrent use and never changes).
var punctuation = strings.NewReplacer(",", " ", ".", " ", "-", " ")

// hasDang reports whether s has the word "Đảng" (Đảng ủy, Đảng đoàn, Ban
// cán sự đảng), with its diacritics: folded, it would match "đăng" too.
func hasDang(s string) bool {
	k := strings.Join(strings.Fields(strings.ToLower(vn.Normalize(punctuation.Replace(s)))), " ")
	return containsWord(k, "đảng")
}

// partySymbol reports whether the symbol's issuer part names a Party body.
func partySymbol(n model.Number) bool {
	iss := n.Issuer
	if i := strings.LastIndexAny(iss, "-/"); i >= 0 {
		iss = iss[i+1:]
	}
	for _, s := range partySymbols {
		if strings.HasSuffix(iss, s) {
			return true
		}
	}
	return false
}

// IsParty reports whether a document comes from a Party body, by its issuer
// or by its symbol.
func IsParty(doc *model.Document) bool {
	if issuerMatches(doc.Issuer, partyIssuerWords) || issuerMatches(doc.Parent, partyIssuerWords) ||
		hasDang(doc.Issuer) || hasDang(doc.Parent) {
		return true
	}
	return doc.Number.Text != "" && partySymbol(doc.Number)
}

func checkPartyForm(doc *model.Document, l *diag.List) {
	n := doc.Number
	if n.Text == "" || n.Symbol == "" {
		return
	}
	party := IsParty(doc)
	switch {
	case party && !n.Party:
		want := "25-CT/TW"
		if n.Seq != "" && n.Code != "" {
			want = n.Seq + "-" + n.Code + "/" + n.Issuer
		}
		l.Errorf(doc.PosOf("number"), "party-form: Party documents are numbered số-TYPE/ISSUER with a hyphen, then a slash (%s), not %s", want, n.Text)
	case !party && n.Party && issuerMatches(doc.Issuer, stateIssuerWords):
		l.Warnf(doc.PosOf("number"), "party-form: %s has the Party form số-TYPE/ISSUER, but %q is a state body (its documents are numbered số/TYPE-ISSUER)", n.Text, doc.Issuer)
	}
}

// legalTypes always carry a year infix since Luật ban hành văn bản quy phạm
// pháp luật 2015 (and mostly since 2004).
var legalTypes = []string{"nghi-dinh", "thong-tu", "thong-tu-lien-tich", "luat"}

func checkYearInfix(doc *model.Document, l *diag.List) {
	n := doc.Number
	if n.Text == "" {
		return
	}
	if n.Year != 0 && doc.Date.Year != 0 && n.Year != doc.Date.Year {
		l.Errorf(doc.PosOf("number"), "year-infix: %s carries the year %d, but the document is dated %s; the year in a legal document's number is its issue year", n.Text, n.Year, doc.Date.Short())
		return
	}
	if n.Year == 0 && n.Known() && !n.Party && slices.Contains(legalTypes, doc.Type.Slug) && doc.Date.Year >= 2016 {
		l.Warnf(doc.PosOf("number"), "year-infix: a %s issued in %d is numbered số/YEAR/SYMBOL (30/2020/NĐ-CP), but %s has no year", doc.Type.Name, doc.Date.Year, n.Text)
	}
}

func checkAuthority(doc *model.Document, l *diag.List) {
	a := strings.TrimSpace(doc.Signer.Authority)
	if a == "" {
		return
	}
	pos := doc.PosOf("signer.authority")
	allowed := model.AuthorityPrefixes()
	first := strings.Fields(a)[0]
	if i := strings.IndexByte(first, '.'); i > 0 {
		prefix := first[:i+1]
		if slices.Contains(allowed, prefix) {
			return
		}
		msg := "authority-prefix: %q is not a signature prefix; use one of %s (Nghị định 30/2020/NĐ-CP, Điều 13)"
		for _, p := range allowed {
			if strings.EqualFold(p, prefix) {
				msg += fmt.Sprintf("; did you mean %q?", p)
			}
		}
		l.Errorf(pos, msg, prefix, strings.Join(allowed, ", "))
		return
	}
	for _, p := range allowed {
		if first == strings.TrimSuffix(p, ".") {
			l.Warnf(pos, "authority-prefix: write the prefix with its dot: %q, not %q", p, first)
			return
		}
	}
}

// compareKnown compares two dates on the parts both know; 0 when either is
// unknown or they may be the same day.
func compareKnown(a, b model.Date) int {
	if a.IsZero() || b.IsZero() {
		return 0
	}
	p := min(a.Precision(), b.Precision())
	trunc := func(d model.Date) model.Date {
		if p < model.Day {
			d.Day = 0
		}
		if p < model.Month {
			d.Month = 0
		}
		return d
	}
	return trunc(a).Compare(trunc(b))
}

func checkDates(doc *model.Document, l *diag.List) {
	if compareKnown(doc.Effective, doc.Date) < 0 {
		l.Errorf(doc.PosOf("effective"), "effective-date: takes effect %s, before it was issued (%s)", doc.Effective.Short(), doc.Date.Short())
	}
	start := doc.Effective
	what := "takes effect"
	if start.IsZero() {
		start, what = doc.Date, "was issued"
	}
	if compareKnown(doc.Expires, start) < 0 {
		l.Errorf(doc.PosOf("expires"), "effective-date: expires %s, before it %s (%s)", doc.Expires.Short(), what, start.Short())
	}
}

// issuerBase is the issuing body's part of a symbol: "UBND" for 4588/UBND-VX
// (công văn: body, then drafting unit) and 12/QĐ-UBND, "BYT" for the joint
// 1557/KH-BYT-BGDĐT, "TW" for 25-CT/TW.
func issuerBase(n model.Number) string {
	iss := n.Issuer
	if n.Party {
		return iss
	}
	if i := strings.IndexByte(iss, '-'); i > 0 {
		iss = iss[:i]
	}
	return iss
}

// series says which numbering series a document belongs to: an issuer's
// administrative documents share one series a year (Nghị định 30, Điều 15);
// legal and Party documents are numbered per type.
func series(n model.Number) string {
	if n.Year != 0 || n.Party {
		return n.Code
	}
	return ""
}

type numbered struct {
	doc  *model.Document
	year int
	seq  string
}

func checkDuplicates(docs []*model.Document, l *diag.List) {
	groups := map[string][]numbered{}
	var keys []string
	for _, doc := range docs {
		n := doc.Number
		if !n.Known() || n.Symbol == "" {
			continue
		}
		year := cmp.Or(doc.Date.Year, n.Year)
		if year == 0 {
			continue // numbers restart every year: without one nothing is comparable
		}
		seq := strings.TrimLeft(n.Seq, "0")
		key := fmt.Sprintf("%s|%s|%d|%s|%s", doc.Province, issuerBase(n), year, series(n), seq)
		if _, ok := groups[key]; !ok {
			keys = append(keys, key)
		}
		groups[key] = append(groups[key], numbered{doc, year, seq})
	}
	for _, k := range keys {
		g := groups[k]
		if len(g) < 2 {
			continue
		}
		slices.SortFunc(g, func(a, b numbered) int { return strings.Compare(a.doc.File, b.doc.File) })
		first := g[0]
		for _, o := range g[1:] {
			a, b := first.doc.Number, o.doc.Number
			if a.Key() == b.Key() {
				continue // the catalogue already reports the same number twice
			}
			pos := o.doc.PosOf("number")
			if a.Code == b.Code {
				l.Errorf(pos, "duplicate-number: %s uses number %s of %s in %d, already used by %s in %s", b.Text, o.seq, issuerBase(b), o.year, a.Text, first.doc.File)
			} else {
				l.Warnf(pos, "duplicate-number: %s uses number %s of %s in %d, already used by %s in %s; an issuer's documents share one series a year unless it keeps a register per type", b.Text, o.seq, issuerBase(b), o.year, a.Text, first.doc.File)
			}
		}
	}
}
