// Package cite finds citations of official documents in Vietnamese text
// ("Thông báo số 364/TB-VPCP ngày 29/11/2022 của Văn phòng Chính phủ"). It is
// a pure function of its input: no I/O, no state.
//
// # What counts as a citation
//
// Find scans for a number followed by a symbol (số ký hiệu) and classifies
// the shape:
//
//   - strong shapes are citations on their own: a legal number with a year
//     ("30/2020/NĐ-CP", "80/2023/QH15"), a slash number whose symbol has at
//     least two parts ("364/TB-VPCP", "1557/KH-BYT-BGDĐT", "11554/VPCP-V.I")
//     and the Party form ("25-CT/TW", "9151- CV/BTCTW");
//   - weak shapes need a kind word before them ("Chỉ thị số 299/TTg",
//     "Quyết định 169-CP"), or must continue a list started by one
//     ("Quyết định số 169-CP và 201-CP").
//
// Look-alikes are rejected by shape: a symbol part must start with a letter
// and carry at least two capitals (TTg, QĐi, SoNNMT, V.I), so dates
// (07/12/2022), ratios (10/10 huyện, 24/24h), ranges (5-11 tuổi, 2026 - 2031),
// Covid-19, SARS-CoV-2, phone numbers and counts never match. Form codes
// ("mẫu số 03/TNDN", "Mẫu số 05-PA") are rejected by the word before them.
//
// White space (also one line break) and Markdown emphasis are tolerated
// around the separators ("86 /NQ-CP", "164/BC- BKTNS", "416/QĐ-\nTTg",
// "203**/2025/QH15**"), and "số357/TTr-CP" is read as "số 357/TTr-CP".
//
// Find does not know which document it reads: the document's own number is
// returned like any other; drop it with Exclude. Portal boilerplate (site
// footers) is the importer's concern: Find reads whatever text it is given.
package cite

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"vanban/generator/model"
)

// Citation is one document reference found in a text.
type Citation struct {
	Start, End int          // byte offsets of the whole match in the input
	NumStart   int          // byte offset where the number itself starts
	NumEnd     int          // byte offset where the number and symbol end
	Kind       string       // kind word as a type slug ("thong-bao"), "" when absent
	KindText   string       // kind word as written ("Thông báo")
	Number     model.Number // parsed, canonical number and symbol
	Raw        string       // the number as written in the text
	Date       model.Date   // "ngày 29/11/2022" after the number, when present
	Issuer     string       // issuer phrase ("Văn phòng Chính phủ") after "của", when present
}

// Ref returns the number as written with white space and Markdown emphasis
// removed and nothing else changed ("86 /NQ-CP" → "86/NQ-CP", "131/CD-TTg"
// stays "131/CD-TTg"). Use Number.Text for the canonical form ("131/CĐ-TTg")
// and Number.Key() to compare numbers.
func (c Citation) Ref() string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '\u00a0', '*', '_':
			return -1
		}
		return r
	}, c.Raw)
}

// Type returns the citation's type slug: the kind word's when there is one,
// else the one the symbol's type code implies ("TB" → "thong-bao"), else "".
func (c Citation) Type() string {
	if c.Kind != "" {
		return c.Kind
	}
	if t, ok := model.TypeByCode(c.Number.Code); ok {
		return t.Slug
	}
	return ""
}

// Exclude returns the citations whose number is not own (compared by
// Number.Key, so "010/CT-UBND" and "10/CT-UBND" are the same). A document
// cites its own number in its header and appendices; callers drop it here.
// An unknown own number ("/QĐ-UBND", left blank) excludes nothing. cs is not
// modified.
func Exclude(cs []Citation, own model.Number) []Citation {
	if !own.Known() {
		return cs
	}
	key := own.Key()
	out := make([]Citation, 0, len(cs))
	for _, c := range cs {
		if c.Number.Key() != key {
			out = append(out, c)
		}
	}
	return out
}

// Unique keeps the first citation of each number (by Number.Key), in order.
func Unique(cs []Citation) []Citation {
	seen := make(map[string]bool, len(cs))
	out := make([]Citation, 0, len(cs))
	for _, c := range cs {
		k := c.Number.Key()
		if !seen[k] {
			seen[k] = true
			out = append(out, c)
		}
	}
	return out
}

