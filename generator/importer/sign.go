package importer

import (
	"regexp"
	"strings"

	"vanban/generator/model"
)

var (
	reNoiNhan    = regexp.MustCompile(`^Nơi\s*nhận\s*:?\s*(.*)$`)
	reSigPrefix  = regexp.MustCompile(`^(TM\.|KT\.|Q\.|TL\.|TUQ\.|K/T\b|T/M\b|Q/)\s*`)
	reSigPrefixG = regexp.MustCompile(`(?:^|\s)(TM\.|KT\.|Q\.|TL\.|TUQ\.|K/T\b|T/M\b)\s*`)
	reListSep    = regexp.MustCompile(`;\s+[-–]\s+`)
	reItem       = regexp.MustCompile(`^[-–+•]\s*`)
)

// headTitles are the titles a signature block's authority or title line may
// be on its own ("CHỦ TỊCH"), longest first.
var headTitles = []string{
	"ỦY BAN THƯỜNG VỤ QUỐC HỘI", "THỦ TƯỚNG CHÍNH PHỦ", "ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN",
	"TỔNG CỤC TRƯỞNG", "PHÓ THỦ TƯỚNG", "CHÁNH VĂN PHÒNG", "PHÓ CHỦ TỊCH", "TỔNG GIÁM ĐỐC",
	"PHÓ GIÁM ĐỐC", "PHÓ CỤC TRƯỞNG", "PHÓ TRƯỞNG BAN", "PHÓ CHỦ NHIỆM", "THỨ TRƯỞNG", "BỘ TRƯỞNG",
	"THỦ TƯỚNG", "CHỦ TỊCH", "CHỦ NHIỆM", "CỤC TRƯỞNG", "GIÁM ĐỐC", "TRƯỞNG BAN", "CHÍNH PHỦ",
	"VIỆN TRƯỞNG", "CHÁNH ÁN", "BÍ THƯ", "THỦ TRƯỞNG",
}

func normUpper(s string) string { return strings.ReplaceAll(s, "UỶ", "ỦY") }

func isHeadTitle(p string) bool {
	p = strings.TrimRight(normUpper(p), ",")
	for _, t := range headTitles {
		if p == t {
			return true
		}
	}
	return false
}

// isSigStart reports whether a line opens a signature block.
func isSigStart(p string) bool {
	if p == "" || hasLower(stripName(p)) && !reSigPrefix.MatchString(p) {
		return false
	}
	if reSigPrefix.MatchString(p) {
		return true
	}
	return isHeadTitle(p)
}

// stripName removes a trailing personal name ("… PHÓ CHỦ TỊCH Vũ Thị Bích
// Việt" → "… PHÓ CHỦ TỊCH").
func stripName(p string) string {
	up, _ := splitName(p)
	return up
}

// splitName splits a line into its leading capitals and a trailing name in
// title case.
func splitName(p string) (upper, name string) {
	ws := strings.Fields(p)
	k := len(ws)
	for k > 0 && isNameWord(ws[k-1]) {
		k--
	}
	return strings.Join(ws[:k], " "), strings.Join(ws[k:], " ")
}

func isNameWord(w string) bool {
	rs := []rune(w)
	if len(rs) < 2 && !(len(rs) == 1 && isUpperRune(rs[0])) {
		return false
	}
	if !isUpperRune(rs[0]) {
		return false
	}
	for _, r := range rs[1:] {
		if !isLetter(r) || isUpperRune(r) {
			return false
		}
	}
	return true
}

func isLetter(r rune) bool { return isUpperRune(r) || strings.ToUpper(string(r)) != string(r) }

// isNameLine reports whether a line is a person's name: 1–6 title-case words.
func isNameLine(p string) bool {
	ws := strings.Fields(p)
	if len(ws) == 0 || len(ws) > 6 {
		return false
	}
	for _, w := range ws {
		if !isNameWord(w) {
			return false
		}
	}
	return true
}

// signature reads a signature block starting at lines[i]. It returns the
// signer and the index after the block; ok is false when lines[i] does not
// open one.
func signature(lines []line, i int) (s model.Signer, next int, ok bool) {
	if i >= len(lines) || !isSigStart(lines[i].plain) {
		return s, i, false
	}
	s.Pos.Line = lines[i].n
	var ups []string
	var name []string
	j := i
	for ; j < len(lines) && j < i+14; j++ {
		p := lines[j].plain
		if p == "" {
			if len(name) > 0 {
				break
			}
			continue
		}
		up, nm := splitName(p)
		if up != "" && len(name) == 0 && !hasLower(up) {
			ups = append(ups, normSig(up))
		} else if up != "" {
			break
		}
		if nm != "" {
			if len(name) > 0 && len(strings.Fields(strings.Join(name, " ")+" "+nm)) > 6 {
				break
			}
			name = append(name, nm)
			if up != "" && len(ups) > 0 { // flattened: capitals and name on one line
				j++
				break
			}
		}
	}
	if len(ups) == 0 {
		return s, i, false
	}
	s.Name = strings.Join(name, " ")
	s.Authority, s.Title = splitAuthority(ups)
	return s, j, true
}

