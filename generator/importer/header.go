package importer

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"vanban/generator/model"
)

var (
	reSo        = regexp.MustCompile(`(?:^|\s)Số\s*:`)
	reSoNum     = regexp.MustCompile(`Số\s*:\s*([0-9]*(?:\s*[/-]\s*[\p{L}\p{N}.]+)+)`)
	rePlaceDate = regexp.MustCompile(`(?i),\s*ngày[\s.…_]*(\d{1,2})?[\s.…_]*tháng[\s.…_]*(\d{1,2})?[\s.…_]*năm[\s.…_]*(\d{4})`)
	reAdoptDate = regexp.MustCompile(`(?i)thông qua ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})`)
	reMotto     = regexp.MustCompile(`(?i)C[ỘO]NG H[ÒO][AÀ]\s*X[ÃA] H[ỘO]I(\s*CH[ỦU] NGH[ĨI]A\s*VI[ỆE]T NAM)?`)
	reTieuNgu   = regexp.MustCompile(`^[\s¶|]*Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc`)
	reVv        = regexp.MustCompile(`(?:^|\s)(V/[vV]\b\.?|Về việc\b)`)
	reKinhGui   = regexp.MustCompile(`(?i)(?:^|\s)Kính gửi\s*:?`)
	reDien      = regexp.MustCompile(`^(\p{Lu}[\p{Lu}\s,.-]*) điện\s*:\s*`)
	reAuthority = regexp.MustCompile(`(?:^|\s)(CHỦ TỊCH (?:ỦY|UỶ) BAN NHÂN DÂN|CHỦ TỊCH UBND|(?:ỦY|UỶ) BAN THƯỜNG VỤ QUỐC HỘI|HỘI ĐỒNG NHÂN DÂN|BỘ TRƯỞNG BỘ|THỦ TƯỚNG CHÍNH PHỦ)`)
	reBodyStart = regexp.MustCompile(`\s((?:Phúc đáp|Thực hiện|Căn cứ|Trả lời|Theo đề nghị|Triển khai|Sau khi|Nhằm|Hiện nay|Vừa qua|Tiếp theo|Để)\s)`)
)

// typeTitles are the type names as a title line prints them, longest first.
var typeTitles = func() []model.DocType {
	var ts []model.DocType
	for _, t := range model.DocTypes() {
		if t.Slug != "van-ban" {
			ts = append(ts, t)
		}
	}
	sort.SliceStable(ts, func(i, j int) bool { return len(ts[i].Name) > len(ts[j].Name) })
	return ts
}()

// header is what the top of a document says.
type header struct {
	issuerText string // the issuer block as printed
	units      []unit
	unitsOK    bool
	issuerLine int

	number     model.Number
	hasNumber  bool // a "Số:" was found (the number itself may be blank)
	numberLine int

	place     string
	date      model.Date
	dateLine  int
	dateFound bool

	typ       model.DocType
	typFound  bool
	typeLine  int
	title     string
	titleLine int
	vv        bool // the subject is a "V/v" line (công văn)

	authority string // the authority line under the title ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH…")

	// where the header ends: line index and offset in that line's plain text
	endLine, endCol int
}

