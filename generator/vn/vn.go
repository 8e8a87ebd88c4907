// Package vn holds the Vietnamese text rules every stage shares: Unicode
// normalization, diacritic folding for search and matching, ASCII slugs,
// collation for sorting names, and the official way of writing dates.
package vn

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Normalize returns s in NFC with the look-alike Icelandic eth (Ð U+00D0,
// ð U+00F0) that Vietnamese portals and OCR often emit replaced by the
// Vietnamese Đ (U+0110) and đ (U+0111). It returns s itself (no copy) when
// s is already in that form.
func Normalize(s string) string {
	if out, ok := normalizeFast(s); ok {
		return out
	}
	return normalizeSlow(s)
}

// Fold removes diacritics and maps đ/Đ to d/D, keeping case. It is lossy on
// purpose: use it to match and search, never to store.
func Fold(s string) string {
	if out, ok := foldFast(s); ok {
		return out
	}
	return foldSlow(s)
}

// Key folds and lower-cases s and collapses white space: the form used to
// compare names and search terms regardless of diacritics and spacing.
func Key(s string) string {
	if out, ok := keyFast(s); ok {
		return out
	}
	return keySlow(s)
}

// Slug turns s into a lower-case ASCII slug: letters and digits joined by
// single hyphens ("Công văn 4588/UBND-VX" → "cong-van-4588-ubnd-vx").
func Slug(s string) string {
	if out, ok := slugFast(s); ok {
		return out
	}
	return slugSlow(s)
}

// The slow paths below are the definitions: the fast paths (fast.go) must
// give exactly their results, and hand over whenever they cannot be sure
// (invalid UTF-8, text not in NFC, scripts outside the tables).

func normalizeSlow(s string) string {
	if isASCII(s) {
		return s
	}
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	if strings.ContainsAny(s, "Ðð") {
		s = strings.NewReplacer("Ð", "Đ", "ð", "đ").Replace(s)
	}
	return s
}

func foldSlow(s string) string {
	if isASCII(s) {
		return s
	}
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, normalizeSlow(s))
	if err != nil {
		out = s
	}
	return strings.NewReplacer("đ", "d", "Đ", "D").Replace(out)
}

// isASCII reports whether s needs no normalization or folding at all.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func keySlow(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(foldSlow(s))), " ")
}

func slugSlow(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(foldSlow(s)) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
			continue
		}
		hyphen = true
	}
	return b.String()
}

// Collator sorts Vietnamese names in dictionary order (a ă â b c d đ e ê …).
// It is not safe for concurrent use; make one per goroutine.
type Collator struct{ c *collate.Collator }

// NewCollator returns a Vietnamese collator.
func NewCollator() *Collator {
	return &Collator{c: collate.New(language.Vietnamese)}
}

// Compare returns -1, 0 or +1 as a sorts before, with or after b.
func (c *Collator) Compare(a, b string) int {
	return c.c.CompareString(a, b)
}

// FormatDate writes a date the way Vietnamese documents do, leaving blanks
// for the parts that are unknown: "ngày 07 tháng 12 năm 2022",
// "tháng 9 năm 2022", "năm 2022". Zero parts are unknown. Days below 10 and
// months below 3 are zero-padded as Nghị định 30/2020/NĐ-CP requires.
func FormatDate(year, month, day int) string {
	switch {
	case year == 0:
		return "không rõ ngày"
	case month == 0:
		return fmt.Sprintf("năm %d", year)
	case day == 0:
		return fmt.Sprintf("tháng %s năm %d", monthString(month), year)
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %d", day, monthString(month), year)
}

// monthString follows Nghị định 30/2020/NĐ-CP: months 1 and 2 take a leading
// zero (so "tháng 1" cannot be altered to "tháng 11"), the others do not.
func monthString(m int) string {
	if m < 3 {
		return fmt.Sprintf("%02d", m)
	}
	return fmt.Sprintf("%d", m)
}

// FormatShortDate writes dd/mm/yyyy with the known parts ("07/12/2022",
// "09/2022", "2022").
func FormatShortDate(year, month, day int) string {
	switch {
	case year == 0:
		return "?"
	case month == 0:
		return fmt.Sprintf("%d", year)
	case day == 0:
		return fmt.Sprintf("%02d/%d", month, year)
	}
	return fmt.Sprintf("%02d/%02d/%d", day, month, year)
}