// Find returns every citation in text, in order of appearance. Citations do
// not overlap: Start values increase and each End is at most the next Start.
func Find(text string) []Citation {
	var out []Citation
	for i := 0; i < len(text); {
		if i = nextDigit(text, i); i == len(text) {
			break
		}
		j := i
		for j < len(text) && isDigit(text[j]) {
			j++
		}
		if !canStart(text, i) {
			i = j
			continue
		}
		c, ok := citationAt(text, i, j, out)
		if !ok {
			i = j
			continue
		}
		if k := len(out) - 1; k >= 0 && out[k].End > c.Start {
			trimEnd(text, &out[k], c.Start)
			if out[k].End > c.Start { // keep the spans apart, whatever the text
				c.Start, c.Kind, c.KindText = c.NumStart, "", ""
			}
		}
		out = append(out, c)
		i = c.End
	}
	return out
}

// citationAt reads a citation whose number's digits are text[i:j]; prev are
// the citations before it (a weak number may continue their list).
func citationAt(text string, i, j int, prev []Citation) (Citation, bool) {
	m, ok := matchNumber(text, i, j)
	if !ok {
		return Citation{}, false
	}
	c := Citation{Start: i, NumStart: i, NumEnd: m.end, Raw: text[i:m.end]}
	ks, kind, written, found, form := kindBefore(text, i)
	switch {
	case form:
		return Citation{}, false
	case found:
		c.Start, c.Kind, c.KindText = ks, kind, written
	case m.weak:
		// "Quyết định số 169-CP và 201-CP": a list started by a kind word.
		k := len(prev) - 1
		if k < 0 || prev[k].Kind == "" && prev[k].KindText == "" || !listGap(text[prev[k].End:i]) {
			return Citation{}, false
		}
		c.Kind = prev[k].Kind
	}
	n, ok := model.ParseNumber(c.Raw)
	if !ok {
		return Citation{}, false
	}
	c.Number = n
	c.End = m.end
	if d, e, ok := dateAfter(text, c.End); ok {
		c.Date, c.End = d, e
	}
	if iss, e, ok := issuerAfter(text, c.End); ok {
		c.Issuer, c.End = iss, e
	}
	return c, true
}

// trimEnd cuts c so it ends at or before limit (an issuer phrase that ran
// into the next citation's kind word).
func trimEnd(text string, c *Citation, limit int) {
	if c.NumEnd > limit { // cannot happen: the next match starts after NumEnd
		return
	}
	end := limit
	for end > c.NumEnd {
		r, size := utf8.DecodeLastRuneInString(text[:end])
		if !isSpace(r) && r != '*' && r != '_' && r != ',' {
			break
		}
		end -= size
	}
	c.End = end
	if c.Issuer == "" {
		return
	}
	// Re-read the issuer up to the new end.
	if k := strings.LastIndex(text[c.NumEnd:end], "của"); k < 0 {
		c.Issuer = ""
	} else if iss, _, ok := issuerAfter(text[:end], c.NumEnd+k); ok {
		c.Issuer = iss
	} else {
		c.Issuer = ""
	}
}

// listGap reports whether s joins two numbers of one list: ", ", " và ",
// "; ", with optional white space and emphasis.
func listGap(s string) bool {
	s = strings.Trim(s, " \t\n\r*_,;")
	return s == "" || s == "và" || s == "hoặc"
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// nextDigit returns the offset of the first ASCII digit at or after i, or
// len(text). Digits are rare in prose, so it tests eight bytes at a time.
func nextDigit(text string, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(text); i += 8 {
		x := uint64(text[i]) | uint64(text[i+1])<<8 | uint64(text[i+2])<<16 | uint64(text[i+3])<<24 |
			uint64(text[i+4])<<32 | uint64(text[i+5])<<40 | uint64(text[i+6])<<48 | uint64(text[i+7])<<56
		x ^= '0' * ones // digits become the bytes below 10
		if (x-10*ones)&^x&highs != 0 {
			break // some byte is below 10
		}
	}
	for ; i < len(text); i++ {
		if isDigit(text[i]) {
			return i
		}
	}
	return len(text)
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0'
}

func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)
}

