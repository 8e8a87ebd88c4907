package importer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"vanban/generator/vn"
)

// unit is one organisation of a header: "ỦY BAN NHÂN DÂN / TỈNH LAI CHÂU" is
// one unit, "BỘ TÀI CHÍNH / CỤC THUẾ" two (parent first).
type unit struct {
	head     string // canonical head: "Ủy ban nhân dân", "Bộ", "Cục"
	name     string // name after a head that takes one: "Tài chính"
	locKind  string // "tỉnh", "thành phố", "huyện"…
	locName  string // "Lai Châu"
	central  bool   // a central body by itself
	local    bool   // needs a locality to be complete (UBND, HĐND)
	chairman bool   // "Chủ tịch Ủy ban nhân dân"
	garbled  bool   // "CHỦ TỊCH NHÂN DÂN": a misprinted chairman heading
}

func (u unit) String() string {
	s := u.head
	if u.name != "" {
		s += " " + u.name
	}
	if u.locName != "" {
		kind := u.locKind
		if kind == "thành phố" && key(u.locName) == "ho chi minh" && u.head != "" {
			kind = "Thành phố"
		}
		s += " " + kind + " " + u.locName
	}
	return s
}

type headDef struct {
	words    string // folded key words
	canon    string
	central  bool
	local    bool
	takes    bool // takes a name after it
	chairman bool
	garbled  bool
}

// heads, longest first within the same first word (matching tries all).
var heads = []headDef{
	{words: "uy ban thuong vu quoc hoi", canon: "Ủy ban Thường vụ Quốc hội", central: true},
	{words: "chu tich uy ban nhan dan", canon: "Chủ tịch Ủy ban nhân dân", local: true, chairman: true},
	{words: "chu tich ubnd", canon: "Chủ tịch Ủy ban nhân dân", local: true, chairman: true},
	{words: "chu tich nhan dan", canon: "Chủ tịch Ủy ban nhân dân", local: true, chairman: true, garbled: true},
	{words: "uy ban nhan dan", canon: "Ủy ban nhân dân", local: true},
	{words: "ubnd", canon: "Ủy ban nhân dân", local: true},
	{words: "hoi dong nhan dan", canon: "Hội đồng nhân dân", local: true},
	{words: "hdnd", canon: "Hội đồng nhân dân", local: true},
	{words: "thu tuong chinh phu", canon: "Thủ tướng Chính phủ", central: true},
	{words: "phu thu tuong", canon: "Phủ Thủ tướng", central: true},
	{words: "van phong chinh phu", canon: "Văn phòng Chính phủ", central: true},
	{words: "van phong quoc hoi", canon: "Văn phòng Quốc hội", central: true},
	{words: "van phong chu tich nuoc", canon: "Văn phòng Chủ tịch nước", central: true},
	{words: "van phong trung uong dang", canon: "Văn phòng Trung ương Đảng", central: true},
	{words: "hoi dong chinh phu", canon: "Hội đồng Chính phủ", central: true},
	{words: "hoi dong bo truong", canon: "Hội đồng Bộ trưởng", central: true},
	{words: "chinh phu", canon: "Chính phủ", central: true},
	{words: "quoc hoi", canon: "Quốc hội", central: true},
	{words: "ban chap hanh trung uong", canon: "Ban Chấp hành Trung ương", central: true},
	{words: "ban bi thu", canon: "Ban Bí thư", central: true},
	{words: "bo chinh tri", canon: "Bộ Chính trị", central: true},
	{words: "toa an nhan dan toi cao", canon: "Tòa án nhân dân tối cao", central: true},
	{words: "vien kiem sat nhan dan toi cao", canon: "Viện kiểm sát nhân dân tối cao", central: true},
	{words: "kiem toan nha nuoc", canon: "Kiểm toán nhà nước", central: true},
	{words: "ngan hang nha nuoc viet nam", canon: "Ngân hàng Nhà nước Việt Nam", central: true},
	{words: "tinh uy", canon: "Tỉnh ủy", local: true},
	{words: "thanh uy", canon: "Thành ủy", local: true},
	{words: "huyen uy", canon: "Huyện ủy", local: true},
	{words: "bo", canon: "Bộ", central: true, takes: true},
	{words: "tong cuc", canon: "Tổng cục", takes: true},
	{words: "chi cuc", canon: "Chi cục", takes: true},
	{words: "cuc", canon: "Cục", takes: true},
	{words: "so", canon: "Sở", takes: true},
	{words: "vu", canon: "Vụ", takes: true},
	{words: "van phong", canon: "Văn phòng", takes: true},
	{words: "thanh tra", canon: "Thanh tra", takes: true},
	{words: "trung tam", canon: "Trung tâm", takes: true},
	{words: "ban", canon: "Ban", takes: true},
}

type locDef struct{ words, canon string }

var locHeads = []locDef{
	{"thanh pho", "thành phố"}, {"tp.", "thành phố"}, {"tp", "thành phố"}, {"tinh", "tỉnh"},
	{"huyen", "huyện"}, {"quan", "quận"}, {"thi xa", "thị xã"}, {"thi tran", "thị trấn"},
	{"xa", "xã"}, {"phuong", "phường"},
}

