package model

import (
	"strconv"
	"strings"
	"unicode"

	"vanban/generator/vn"
)

// Number is a parsed số ký hiệu (number and symbol) under Nghị định
// 30/2020/NĐ-CP: "364/TB-VPCP", "4588/UBND-VX" (công văn: no type code),
// "30/2020/NĐ-CP" (legal documents carry the year), "25-CT/TW" (Party form),
// "299/TTg" and "169-CP" (old forms), "/UBND-VX" (number left blank).
type Number struct {
	Text   string // canonical text: NFC, Đ, no spaces, ASCII hyphens
	Seq    string // the number as printed ("010"); "" when left blank
	Year   int    // year infix of legal documents; 0 when absent
	Symbol string // everything after the number (and year): "TB-VPCP", "CT/TW"
	Code   string // document type code when the symbol has one: "TB", "CT"
	Issuer string // issuer part of the symbol: "VPCP", "UBND-VX", "TW"
	Party  bool   // Party form "số-TYPE/ISSUER"
}

// Canonical cleans a number as written in text: NFC, Ð→Đ, no white space,
// zero-width characters or Markdown emphasis, hyphen look-alikes (en and em
// dashes, non-breaking hyphen, minus) as "-", and the ASCII-folded "CD" type
// code restored to "CĐ" ("778/CD-TTg" → "778/CĐ-TTg"; no other type is
// written CD). Everything else is kept: case (TTg, QĐi), zero padding (010),
// and the choice of "-" or "/".
func Canonical(s string) string {
	s = vn.Normalize(s)
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '\u00a0', '*', '_',
			'\u200b', '\u200c', '\u200d', '\ufeff', '\u00ad':
			return -1
		case '–', '—', '‐', '‑', '‒', '−':
			return '-'
		}
		return r
	}, s)
	if strings.Contains(s, "/CD-") {
		s = strings.Replace(s, "/CD-", "/CĐ-", 1)
	}
	return s
}

// ParseNumber parses a number and symbol. ok is false when s is not one: it
// needs a number (or a blank one, "/UBND-VX"), a "/" or "-" after it and a
// symbol with at least one letter ("07/12/2022" is a date, not a number).
func ParseNumber(s string) (n Number, ok bool) {
	s = Canonical(s)
	n.Text = s
	if s == "" {
		return n, false
	}
	// Leading digits are the number; "/UBND-VX" has none (left blank).
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	n.Seq = s[:i]
	rest := s[i:]
	if rest == "" || (rest[0] != '/' && rest[0] != '-') || (rest[0] == '-' && n.Seq == "") {
		return n, false
	}
	if rest[0] == '-' { // Party "25-CT/TW" or old "169-CP"
		rest = rest[1:]
		if code, issuer, found := strings.Cut(rest, "/"); found {
			n.Party, n.Code, n.Issuer = true, code, issuer
		} else {
			n.Issuer = rest
		}
		n.Symbol = rest
		return n, hasLetter(rest)
	}
	rest = rest[1:]
	if y, after, found := strings.Cut(rest, "/"); found && len(y) == 4 && y[0] != '0' {
		if v, err := strconv.Atoi(y); err == nil {
			n.Year, rest = v, after
		}
	}
	n.Symbol = rest
	code, issuer, found := strings.Cut(rest, "-")
	if _, known := TypeByCode(code); known && found {
		n.Code, n.Issuer = code, issuer
	} else {
		n.Issuer = rest
	}
	// n.Text is s: Seq + "/" + [Year + "/"] + Symbol as written.
	return n, hasLetter(rest)
}

// hasLetter reports whether s has a letter (every symbol does).
func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// Known reports whether the number itself (not only the symbol) is known.
func (n Number) Known() bool { return n.Seq != "" }

// Printed is the number as pages show it: its text when known, "" when it
// was left blank ("/UBND-VX" is a symbol, not a number).
func (n Number) Printed() string {
	if n.Known() {
		return n.Text
	}
	return ""
}

// Key is the comparison form: leading zeros dropped ("010/CT-UBND" and
// "10/CT-UBND" are the same number), case kept (TTg, QĐi).
func (n Number) Key() string {
	seq := strings.TrimLeft(n.Seq, "0")
	if seq == "" && n.Seq != "" {
		seq = "0"
	}
	sep := byte('/')
	if n.Party || (n.Symbol != "" && n.Seq != "" && !strings.Contains(n.Text, "/")) {
		sep = '-' // Party form, or old form "169-CP"
	}
	var buf [24]byte
	year := buf[:0]
	if n.Year != 0 && sep == '/' {
		year = append(strconv.AppendInt(year, int64(n.Year), 10), '/')
	}
	// Most keys are the text itself: resolving an archive asks for tens of
	// thousands of them, and a key built is a string allocated.
	if t := n.Text; len(t) == len(seq)+1+len(year)+len(n.Symbol) && t[len(seq)] == sep &&
		t[:len(seq)] == seq && t[len(seq)+1:len(seq)+1+len(year)] == string(year) && t[len(t)-len(n.Symbol):] == n.Symbol {
		return t
	}
	return seq + string(sep) + string(year) + n.Symbol
}

// Slug is the number's URL form: "4588-ubnd-vx", "30-2020-nd-cp".
func (n Number) Slug() string {
	return vn.Slug(n.Key())
}

// String returns the canonical text.
func (n Number) String() string { return n.Text }