// canStart reports whether a digit run at i may start a number: not inside a
// word ("QH15"), a larger number ("1.453.359") or a date or range ("16-20/11").
// "số357" (no space after "số") is allowed.
func canStart(text string, i int) bool {
	if i == 0 {
		return true
	}
	r, size := utf8.DecodeLastRuneInString(text[:i])
	switch {
	case isLetter(r):
		p := i - size
		for _, w := range [...]string{"số", "Số", "SỐ"} {
			if strings.HasSuffix(text[:i], w) {
				p = i - len(w)
				if p == 0 {
					return true
				}
				q, _ := utf8.DecodeLastRuneInString(text[:p])
				return !isLetter(q)
			}
		}
		return false
	case r == '/':
		return false
	case r == '.' || r == ',' || r == '-' || r == '–' || r == ':':
		q, _ := utf8.DecodeLastRuneInString(text[:i-size])
		return !(q < utf8.RuneSelf && isDigit(byte(q))) && !(r == '-' && isLetter(q))
	}
	return true
}

// dashAt returns the size of a hyphen or dash at text[p:] (-, ‐, ‑, –, —),
// or 0.
func dashAt(text string, p int) int {
	if p >= len(text) {
		return 0
	}
	if text[p] == '-' {
		return 1
	}
	if text[p] == 0xE2 && p+2 < len(text) && text[p+1] == 0x80 {
		switch text[p+2] {
		case 0x90, 0x91, 0x93, 0x94: // ‐ ‑ – —
			return 3
		}
	}
	return 0
}

// skipGap skips spaces, tabs, no-break spaces and Markdown emphasis, and at
// most newlines line breaks. It returns the new position and whether any
// white space was skipped.
func skipGap(text string, p, newlines int) (int, bool) {
	spaced := false
	for p < len(text) {
		switch c := text[p]; c {
		case ' ', '\t', '\r':
			p, spaced = p+1, true
		case '*', '_':
			p++
		case '\n':
			if newlines == 0 {
				return p, spaced
			}
			newlines--
			p, spaced = p+1, true
		case 0xC2:
			if p+1 < len(text) && text[p+1] == 0xA0 {
				p, spaced = p+2, true
				continue
			}
			return p, spaced
		default:
			return p, spaced
		}
	}
	return p, spaced
}

type numMatch struct {
	start, end int  // the number as written
	weak       bool // shape needs a kind word
}

// matchNumber reads a number and symbol whose digits are text[i:j].
func matchNumber(text string, i, j int) (m numMatch, ok bool) {
	if j-i > 6 {
		return m, false
	}
	m.start = i
	p, spaced := skipGap(text, j, 0)
	var dash bool
	switch {
	case p < len(text) && text[p] == '/':
		p++
	case dashAt(text, p) > 0:
		p += dashAt(text, p)
		dash = true
	default:
		return m, false
	}
	q, sp := skipGap(text, p, 1)
	spaced = spaced || sp
	p = q
	year := false
	if !dash && p+4 <= len(text) && isYear(text[p:p+4]) && (p+4 == len(text) || !isDigit(text[p+4])) {
		q, _ := skipGap(text, p+4, 0)
		if q < len(text) && text[q] == '/' {
			q, _ = skipGap(text, q+1, 1)
			p, year = q, true
		}
	}
	end, parts, slash, ok := matchSymbol(text, p)
	if !ok {
		return m, false
	}
	m.end = end
	switch {
	case year:
	case dash && slash: // Party "25-CT/TW"
	case dash: // old "169-CP": written tight only
		if spaced {
			return m, false
		}
		m.weak = true
	case parts >= 2:
	default: // "299/TTg", "03/TNDN"
		m.weak = true
	}
	return m, true
}

func isYear(s string) bool {
	for k := 0; k < 4; k++ {
		if !isDigit(s[k]) {
			return false
		}
	}
	return s[0] == '1' && s[1] == '9' || s[0] == '2' && s[1] <= '1'
}