type word struct{ orig, fold, low string }

func words(s string) []word {
	var ws []word
	for _, f := range strings.Fields(s) {
		f = strings.Trim(f, ",;:")
		if f == "" {
			continue
		}
		ws = append(ws, word{orig: f, fold: strings.ToLower(vn.Fold(f)), low: strings.ToLower(f)})
	}
	return ws
}

// matchWords reports how many words of ws from i match the folded phrase.
func matchWords(ws []word, i int, phrase string) int {
	ps := strings.Fields(phrase)
	if i+len(ps) > len(ws) {
		return 0
	}
	for k, p := range ps {
		if ws[i+k].fold != p {
			return 0
		}
	}
	return len(ps)
}

func headAt(ws []word, i int) (headDef, int) {
	for _, h := range heads {
		n := matchWords(ws, i, h.words)
		if n == 0 {
			continue
		}
		// Single-word heads must match with their diacritics: "SỐ" is not
		// "SỞ", "NỘI VỤ" is a ministry's name, not a "Vụ".
		if n == 1 && h.takes && ws[i].low != strings.ToLower(h.canon) {
			continue
		}
		if h.words == "vu" && i > 0 && (ws[i-1].fold == "noi" || ws[i-1].fold == "thuong") {
			continue
		}
		return h, n
	}
	return headDef{}, 0
}

func locAt(ws []word, i int) (locDef, int) {
	for _, l := range locHeads {
		n := matchWords(ws, i, l.words)
		if n == 0 {
			continue
		}
		switch l.words {
		case "quan":
			if ws[i].low != "quận" {
				continue
			}
		case "xa":
			if ws[i].low != "xã" || (i+1 < len(ws) && ws[i+1].fold == "hoi") {
				continue
			}
		case "tinh":
			if ws[i].low != "tỉnh" || (i+1 < len(ws) && ws[i+1].fold == "uy") {
				continue
			}
		case "so":
		}
		if i+n >= len(ws) {
			continue // a locality head needs a name
		}
		return l, n
	}
	return locDef{}, 0
}

// parseUnits reads an issuer block ("BỘ TÀI CHÍNH CỤC THUẾ") into units,
// parent first. ok is false when some words fit no unit.
func parseUnits(s string) (units []unit, ok bool) {
	ws := words(s)
	ok = true
	for i := 0; i < len(ws); {
		h, n := headAt(ws, i)
		if n == 0 {
			// A bare locality continues the previous unit ("ỦY BAN NHÂN DÂN
			// / TỈNH LAI CHÂU" split over lines arrives here joined anyway).
			if l, m := locAt(ws, i); m > 0 && len(units) > 0 && units[len(units)-1].locName == "" {
				j := i + m
				name, j := takeName(ws, j, true)
				units[len(units)-1].locKind, units[len(units)-1].locName = l.canon, titleCase(name)
				i = j
				continue
			}
			ok = false
			i++
			continue
		}
		u := unit{head: h.canon, central: h.central, local: h.local, chairman: h.chairman, garbled: h.garbled}
		i += n
		if h.takes {
			var name string
			name, i = takeName(ws, i, false)
			u.name = nameCase(name)
			if u.name == "" {
				ok = false
			}
		}
		if l, m := locAt(ws, i); m > 0 {
			var name string
			name, i = takeName(ws, i+m, true)
			u.locKind, u.locName = l.canon, titleCase(name)
		}
		units = append(units, u)
	}
	return units, ok && len(units) > 0
}

// takeName consumes words up to the next head (or locality head).
func takeName(ws []word, i int, isLoc bool) (string, int) {
	var parts []string
	for ; i < len(ws); i++ {
		if _, n := headAt(ws, i); n > 0 && len(parts) > 0 {
			break
		}
		if _, n := locAt(ws, i); n > 0 && len(parts) > 0 && !isLoc {
			break
		}
		parts = append(parts, ws[i].orig)
	}
	return strings.Join(parts, " "), i
}

// titleCase writes a place name printed in capitals as a name: "ĐẮK LẮK" →
// "Đắk Lắk".
func titleCase(s string) string {
	if hasLower(s) {
		return s
	}
	f := strings.Fields(strings.ToLower(s))
	for i, w := range f {
		f[i] = upperFirst(w)
	}
	return strings.Join(f, " ")
}

// nameCase writes the name of a ministry or department printed in capitals
// the way Vietnamese names bodies: the first word and each word after "và",
// "," or "-" capitalised ("KẾ HOẠCH VÀ ĐẦU TƯ" → "Kế hoạch và Đầu tư").
func nameCase(s string) string {
	if hasLower(s) {
		return s
	}
	f := strings.Fields(strings.ToLower(s))
	capNext := true
	for i, w := range f {
		if capNext {
			f[i] = upperFirst(w)
		}
		capNext = w == "và" || w == "-" || w == "–" || strings.HasSuffix(w, ",")
	}
	return strings.Join(f, " ")
}

func upperFirst(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	if r == utf8.RuneError {
		return w
	}
	return string(unicode.ToUpper(r)) + w[n:]
}