// parseHeader reads the header of a document starting at lines[0].
func parseHeader(lines []line) header {
	var h header
	n := min(len(lines), 60)
	f := newFlat(lines, 0, n)
	s := f.s
	end := 0
	mark := func(e int) {
		if e > end {
			end = e
		}
	}
	lineOf := func(off int) int {
		li, _ := f.at(off)
		if li < 0 {
			return 0
		}
		return lines[li].n
	}

	// Motto and number.
	qStart, qEnd := -1, -1
	if k := strings.Index(key(s), "cong hoa xa hoi"); k >= 0 {
		// key() folds, which keeps byte offsets only for ASCII; find the
		// motto in the original by words instead.
		qStart, qEnd = findMotto(s)
	}
	soStart := -1
	if m := reSoNum.FindStringSubmatchIndex(s); m != nil && m[0] < 1200 {
		soStart = m[0]
		raw := s[m[2]:m[3]]
		if num, ok := model.ParseNumber(raw); ok {
			h.number, h.hasNumber = num, true
		}
		h.numberLine = lineOf(m[2])
		mark(m[1])
	} else if m := reSo.FindStringIndex(s); m != nil && m[0] < 1200 {
		soStart = m[0]
		h.hasNumber = true // "Số:" with nothing readable after it
		h.numberLine = lineOf(m[0])
		mark(m[1])
	}

	// Issuer block: before the motto or the number, whichever comes first.
	cut := -1
	for _, c := range []int{qStart, soStart} {
		if c >= 0 && (cut < 0 || c < cut) {
			cut = c
		}
	}
	if cut > 0 {
		h.issuerText = cleanPhrase(s[:cut])
		h.issuerLine = lineOf(0)
	}
	if qEnd > 0 {
		mark(qEnd)
	}

	// Place and date: the first place-date after the number (or the motto).
	from := max(soStart, qStart, 0)
	if m := rePlaceDate.FindStringSubmatchIndex(s[from:]); m != nil && m[0] < 900 {
		for i := range m {
			if m[i] >= 0 {
				m[i] += from
			}
		}
		h.dateFound = true
		h.date = model.Date{Year: atoi(sub(s, m, 3)), Month: atoi(sub(s, m, 2)), Day: atoi(sub(s, m, 1))}
		if h.date.Month == 0 {
			h.date.Day = 0
		}
		h.place = placeBefore(s, m[0])
		h.dateLine = lineOf(m[0])
		mark(m[1])
	}

	// V/v subject (công văn): from "V/v" to the end of its paragraph, or to
	// the place-date or "Kính gửi" when they share it.
	if m := reVv.FindStringSubmatchIndex(s[max(from, 0):]); m != nil && m[2]+from < end+400 {
		a := m[2] + from
		e := paraEnd(s, a)
		if pd := rePlaceDate.FindStringIndex(s[a:e]); pd != nil {
			e = a + strings.LastIndex(s[a:a+pd[0]], placeBefore(s, a+pd[0]))
		}
		if k := reKinhGui.FindStringIndex(s[a:e]); k != nil {
			e = a + k[0]
		}
		// Only a subject right in the header, not "Về việc" in the body,
		// and not the "V/V …" subject printed under a type title.
		if (a <= end+3 || strings.HasPrefix(s[a:], "V/")) && !typeTitleBetween(s, end, a) {
			h.title = cleanPhrase(s[a:e])
			h.titleLine = lineOf(a)
			h.vv = true
			mark(e)
		}
	}

	// Type title: the next paragraph(s) after the header parts.
	pos := end
	for tries := 0; tries < 4 && pos < len(s); tries++ {
		for pos < len(s) && (s[pos] == ' ' || strings.HasPrefix(s[pos:], para)) {
			if s[pos] == ' ' {
				pos++
			} else {
				pos += len(para)
			}
		}
		rest := s[pos:]
		if strings.HasPrefix(rest, "V/") || reKinhGui.MatchString(firstWords(rest, 2)) || strings.HasPrefix(rest, "Căn cứ") {
			break
		}
		t, n := typeTitleAt(rest)
		if n == 0 {
			pos = paraEnd(s, pos)
			continue
		}
		h.typ, h.typFound = t, true
		h.typeLine = lineOf(pos)
		pos += n
		mark(pos)
		// Subject: rest of this paragraph, or the next one.
		for pos < len(s) && (s[pos] == ' ' || s[pos] == ':') {
			pos++
		}
		if strings.HasPrefix(s[pos:], para) {
			pos += len(para)
			for pos < len(s) && s[pos] == ' ' {
				pos++
			}
		}
		if h.title == "" && pos < len(s) {
			e := paraEnd(s, pos)
			subj := s[pos:e]
			if isUpperLine(firstWords(subj, 1)) {
				// A subject in capitals ends at the first word that is not.
				ws := strings.Fields(subj)
				k := 0
				for k < len(ws) && !hasLower(ws[k]) || (k < len(ws) && strings.HasPrefix(ws[k], "V/")) {
					k++
				}
				if k < len(ws) {
					e = pos + indexOfWord(subj, k)
				}
			}
			// An authority line glued to the subject ("… TỈNH TUYÊN QUANG
			// CHỦ TỊCH UỶ BAN NHÂN DÂN TỈNH") ends it when it is short.
			if a := reAuthority.FindStringIndex(s[pos:e]); a != nil && a[0] > 0 && len(strings.Fields(s[pos+a[0]:e])) <= 9 {
				e = pos + a[0]
			}
			// So does the issuer's name before "điện:" or above "Căn cứ"
			// ("… TRUNG BỘ BỘ XÂY DỰNG điện:", "… ĐÀ NẴNG CHÍNH PHỦ").
			if iss := strings.TrimSpace(h.issuerText); iss != "" {
				t := strings.TrimRight(s[pos:e], " ")
				if strings.HasSuffix(t, " "+iss) {
					e = pos + len(t) - len(iss)
				}
			}
			if strings.HasPrefix(s[pos:e], "Căn cứ") || reKinhGui.MatchString(firstWords(s[pos:e], 2)) {
				e = pos
			}
			h.title = cleanPhrase(s[pos:e])
			h.titleLine = lineOf(pos)
			mark(e)
			pos = e
		}
		// Authority line right under the subject.
		for pos < len(s) && (s[pos] == ' ' || strings.HasPrefix(s[pos:], para)) {
			if s[pos] == ' ' {
				pos++
			} else {
				pos += len(para)
			}
		}
		e := paraEnd(s, pos)
		if ws := strings.Fields(s[pos:e]); len(ws) > 0 {
			k := 0
			for k < len(ws) && !hasLower(ws[k]) {
				k++
			}
			e = pos + indexOfWord(s[pos:e], k)
			if k < len(ws) {
				e-- // the space before the first word in lower case
			}
		}
		if cand := strings.TrimSpace(s[pos:max(e, pos)]); cand != "" && !strings.HasPrefix(strings.TrimSpace(s[max(e, pos):]), "điện") && (reAuthority.MatchString(" "+cand) && len(strings.Fields(cand)) <= 12 || isAuthorityLine(cand)) {
			h.authority = cleanPhrase(cand)
			mark(pos + len(cand))
		}
		break
	}

	if end > len(s) {
		end = len(s)
	}
	h.endLine, h.endCol = f.at(end)
	if h.endLine >= 0 && h.endCol >= len(lines[h.endLine].plain) {
		h.endLine, h.endCol = h.endLine+1, 0
	}
	if h.endLine < 0 {
		h.endLine = 0
	}
	return h
}