// normSig writes prefixes uniformly: "KT.CHỦ TỊCH" → "KT. CHỦ TỊCH".
func normSig(s string) string {
	s = strings.TrimSpace(s)
	return reSigPrefixG.ReplaceAllStringFunc(s, func(m string) string {
		lead := ""
		if strings.HasPrefix(m, " ") {
			lead = " "
		}
		return lead + strings.TrimSpace(m) + " "
	})
}

// splitAuthority splits the capitals lines of a signature block into the
// authority lines (each with its prefix, joined by " / ") and the signer's
// own title (the last line).
func splitAuthority(ups []string) (authority, title string) {
	all := strings.TrimSpace(strings.Join(ups, " "))
	prefixes := reSigPrefixG.FindAllStringIndex(all, -1)
	// One line, or a bare prefix line followed by the rest: split by the
	// known head titles.
	if len(ups) == 1 || (len(ups) == 2 && reSigPrefix.ReplaceAllString(strings.TrimSpace(ups[0]), "") == "") {
		if len(prefixes) == 0 {
			return "", all
		}
		lastP := prefixes[len(prefixes)-1]
		before, rest := all[:lastP[1]], all[lastP[1]:]
		for _, t := range headTitles {
			if strings.HasPrefix(normUpper(rest), t) && len(rest) > len(t) {
				a := strings.TrimSpace(before + rest[:len(t)])
				return joinPrefixes(a), strings.Trim(strings.TrimSpace(rest[len(t):]), ", ")
			}
		}
		return joinPrefixes(all), ""
	}
	// Several lines: the last is the title unless it only finishes a
	// wrapped title ("PHÓ CHỦ" / "TỊCH").
	k := len(ups) - 1
	title = ups[k]
	if len(strings.Fields(title)) == 1 && k > 0 && !reSigPrefix.MatchString(ups[k-1]) && !isHeadTitle(title) {
		k--
		title = ups[k] + " " + title
	}
	if k == 0 {
		return "", title
	}
	return joinPrefixes(strings.Join(ups[:k], " ")), title
}

// joinPrefixes puts " / " before every prefix after the first:
// "TM. CHÍNH PHỦ KT. THỦ TƯỚNG" → "TM. CHÍNH PHỦ / KT. THỦ TƯỚNG".
func joinPrefixes(s string) string {
	locs := reSigPrefixG.FindAllStringIndex(s, -1)
	var b strings.Builder
	last := 0
	for _, l := range locs {
		if l[0] == 0 {
			continue
		}
		b.WriteString(strings.TrimSpace(s[last:l[0]]))
		b.WriteString(" / ")
		last = l[0]
	}
	b.WriteString(strings.TrimSpace(s[last:]))
	return strings.Join(strings.Fields(b.String()), " ")
}

// list reads a dash list ("- Như trên;", …) from lines[i], joining wrapped
// items. inline is text printed after the label on the label's line. It
// stops after an item starting with "Lưu" when stopAtLuu is set.
func list(lines []line, i int, inline string, stopAtLuu bool) (items []string, next int) {
	add := func(s string) {
		for _, part := range reListSep.Split(s, -1) {
			items = append(items, strings.TrimSpace(part))
		}
	}
	if inline = strings.TrimSpace(inline); inline != "" {
		add(reItem.ReplaceAllString(inline, ""))
	}
	blank := false
	dash := false // the last item was a dash item (wrapped lines may follow)
	j := i
	for ; j < len(lines); j++ {
		p := lines[j].plain
		if p == "" {
			blank = true
			continue
		}
		last := ""
		if len(items) > 0 {
			last = items[len(items)-1]
		}
		if stopAtLuu && len(items) > 0 && strings.HasPrefix(key(last), "luu") {
			break
		}
		open := !strings.HasSuffix(last, ";") && !strings.HasSuffix(last, ".") && !strings.HasSuffix(last, "./.")
		switch {
		case reItem.MatchString(p) && !isSigStart(p):
			add(reItem.ReplaceAllString(p, ""))
			dash = true
		case len(items) > 0 && !blank && open && (dash || !isUpperFirst(p)) &&
			!isSigStart(p) && !reNoiNhan.MatchString(p) && len(p) < 120:
			items[len(items)-1] = last + " " + p
		default:
			return items, j
		}
		blank = false
	}
	return items, j
}

func isUpperFirst(s string) bool {
	for _, r := range s {
		return isUpperRune(r)
	}
	return false
}
