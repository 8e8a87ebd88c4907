// Package model defines the content model shared by every stage: a
// Directive is one official document (công văn, thông báo, chỉ thị, quyết
// định, kế hoạch, công điện, nghị quyết, kết luận…) with one or more
// editions, each read from a Markdown file with front matter.
//
// # Front matter
//
// YAML between "---" lines (TOML between "+++" and JSON between "{" "}" are
// accepted too). Keys, all optional except type and title:
//
//	id:            stable identifier for a directive whose number is unknown
//	number:        số ký hiệu, "4588/UBND-VX"; "/UBND-VX" when the number
//	               was left blank; omitted when unknown
//	type:          cong-van, thong-bao, chi-thi, quyet-dinh, ke-hoach,
//	               cong-dien, nghi-quyet, ket-luan, … (model.DocTypes)
//	title:         trích yếu (subject), "V/v …" for a công văn
//	issuer:        issuing body as printed, "Ủy ban nhân dân tỉnh Lai Châu"
//	issuer_parent: the body above it, "Bộ Tài chính" for "Cục Thuế"
//	province:      province slug from the registry, "trung-uong" for central
//	               bodies; omitted when the text never names it
//	date:          issue date, "2022-12-07"; "2022-09" when the day is
//	               blank; "2022" when only the year is known
//	place:         place of issue as printed ("Lai Châu")
//	published:     publication time on the portal; in the future = embargo
//	effective:     date it takes effect (default: the issue date)
//	expires:       date it stops having effect
//	signer:        {authority: "KT. CHỦ TỊCH", title: "PHÓ CHỦ TỊCH", name: "…"}
//	addressees:    Kính gửi list
//	distribution:  Nơi nhận list
//	source:        {url: …, file: seed or scan file name, kind: full-text |
//	               news-report | summary, note: …}
//	topics:        free topic names ("Phòng, chống dịch COVID-19")
//	basis, implements, amends, replaces, repeals, corrects, cites:
//	               relations, each a list of numbers ("364/TB-VPCP") or of
//	               {number, date, issuer, note}
//	edition:       {number: 2, date: 2023-01-05, note: "Đính chính ngày ban
//	               hành"} for one edition of a directive with several
//	draft:         true keeps the directive out of every output
//	notes:         editorial notes shown on the page (what is unknown and why)
//
// # Editions
//
// A directive with a single edition is one file. A directive with several is
// a folder whose files each carry an edition block; the highest edition
// number is the current one.
package model

import (
	"slices"
	"time"

	"vanban/generator/diag"
)

// Central is the jurisdiction slug of central bodies (Chính phủ, Thủ tướng,
// the ministries, Quốc hội, Ban Bí thư…), which belong to no province.
const Central = "trung-uong"

// Signer is a signature block: "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Tổng Thanh Hải".
type Signer struct {
	Authority string // the authority line with its prefix: "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN"
	Title     string // the signer's own title: "PHÓ CHỦ TỊCH"
	Name      string
	Pos       diag.Pos
}

// Prefix returns the authority prefix ("KT.") or "" when it has none.
func (s Signer) Prefix() string {
	for _, p := range authorityPrefixes {
		if len(s.Authority) >= len(p) && s.Authority[:len(p)] == p {
			return p
		}
	}
	return ""
}

// IsZero reports whether nothing of the signature is known.
func (s Signer) IsZero() bool { return s.Authority == "" && s.Title == "" && s.Name == "" }

// Source says where the text came from.
type Source struct {
	URL  string
	File string // seed, scan or import file name: the source reference
	Kind string // full-text (default), news-report, summary
	Note string
}

// Source kinds.
const (
	FullText   = "full-text"
	NewsReport = "news-report"
	Summary    = "summary"
)

// RelationKind is a declared relation between two documents (the vocabulary
// of vbpl.vn "lược đồ").
type RelationKind string

const (
	Basis      RelationKind = "basis"      // căn cứ
	Implements RelationKind = "implements" // thực hiện / hướng dẫn
	Amends     RelationKind = "amends"     // sửa đổi, bổ sung
	Replaces   RelationKind = "replaces"   // thay thế
	Repeals    RelationKind = "repeals"    // bãi bỏ
	Corrects   RelationKind = "corrects"   // đính chính
	Cites      RelationKind = "cites"      // dẫn chiếu
)