// matchSymbol reads a symbol at p: parts joined by "-" or "/", white space
// allowed only after a separator ("BC- BKTNS"). It returns the end of the
// last part, the number of parts and whether a "/" joins two of them.
func matchSymbol(text string, p int) (end, parts int, slash, ok bool) {
	e, ok := matchPart(text, p, true)
	if !ok {
		return 0, 0, false, false
	}
	end, parts = e, 1
	for {
		q := end
		for q < len(text) && (text[q] == '*' || text[q] == '_') {
			q++
		}
		isSlash := false
		switch {
		case q < len(text) && text[q] == '/':
			q++
			isSlash = true
		case dashAt(text, q) > 0:
			q += dashAt(text, q)
		default:
			return end, parts, slash, true
		}
		q, _ = skipGap(text, q, 1)
		e, ok := matchPart(text, q, false)
		if !ok {
			return end, parts, slash, true
		}
		end, parts = e, parts+1
		slash = slash || isSlash
	}
}

// matchPart reads one symbol part at p: letters, digits and inner dots,
// starting with a letter, with at least two capitals and no more small
// letters than capitals ("TB", "TTg", "QĐi", "SoNNMT", "V.I", "QH15",
// "CCTKV02"). A later part may also be a single capital ("VPCP-V").
func matchPart(text string, p int, first bool) (int, bool) {
	upper, lower, n := 0, 0, 0
	q := p
	for q < len(text) {
		r, size := utf8.DecodeRuneInString(text[q:])
		switch {
		case r < utf8.RuneSelf && isDigit(byte(r)):
			if n == 0 {
				return 0, false
			}
		case r == '.':
			// inner dot only: "V.I"
			r2, _ := utf8.DecodeRuneInString(text[q+1:])
			if n == 0 || !isLetter(r2) && !(r2 < utf8.RuneSelf && isDigit(byte(r2))) {
				goto done
			}
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			lower++
		case unicode.Is(unicode.Mn, r): // combining mark (NFD text)
		default:
			goto done
		}
		n++
		q += size
	}
done:
	if n == 0 || lower > upper {
		return 0, false
	}
	if upper < 2 && (first || upper != 1 || n != 1) {
		return 0, false
	}
	return q, true
}

// kindWords maps kind words (lower case) to type slugs; longer phrases come
// before their tails ("thông tư liên tịch" before "thông tư").
var kindWords = [...]struct{ word, slug string }{
	{"thông tư liên tịch", "thong-tu-lien-tich"},
	{"nghị quyết liên tịch", "nghi-quyet"},
	{"thông báo kết luận", "thong-bao"},
	{"công văn", "cong-van"},
	{"thông báo", "thong-bao"},
	{"quyết định", "quyet-dinh"},
	{"nghị quyết", "nghi-quyet"},
	{"chỉ thị", "chi-thi"},
	{"kế hoạch", "ke-hoach"},
	{"công điện", "cong-dien"},
	{"kết luận", "ket-luan"},
	{"tờ trình", "to-trinh"},
	{"báo cáo", "bao-cao"},
	{"đề án", "de-an"},
	{"dự án", "du-an"},
	{"nghị định", "nghi-dinh"},
	{"thông tư", "thong-tu"},
	{"bộ luật", "luat"},
	{"luật", "luat"},
	{"pháp lệnh", ""},
	{"hiến pháp", ""},
	{"quy định", "quy-dinh"},
	{"quy chế", "quy-che"},
	{"hướng dẫn", "huong-dan"},
	{"chương trình", "chuong-trinh"},
	{"phương án", "phuong-an"},
	{"biên bản", "bien-ban"},
	{"hợp đồng", "hop-dong"},
	{"giấy mời", "giay-moi"},
	{"thông cáo", "thong-cao"},
	{"văn bản", "van-ban"},
}

// kindLast holds the last letter of each kind word, to skip most of them.
var kindLast = func() (out [len(kindWords)]rune) {
	for k, kw := range kindWords {
		out[k], _ = utf8.DecodeLastRuneInString(kw.word)
	}
	return out
}()

// formWords are words before "số" that make the number a form code.
var formWords = [...]string{"mẫu", "biểu", "mẫu biểu", "biểu mẫu", "phụ lục"}

