// Package importer turns the raw text of an official document, or of the
// portal page that carries it, into a directive record: issuer and parent,
// number and symbol, place and date (with precision), type and subject,
// addressees, body, signature block, distribution list, province and the
// documents it cites.
//
// The input may be plain text, Markdown or HTML as copied from a portal, a
// DOCX export or OCR output. Portal furniture (menus, counters, related news,
// ThuVienPhapLuat's metadata table and footer, rating widgets, comments) is
// stripped; the spans left out are listed in Record.Stripped so a reviewer
// can check that no word of the document went with them.
//
// The importer never guesses: a field it cannot read stays empty and a
// Problem says so, with the input line where it looked.
package importer

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"

	"vanban/generator/cite"
	"vanban/generator/model"
	"vanban/generator/province"
	"vanban/generator/vn"
)

// Problem is a field the importer could not read, or read with a caveat.
type Problem struct {
	Line    int    // 1-based line of the input; 0 when it concerns the whole input
	Field   string // "number", "date", "issuer", "signer", …
	Message string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%d: %s: %s", p.Line, p.Field, p.Message)
	}
	return p.Field + ": " + p.Message
}

// Record is a directive as read from raw text.
type Record struct {
	Name         string       // input name (file name)
	Kind         string       // model.FullText, or model.NewsReport for a page with no document header
	Number       model.Number // Text "" when not read; Seq "" when printed blank ("Số: /UBND-VX")
	Type         model.DocType
	Title        string // trích yếu: "V/v …" for a công văn, the subject under the type title otherwise
	Issuer       string // spelled out: "Ủy ban nhân dân tỉnh Lai Châu"
	IssuerParent string // "Bộ Tài chính" for "Cục Thuế"
	Province     string // registry slug; model.Central; "" unknown
	Date         model.Date
	Place        string
	Published    time.Time // the portal's publication stamp; zero when none
	Signer       model.Signer
	Addressees   []string
	Distribution []string
	Citations    []cite.Citation // other documents cited, first occurrence each, own number excluded
	CitationLine []int           // input line of each citation
	Body         string          // Markdown
	Notes        []string        // editorial notes for the page (what is unknown and why)
	Stripped     []Span          // input lines left out as portal furniture
	URL          string          // source URL when known (not read from the text)
	Topics       []string
}