// RelationKinds lists the kinds in display order.
func RelationKinds() []RelationKind {
	return []RelationKind{Basis, Implements, Amends, Replaces, Repeals, Corrects, Cites}
}

// Ref names another document by its number, as a relation in front matter.
type Ref struct {
	Kind   RelationKind
	Number Number
	Date   Date   // the cited document's date when given
	Issuer string // issuer phrase when given
	Note   string // "Điều 3", "khoản 2 Điều 5"…
	Pos    diag.Pos
}

// EditionInfo describes one edition of a directive.
type EditionInfo struct {
	Number int    // 1 for the original
	Date   Date   // date of this edition
	Note   string // change note: "Đính chính ngày ban hành"
	Pos    diag.Pos
}

// Document is one edition of a directive as its file declares it.
type Document struct {
	File     string // path relative to the content root, slash-separated
	ID       string // explicit id from front matter, if any
	Number   Number // Text == "" when unknown
	Type     DocType
	Title    string
	Issuer   string
	Parent   string // issuer_parent
	Province string // registry slug; Central; "" unknown
	Date     Date
	Place    string
	// Published is when the portal published it; zero when unknown. A time
	// after the build clock embargoes the directive.
	Published    time.Time
	Effective    Date
	Expires      Date
	Signer       Signer
	Addressees   []string
	Distribution []string
	Source       Source
	Topics       []string
	Relations    []Ref
	Edition      EditionInfo
	Draft        bool
	Notes        string

	Body     string // Markdown after the front matter
	BodyLine int    // line of the file where Body starts (1-based)
	// BodyAt is the byte offset in the file where Body starts when Body is
	// the file's tail exactly as written (already NFC), so a later stage can
	// drop Body from memory and read it back; 0 when it is not.
	BodyAt int
	// Mentions are the citations of other documents in Body, in order,
	// without the document's own number. Load finds them, so a later stage
	// needs no body to link them, and a cached parse of an unchanged file
	// needs no read.
	Mentions []Mention

	// Keys are the front matter keys the file gives, nested ones as
	// "signer.authority", with their positions in File, for diagnostics of
	// later stages (PosOf). A slice, not a map: loading 10,000 documents
	// from the cache made a map each, a third of the load's allocations.
	Keys []KeyPos
}

// KeyPos is a front matter key and where it is in its document's file.
type KeyPos struct {
	Key       string
	Line, Col int32
}

// Mention is a citation of another document in a document's body
// ("Thông báo số 364/TB-VPCP ngày 29/11/2022 của Văn phòng Chính phủ"), with
// what the text says about the cited document. Its strings are copies: a
// mention never keeps its file's bytes alive.
type Mention struct {
	Number Number
	Date   Date   // the cited document's date when the text gives it
	Issuer string // issuer phrase after "của", when present
	Kind   string // type slug of the kind word before the number, "" when absent
	// Line and Col are where the citation starts in the file (Col in bytes,
	// 1-based).
	Line, Col int
	// Context is the sentence around the citation, without Markdown marks,
	// at most 320 runes (then "…").
	Context string
}

// Pos is the mention's position in file, the file of its document.
func (m *Mention) Pos(file string) diag.Pos {
	return diag.Pos{File: file, Line: m.Line, Col: m.Col}
}

// Name is how running text names the document: "Công văn số 4588/UBND-VX",
// or just "Công văn" when its number is unknown.
func (d *Document) Name() string {
	if d.Number.Known() {
		return d.Type.Name + " số " + d.Number.Text
	}
	return d.Type.Name
}

// PosOf returns the position of a front matter key, or the file itself.
func (d *Document) PosOf(key string) diag.Pos {
	if i := d.key(key); i >= 0 {
		return diag.Pos{File: d.File, Line: int(d.Keys[i].Line), Col: int(d.Keys[i].Col)}
	}
	return diag.Pos{File: d.File, Line: 1}
}

// Has reports whether the front matter gives key.
func (d *Document) Has(key string) bool { return d.key(key) >= 0 }

// key returns the index of key in d.Keys, or -1.
func (d *Document) key(key string) int {
	return slices.IndexFunc(d.Keys, func(k KeyPos) bool { return k.Key == key })
}

// Directive is one official document with all its editions, oldest first.
type Directive struct {
	Editions []*Document
}

// Current returns the newest edition, the one the permalink shows.
func (d *Directive) Current() *Document { return d.Editions[len(d.Editions)-1] }