// kindBefore looks for a kind word before the number at i, skipping "số",
// colons, white space and emphasis ("Công văn số 4588", "Nghị quyết 86",
// "**Quyết định** số"). form reports a form code ("mẫu số 03/TNDN").
func kindBefore(text string, i int) (start int, slug, written string, found, form bool) {
	p := skipBack(text, i)
	so := false
	if q, ok := suffixFold(text[:p], "số"); ok {
		p, so = skipBack(text, q), true
		for _, w := range formWords {
			if _, ok := suffixFold(text[:p], w); ok {
				return 0, "", "", false, true
			}
		}
	}
	last, _ := utf8.DecodeLastRuneInString(text[:p])
	last = foldRune(last)
	for k, kw := range kindWords {
		if kindLast[k] != last {
			continue
		}
		if q, ok := suffixFold(text[:p], kw.word); ok {
			return q, kw.slug, text[q:p], true, false
		}
	}
	if so {
		if q, e, ok := lawBefore(text, p); ok {
			return q, "luat", text[q:e], true, false
		}
	}
	return 0, "", "", false, false
}

const maxLawNameWords = 16

// lawBefore finds a law cited by name and number, "Luật Tổ chức chính quyền
// địa phương số 72/2025/QH15": p is where "số" was. It returns where "Luật"
// (or "Bộ luật") starts and ends.
func lawBefore(text string, p int) (start, end int, ok bool) {
	for n := 0; n < maxLawNameWords && p > 0; n++ {
		// the word ending at p
		s := p
		for s > 0 {
			r, size := utf8.DecodeLastRuneInString(text[:s])
			if !isLetter(r) {
				break
			}
			s -= size
		}
		if s == p {
			return 0, 0, false
		}
		if w := text[s:p]; w == "Luật" || w == "LUẬT" {
			if q, ok := suffixFold(skipSpaceBack(text, s), "bộ"); ok && q >= 0 {
				return q, p, true
			}
			return s, p, true
		}
		// white space, emphasis and commas ("Luật Phòng, chống …") before it
		q := s
		for q > 0 {
			r, size := utf8.DecodeLastRuneInString(text[:q])
			if !isSpace(r) && r != '*' && r != '_' && r != ',' {
				break
			}
			q -= size
		}
		if q == s {
			return 0, 0, false
		}
		p = q
	}
	return 0, 0, false
}

// skipSpaceBack returns text[:p] without trailing white space.
func skipSpaceBack(text string, p int) string {
	for p > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:p])
		if !isSpace(r) {
			break
		}
		p -= size
	}
	return text[:p]
}

// skipBack skips white space, emphasis and colons backwards from p.
func skipBack(text string, p int) int {
	for p > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:p])
		if !isSpace(r) && r != '*' && r != '_' && r != ':' {
			break
		}
		p -= size
	}
	return p
}

// suffixFold reports whether s ends with the lower-case word w as a whole
// word, ignoring case, reading Ð as Đ and any run of white space (or a line
// break) as a space. It returns where the match starts.
func suffixFold(s, w string) (int, bool) {
	p := len(s)
	for len(w) > 0 {
		wr, wsize := utf8.DecodeLastRuneInString(w)
		w = w[:len(w)-wsize]
		if p == 0 {
			return 0, false
		}
		r, size := utf8.DecodeLastRuneInString(s[:p])
		if wr == ' ' {
			if !isSpace(r) {
				return 0, false
			}
			for p > 0 {
				r, size := utf8.DecodeLastRuneInString(s[:p])
				if !isSpace(r) {
					break
				}
				p -= size
			}
			continue
		}
		if foldRune(r) != wr {
			return 0, false
		}
		p -= size
	}
	if p > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:p])
		if isLetter(r) || r < utf8.RuneSelf && isDigit(byte(r)) {
			return 0, false
		}
	}
	return p, true
}

func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	switch r {
	case 'Ð', 'ð', 'Đ':
		return 'đ'
	}
	return unicode.ToLower(r)
}

// hasPrefixFold reports whether text[p:] starts with the lower-case word w
// (ASCII case and Vietnamese capitals folded), followed by a non-letter.
func hasPrefixFold(text string, p int, w string) (int, bool) {
	for len(w) > 0 {
		wr, wsize := utf8.DecodeRuneInString(w)
		w = w[wsize:]
		if p >= len(text) {
			return 0, false
		}
		r, size := utf8.DecodeRuneInString(text[p:])
		if foldRune(r) != wr {
			return 0, false
		}
		p += size
	}
	if p < len(text) {
		r, _ := utf8.DecodeRuneInString(text[p:])
		if isLetter(r) {
			return 0, false
		}
	}
	return p, true
}