// typeTitleBetween reports whether a paragraph of s[from:to] starts with a
// type title.
func typeTitleBetween(s string, from, to int) bool {
	if from >= to {
		return false
	}
	for _, chunk := range strings.Split(s[from:to], para) {
		if _, n := typeTitleAt(strings.TrimSpace(chunk)); n > 0 {
			return true
		}
	}
	return false
}

// isAuthorityLine reports whether a capitals line names a body on its own
// ("CHÍNH PHỦ", "ỦY BAN THƯỜNG VỤ QUỐC HỘI") as decrees print under the title.
func isAuthorityLine(s string) bool {
	s = cleanPhrase(s)
	if !isUpperLine(s) || len(s) > 120 {
		return false
	}
	units, ok := parseUnits(s)
	return ok && len(units) == 1 && units[0].name == ""
}

func sub(s string, m []int, g int) string {
	if m[2*g] < 0 {
		return ""
	}
	return s[m[2*g]:m[2*g+1]]
}

// findMotto locates "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do -
// Hạnh phúc" (spelling variants, glued words) in s.
func findMotto(s string) (start, end int) {
	m := reMotto.FindStringIndex(s)
	if m == nil {
		return -1, -1
	}
	start, end = m[0], m[1]
	if m2 := reTieuNgu.FindStringIndex(s[end:]); m2 != nil {
		end += m2[1]
	}
	return start, end
}