// Import reads one document. name is used for messages and for the source
// reference; raw is the text. The record is never nil.
func Import(name string, raw []byte) (*Record, []Problem) {
	r := &Record{Name: name, Kind: model.FullText}
	var probs []Problem
	problem := func(line int, field, format string, args ...any) {
		probs = append(probs, Problem{Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
	}

	all := decode(raw)
	lines, spans, pub, start := strip(all)
	r.Stripped, r.Published = spans, pub
	if len(lines) == 0 {
		problem(0, "text", "no text left after removing portal furniture")
		return r, probs
	}

	if start < 0 {
		importNews(r, lines, problem)
		r.Citations, r.CitationLine = citations(lines, model.Number{})
		return r, probs
	}

	h := parseHeader(lines)

	// Number.
	switch {
	case h.number.Text != "":
		r.Number = h.number
		if !h.number.Known() {
			problem(h.numberLine, "number", "number left blank (symbol %s)", h.number.Symbol)
			r.Notes = append(r.Notes, fmt.Sprintf("Số văn bản để trống trong bản gốc (ký hiệu %s).", h.number.Symbol))
		}
	case h.hasNumber:
		problem(h.numberLine, "number", "\"Số:\" is followed by nothing readable")
	default:
		problem(lines[0].n, "number", "no \"Số:\" line in the header")
	}

	// Issuer.
	issuerText, issuerLine := h.issuerText, h.issuerLine
	units, ok := parseUnits(issuerText)
	if issuerText == "" || !ok {
		if h.authority != "" {
			if u, ok2 := parseUnits(h.authority); ok2 {
				if issuerText != "" {
					problem(issuerLine, "issuer", "header %q is not an organisation name; issuer read from the authority line %q", issuerText, h.authority)
				} else {
					problem(h.titleLine, "issuer", "no organisation in the header; issuer read from the authority line %q", h.authority)
				}
				units, ok, issuerText = u, true, h.authority
			}
		}
	}
	if ok {
		iss, parent, notes := issuerName(units, h.number)
		r.Issuer, r.IssuerParent = iss, parent
		for _, n := range notes {
			problem(issuerLine, "issuer", "%s", n)
		}
		r.Province = provinceOf(units, problem, issuerLine)
	} else if issuerText != "" {
		problem(issuerLine, "issuer", "cannot read the issuer %q", issuerText)
	} else {
		problem(lines[0].n, "issuer", "no issuer in the header")
	}

	// Place and date.
	r.Place = h.place
	switch {
	case h.dateFound:
		if err := h.date.Validate(); err != nil {
			problem(h.dateLine, "date", "impossible date: %v", err)
		} else {
			r.Date = h.date
			switch h.date.Precision() {
			case model.Month:
				problem(h.dateLine, "date", "day left blank: month precision (%s)", h.date)
				r.Notes = append(r.Notes, "Ngày ban hành để trống trong bản gốc ("+h.date.Vietnamese()+").")
			case model.Year:
				problem(h.dateLine, "date", "day and month left blank: year precision (%s)", h.date)
				r.Notes = append(r.Notes, "Ngày, tháng ban hành để trống trong bản gốc ("+h.date.Vietnamese()+").")
			}
		}
		if r.Place == "" {
			problem(h.dateLine, "place", "no place before \", ngày\"")
		}
	default:
		if d, ln, ok := adoptionDate(lines); ok {
			r.Date = d
			problem(ln, "date", "no place-and-date line; date read from the adoption sentence \"thông qua ngày …\"")
		} else {
			problem(lines[0].n, "date", "no place-and-date line (\"…, ngày … tháng … năm …\")")
		}
	}

	// Type and subject.
	r.Title = h.title
	switch {
	case h.typFound:
		r.Type = h.typ
		if t, ok := model.TypeByCode(h.number.Code); ok && t.Slug != h.typ.Slug && !h.vv {
			problem(h.typeLine, "type", "title says %s but the symbol's code %s says %s", h.typ.Name, h.number.Code, t.Name)
		}
	case h.vv:
		r.Type, _ = model.TypeBySlug("cong-van")
	default:
		if t, ok := model.TypeByCode(h.number.Code); ok {
			r.Type = t
			problem(h.numberLine, "type", "no type title; type read from the symbol's code %s", h.number.Code)
		} else {
			problem(lines[0].n, "type", "no type title, no \"V/v\" subject and no type code in the symbol")
		}
	}
	if r.Title == "" {
		problem(lines[min(h.endLine, len(lines)-1)].n, "title", "no subject (trích yếu)")
	}

	// Addressees, body, distribution, signature.
	rest := remainder(lines, h.endLine, h.endCol)
	i := skipBlank(rest, 0)
	if i < len(rest) {
		p := rest[i].plain
		var inline string
		found := false
		if m := reKinhGui.FindStringIndex(p); m != nil && m[0] <= 1 {
			inline, found = p[m[1]:], true
		} else if m := reDien.FindStringIndex(p); m != nil {
			inline, found = p[m[1]:], true
		}
		if found {
			var after *line
			if len(inline) > 150 { // addressee and body on one line
				if m := reBodyStart.FindStringIndex(inline); m != nil {
					after = &line{n: rest[i].n, raw: strings.TrimSpace(inline[m[0]:]), plain: strings.TrimSpace(inline[m[0]:])}
					inline = inline[:m[0]]
					problem(rest[i].n, "addressees", "addressee and body share one line; split before %q", firstWords(after.plain, 2))
				}
			}
			if after != nil {
				r.Addressees = append(r.Addressees, cleanPhrase(inline))
				rest = append([]line{*after}, rest[i+1:]...)
				i = 0
			} else {
				r.Addressees, i = list(rest, i+1, inline, false)
			}
		}
	}
	bodyFrom := i

	nn := -1
	for j := bodyFrom; j < len(rest); j++ {
		p := rest[j].plain
		if reNoiNhan.MatchString(p) || (p == "Nơi" && j+1 < len(rest) && strings.HasPrefix(rest[j+1].plain, "nhận")) {
			nn = j
		}
	}
	sigAt, sigEnd := -1, -1
	from := max(bodyFrom, len(rest)-60)
	if nn >= 0 {
		from = max(bodyFrom, nn-12)
	}
	for j := from; j < len(rest); j++ {
		if s, next, ok := signature(rest, j); ok && (s.Name != "" || nn >= 0 && j > nn) {
			r.Signer, sigAt, sigEnd = s, j, next
			break
		}
	}
	bodyEnd, tailFrom := len(rest), len(rest)
	if nn >= 0 {
		p := rest[nn].plain
		k := nn + 1
		inline := ""
		if m := reNoiNhan.FindStringSubmatch(p); m != nil {
			inline = m[1]
		} else {
			k++ // "Nơi" / "nhận:"
		}
		var next int
		r.Distribution, next = list(rest, k, inline, true)
		bodyEnd, tailFrom = nn, next
	}
	if sigAt >= 0 {
		bodyEnd = min(bodyEnd, sigAt)
		tailFrom = max(tailFrom, sigEnd)
		if nn >= 0 && sigAt < nn {
			tailFrom = max(tailFrom, sigEnd)
		}
	}
	if nn < 0 && sigAt >= 0 {
		tailFrom = sigEnd
	}
	switch {
	case r.Signer.IsZero():
		problem(lastLine(rest), "signer", "no signature block")
	case r.Signer.Name == "":
		problem(r.Signer.Pos.Line, "signer", "signature block has no name")
	}
	if nn < 0 {
		problem(lastLine(rest), "distribution", "no \"Nơi nhận:\" list")
	}

	body := reflow(rest[bodyFrom:bodyEnd])
	if tail := reflow(rest[min(tailFrom, len(rest)):]); tail != "" {
		body += "\n\n" + tail
	}
	r.Body = body
	r.Citations, r.CitationLine = citations(lines, r.Number)
	sort.SliceStable(probs, func(i, j int) bool { return probs[i].Line < probs[j].Line })
	return r, probs
}

// importNews reads a portal page that carries no document header: a news
// report about directives. Only its title, body and citations are read.
func importNews(r *Record, lines []line, problem func(int, string, string, ...any)) {
	r.Kind = model.NewsReport
	r.Type, _ = model.TypeBySlug("van-ban")
	i := skipBlank(lines, 0)
	if i < len(lines) {
		r.Title = cleanPhrase(lines[i].plain)
		i++
	}
	r.Body = reflow(lines[i:])
	problem(lines[0].n, "header", "no document header (national motto, \"Số:\", place and date): read as a news report; issuer, number, date and signer left empty")
	r.Notes = append(r.Notes, "Bài tin trên cổng thông tin, không phải toàn văn văn bản.")
}

// provinceOf finds the province of the issuer: a locality named in the
// header, or the central jurisdiction for central bodies.
func provinceOf(units []unit, problem func(int, string, string, ...any), line int) string {
	for k := len(units) - 1; k >= 0; k-- {
		u := units[k]
		if u.locName == "" {
			continue
		}
		if u.locKind != "tỉnh" && u.locKind != "thành phố" {
			problem(line, "province", "issuer is a %s-level body (%s): province not named", u.locKind, u.locName)
			return ""
		}
		if p, ok := province.Default().Lookup(u.locName); ok {
			return p.Slug
		}
		problem(line, "province", "%s %s is not in the province registry", u.locKind, u.locName)
		return ""
	}
	for _, u := range units {
		if u.central {
			return model.Central
		}
	}
	problem(line, "province", "the header names no province and no central body")
	return ""
}

// adoptionDate reads "… thông qua ngày 16 tháng 6 năm 2025" (the last one),
// the date a resolution of an elected body carries when its place-and-date
// line is missing.
func adoptionDate(lines []line) (model.Date, int, bool) {
	for i := len(lines) - 1; i >= 0; i-- {
		if m := reAdoptDate.FindStringSubmatch(lines[i].plain); m != nil {
			d := model.Date{Year: atoi(m[3]), Month: atoi(m[2]), Day: atoi(m[1])}
			if d.Validate() == nil {
				return d, lines[i].n, true
			}
		}
	}
	return model.Date{}, 0, false
}

// remainder returns lines from index li, the first cut at byte col of its
// plain text (the header ended mid-line, as in flattened crawls).
func remainder(lines []line, li, col int) []line {
	if li >= len(lines) {
		return nil
	}
	out := append([]line(nil), lines[li:]...)
	if col > 0 {
		p := strings.TrimSpace(lines[li].plain[min(col, len(lines[li].plain)):])
		out[0] = line{n: lines[li].n, raw: p, plain: p}
	}
	return out
}

func skipBlank(lines []line, i int) int {
	for i < len(lines) && lines[i].plain == "" {
		i++
	}
	return i
}

func lastLine(lines []line) int {
	if len(lines) == 0 {
		return 0
	}
	return lines[len(lines)-1].n
}

// citations finds the documents cited in the text, in order of first
// occurrence, leaving out the document's own number.
func citations(lines []line, own model.Number) ([]cite.Citation, []int) {
	var b strings.Builder
	starts := make([]int, len(lines))
	for i, l := range lines {
		starts[i] = b.Len()
		b.WriteString(l.raw)
		b.WriteByte('\n')
	}
	seen := map[string]bool{}
	ownKey := ""
	if own.Known() {
		ownKey = own.Key()
	}
	var out []cite.Citation
	var at []int
	for _, c := range cite.Find(b.String()) {
		k := c.Number.Key()
		if k == "" || seen[k] || k == ownKey {
			continue
		}
		seen[k] = true
		out = append(out, c)
		li := sort.Search(len(starts), func(i int) bool { return starts[i] > c.Start }) - 1
		at = append(at, lines[max(li, 0)].n)
	}
	return out, at
}

var (
	reNewPara = regexp.MustCompile(`^([-–+•]\s|\d+(\.\d+)*\\?[.)]\s|[a-zđ]\)\s|[IVXLC]+\.\s|Điều \d+|Chương [IVXLC\d]+|Mục \d+|Phụ lục|PHỤ LỤC|Căn cứ|Xét đề nghị|Theo đề nghị|Đồng kính gửi|<|!\[|#)`)
	reEndSent = regexp.MustCompile(`([.;:!?…]|\./\.|[.;:]["”])$`)
)

// reflow joins hard-wrapped lines into paragraphs (one Markdown paragraph
// per line of output, blank lines between) without dropping any word. A
// line opens a new paragraph when it starts a list item, a point, an
// article, or when the previous line ends a sentence.
func reflow(lines []line) string {
	var paras []string
	cur := ""
	broken := false
	flush := func() {
		if strings.TrimSpace(cur) != "" {
			paras = append(paras, strings.TrimSpace(cur))
		}
		cur = ""
	}
	for _, l := range lines {
		if l.plain == "" {
			broken = true
			continue
		}
		raw := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(l.raw), "\\"))
		endsSentence := reEndSent.MatchString(strings.TrimRight(plain(cur), " *_"))
		switch {
		case cur == "":
			cur = raw
		case broken && !endsSentence && !isUpperFirst(l.plain) && !reNewPara.MatchString(l.plain):
			cur += " " + raw // a page break inside a sentence
		case broken || endsSentence || reNewPara.MatchString(l.plain) || strings.HasPrefix(cur, "#") || isUpperLine(plain(cur)) && !isUpperLine(l.plain):
			flush()
			cur = raw
		default:
			cur += " " + raw
		}
		broken = false
	}
	flush()
	return strings.Join(paras, "\n\n")
}

// Path is where the record belongs under content/:
// {province slug or "khong-ro"}/{year or "khong-ro-nam"}/{type}-{number}.md,
// the number part being the number's slug, or the source file's stem when
// the number is blank or unknown.
func (r *Record) Path() string {
	prov := r.Province
	if prov == "" {
		prov = "khong-ro"
	}
	year := "khong-ro-nam"
	if r.Date.Year != 0 {
		year = fmt.Sprint(r.Date.Year)
	}
	typ := r.Type.Slug
	if typ == "" {
		typ = "van-ban"
	}
	return path.Join(prov, year, typ+"-"+r.slugPart()+".md")
}

func (r *Record) slugPart() string {
	if r.Number.Known() {
		return r.Number.Slug()
	}
	return r.stemSlug()
}

func (r *Record) stemSlug() string {
	stem := path.Base(strings.ReplaceAll(r.Name, "\\", "/"))
	stem = strings.TrimSuffix(stem, path.Ext(stem))
	if s := vn.Slug(stem); s != "" {
		return s
	}
	return "khong-ten"
}