// readInt reads 1 to max digits at p.
func readInt(text string, p, maxDigits int) (v, end int, ok bool) {
	end = p
	for end < len(text) && end-p < maxDigits && isDigit(text[end]) {
		v = v*10 + int(text[end]-'0')
		end++
	}
	if end == p || end < len(text) && isDigit(text[end]) {
		return 0, p, false
	}
	return v, end, true
}

// dateAfter reads "ngày 29/11/2022", "ngày 07 tháng 12 năm 2022" (also with
// blank day or month) or "năm 2025" after a number.
func dateAfter(text string, p int) (model.Date, int, bool) {
	q, _ := skipGap(text, p, 1)
	if q < len(text) && text[q] == ',' {
		q, _ = skipGap(text, q+1, 1)
	}
	if e, ok := hasPrefixFold(text, q, "năm"); ok {
		e, _ = skipGap(text, e, 0)
		if y, e, ok := readInt(text, e, 4); ok && y >= 1900 {
			d := model.Date{Year: y}
			if d.Validate() == nil {
				return d, e, true
			}
		}
		return model.Date{}, 0, false
	}
	e, ok := hasPrefixFold(text, q, "ngày")
	if !ok {
		return model.Date{}, 0, false
	}
	e, _ = skipGap(text, e, 1)
	// dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy
	if day, e1, ok := readInt(text, e, 2); ok && e1 < len(text) && strings.IndexByte("/-.", text[e1]) >= 0 {
		sep := text[e1]
		if mon, e2, ok := readInt(text, e1+1, 2); ok && e2 < len(text) && text[e2] == sep {
			if y, e3, ok := readInt(text, e2+1, 4); ok && e3-e2 == 5 {
				d := model.Date{Year: y, Month: mon, Day: day}
				if d.Validate() == nil {
					return d, e3, true
				}
			}
		}
		return model.Date{}, 0, false
	}
	// [dd] tháng [mm] năm yyyy
	day, e1, hasDay := readInt(text, e, 2)
	if hasDay {
		e1, _ = skipGap(text, e1, 1)
	} else {
		e1 = e
	}
	e2, ok := hasPrefixFold(text, e1, "tháng")
	if !ok {
		return model.Date{}, 0, false
	}
	e2, _ = skipGap(text, e2, 1)
	mon, e3, hasMon := readInt(text, e2, 2)
	if hasMon {
		e3, _ = skipGap(text, e3, 1)
	} else {
		e3 = e2
	}
	e4, ok := hasPrefixFold(text, e3, "năm")
	if !ok {
		return model.Date{}, 0, false
	}
	e4, _ = skipGap(text, e4, 1)
	y, e5, ok := readInt(text, e4, 4)
	if !ok || e5-e4 != 4 {
		return model.Date{}, 0, false
	}
	d := model.Date{Year: y}
	if hasMon {
		d.Month = mon
		if hasDay {
			d.Day = day
		}
	}
	if d.Validate() != nil {
		return model.Date{}, 0, false
	}
	return d, e5, true
}

// issuerStops are words (and two-word phrases) that end an issuer phrase:
// "của Văn phòng Chính phủ về việc …", "của Chính phủ quy định chi tiết …".
var issuerStops = [...]string{
	"về", "v/v", "ngày", "tại", "theo", "đã", "năm", "đến", "gửi", "trong",
	"thì", "nay", "để", "do", "với", "tới", "đối", "chịu", "giao", "là",
	"được", "có", "cho", "khi", "nhằm", "đang", "sẽ", "như", "số", "tháng",
	"quy định", "sửa đổi", "ban hành", "hướng dẫn", "phê duyệt", "đề nghị",
	"thực hiện", "yêu cầu", "triển khai", "chỉ đạo", "báo cáo", "thông báo",
	"kết luận", "quyết định", "kiểm tra", "cùng", "kèm",
}

const maxIssuerWords = 14