// placeBefore returns the place name printed just before offset i (the
// comma of ", ngày"): capitalised words, "Thành phố" and "TP." included, at
// most six, never across a paragraph break.
func placeBefore(s string, i int) string {
	ws := strings.Fields(s[:i])
	var out []string
	for k := len(ws) - 1; k >= 0 && len(out) < 6; k-- {
		w := ws[k]
		if w == para {
			break
		}
		first := []rune(w)[0]
		lowerOK := (w == "phố" || w == "xã" || w == "trấn") && k > 0 && (key(ws[k-1]) == "thanh" || key(ws[k-1]) == "thi")
		if !(first >= 'A' && first <= 'Z' || isUpperRune(first)) && !lowerOK {
			break
		}
		if isUpperLine(w) && len([]rune(w)) > 3 && !strings.HasSuffix(w, ".") {
			break // a word of a capitals title, not of the place
		}
		out = append(out, w)
	}
	for l, r := 0, len(out)-1; l < r; l, r = l+1, r-1 {
		out[l], out[r] = out[r], out[l]
	}
	return strings.Join(out, " ")
}

func isUpperRune(r rune) bool { return r != '¶' && string(r) != strings.ToLower(string(r)) }

// paraEnd returns the offset of the next paragraph break after i.
func paraEnd(s string, i int) int {
	if k := strings.Index(s[i:], para); k >= 0 {
		return i + k
	}
	return len(s)
}

func firstWords(s string, n int) string {
	ws := strings.Fields(s)
	return strings.Join(ws[:min(n, len(ws))], " ")
}

// indexOfWord returns the byte offset of the k-th field of s.
func indexOfWord(s string, k int) int {
	inField, n := false, -1
	for i, r := range s {
		sp := r == ' ' || r == '\t' || r == '\n'
		if !sp && !inField {
			n++
			if n == k {
				return i
			}
		}
		inField = !sp
	}
	return len(s)
}

// typeTitleAt reports a type title in capitals at the start of s
// ("QUYẾT ĐỊNH", "CÔNG ĐIỆN") and its length.
func typeTitleAt(s string) (model.DocType, int) {
	for _, t := range typeTitles {
		u := strings.ToUpper(t.Name)
		if !strings.HasPrefix(s, u) {
			continue
		}
		rest := s[len(u):]
		if rest == "" || rest[0] == ' ' || rest[0] == ':' || strings.HasPrefix(rest, para) {
			// "QUYẾT ĐỊNH:" above the articles is not a title.
			if strings.HasPrefix(rest, ":") {
				continue
			}
			return t, len(u)
		}
	}
	return model.DocType{}, 0
}

// issuerName spells out the issuer and its parent from the header units,
// applying the symbol: a QĐ-CT / QĐ-CTUBND decision is the chairman's.
func issuerName(units []unit, num model.Number) (issuer, parent string, notes []string) {
	if len(units) == 0 {
		return "", "", nil
	}
	last := units[len(units)-1]
	symIssuer := num.Issuer
	chair := symIssuer == "CT" || symIssuer == "CTUBND"
	switch {
	case last.garbled && chair:
		notes = append(notes, fmt.Sprintf("header misprinted as %q; the symbol %s makes it the chairman's", "CHỦ TỊCH NHÂN DÂN", num.Symbol))
	case last.garbled:
		return "", "", []string{"header reads \"CHỦ TỊCH NHÂN DÂN\" (misprinted) and the symbol does not say whose it is"}
	case chair && last.head == "Ủy ban nhân dân":
		last.head, last.chairman = "Chủ tịch Ủy ban nhân dân", true
		notes = append(notes, fmt.Sprintf("symbol %s: a decision of the chairman of the people's committee", num.Symbol))
	case last.head == "Phủ Thủ tướng" && symIssuer == "TTg":
		last.head = "Thủ tướng Chính phủ"
		notes = append(notes, "header PHỦ THỦ TƯỚNG with symbol TTg: the Prime Minister's document")
	}
	issuer = last.String()
	if len(units) > 1 {
		parent = units[len(units)-2].String()
	}
	return issuer, parent, notes
}