// issuerAfter reads "của <issuer>" after p: words up to punctuation, a digit,
// a blank line or a stop word, white space collapsed. "và" and a dash join
// two names only before a capitalised word ("Bộ Nông nghiệp và Môi trường",
// "Bộ Y tế - Bộ Giáo dục và Đào tạo").
func issuerAfter(text string, p int) (string, int, bool) {
	q, _ := skipGap(text, p, 1)
	e, ok := hasPrefixFold(text, q, "của")
	if !ok {
		return "", 0, false
	}
	var words [maxIssuerWords + 1][2]int
	n := 0
	pos := e
	for n < len(words) {
		s, _ := skipGap(text, pos, 1)
		if s == pos && n > 0 || s >= len(text) {
			break
		}
		if k := dashAt(text, s); k > 0 && n > 0 { // " - " between two names
			s2, sp := skipGap(text, s+k, 0)
			if !sp || s2 >= len(text) {
				break
			}
			words[n] = [2]int{s, s + k}
			n++
			pos = s + k
			continue
		}
		w := wordEnd(text, s)
		if w == s || isStop(text, s, w) {
			break
		}
		words[n] = [2]int{s, w}
		n++
		pos = w
		// "TP. Hồ Chí Minh": keep a short capitalised abbreviation's dot.
		if w < len(text) && text[w] == '.' && w-s <= 3 && strings.ToUpper(text[s:w]) == text[s:w] {
			pos = w + 1
		}
	}
	// Cut at a joiner not followed by a capital, and at the word limit.
	cut := min(n, maxIssuerWords)
	for k := 0; k < cut; k++ {
		if word := text[words[k][0]:words[k][1]]; word == "và" || dashAt(word, 0) == len(word) {
			if k+1 >= n || !startsUpper(text[words[k+1][0]:]) {
				cut = k
				break
			}
		}
	}
	for cut > 0 { // never end on a joiner
		word := text[words[cut-1][0]:words[cut-1][1]]
		if word != "và" && dashAt(word, 0) != len(word) {
			break
		}
		cut--
	}
	if cut == 0 {
		return "", 0, false
	}
	first, last := words[0][0], words[cut-1][1]
	if isPlain(text[first:last]) {
		return text[first:last], last, true
	}
	var b strings.Builder
	b.Grow(last - first)
	for k := 0; k < cut; k++ {
		if k > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(text[words[k][0]:words[k][1]])
		if w := words[k][1]; w < len(text) && text[w] == '.' && k+1 < cut && words[k+1][0] > w {
			b.WriteByte('.')
		}
	}
	return b.String(), last, true
}

// wordEnd returns the end of the word at s: letters, with inner dots
// ("TP.HCM"), hyphens and slashes ("V/v") between letters.
func wordEnd(text string, s int) int {
	w := s
	for w < len(text) {
		r, size := utf8.DecodeRuneInString(text[w:])
		if isLetter(r) {
			w += size
			continue
		}
		if (r == '.' || r == '-' || r == '/') && w > s {
			r2, _ := utf8.DecodeRuneInString(text[w+1:])
			if isLetter(r2) {
				w += size
				continue
			}
		}
		break
	}
	return w
}

type stopPhrase struct{ first, second string }

var issuerStopPhrases = func() []stopPhrase {
	out := make([]stopPhrase, len(issuerStops))
	for k, s := range issuerStops {
		out[k].first, out[k].second, _ = strings.Cut(s, " ")
	}
	return out
}()

// isStop reports whether the word text[s:w] starts an issuerStops entry.
func isStop(text string, s, w int) bool {
	word := text[s:w]
	for _, st := range issuerStopPhrases {
		// Vietnamese capitals and small letters have the same UTF-8 length.
		if len(word) != len(st.first) || word[0] < utf8.RuneSelf && word[0]|0x20 != st.first[0] || !wordIs(word, st.first) {
			continue
		}
		if st.second == "" {
			return true
		}
		s2, _ := skipGap(text, w, 1)
		if w2 := wordEnd(text, s2); wordIs(text[s2:w2], st.second) {
			return true
		}
	}
	return false
}

// wordIs compares a word with a lower-case word, ignoring case.
func wordIs(word, lower string) bool {
	e, ok := hasPrefixFold(word, 0, lower)
	return ok && e == len(word)
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// isPlain reports whether s separates its words by single spaces only.
func isPlain(s string) bool {
	prevSpace := false
	for k := 0; k < len(s); k++ {
		switch s[k] {
		case ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
			continue
		case '\t', '\n', '\r', '*', '_', 0xC2:
			return false
		}
		prevSpace = false
	}
	return true
}
