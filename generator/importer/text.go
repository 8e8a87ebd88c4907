package importer

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"vanban/generator/vn"
)

// line is one line of the input after decoding, with its 1-based line number
// in the input (several lines share a number when a table row was split into
// its columns).
type line struct {
	n     int
	raw   string // the text as written (Markdown kept)
	plain string // markup removed, white space collapsed: for matching
}

var (
	reTag       = regexp.MustCompile(`(?is)<(script|style)[^>]*>.*?</(script|style)>|<[^>]+>`)
	reBlockTag  = regexp.MustCompile(`(?i)<\s*(br|/p|/div|/tr|/li|/h[1-6]|/table|p|div|tr|li|h[1-6])\b[^>]*>`)
	reCellTag   = regexp.MustCompile(`(?i)<\s*/t[dh]\s*>`)
	reDashRun   = regexp.MustCompile(`-{3,}|_{3,}|={3,}`)
	reSpaces    = regexp.MustCompile(`\s+`)
	reHeading   = regexp.MustCompile(`^\s*#{1,6}\s*`)
	reSimpleTbl = regexp.MustCompile(`^\s*-{3,}(\s+-{3,})+\s*$`)
	reGridTbl   = regexp.MustCompile(`^\s*\+([-=:]+\+)+\s*$`)
)

// looksHTML reports whether the input is an HTML page rather than text or
// Markdown (which may still embed a stray <table>).
func looksHTML(s string) bool {
	head := strings.ToLower(s[:min(len(s), 2000)])
	return strings.Contains(head, "<html") || strings.Contains(head, "<body") ||
		strings.Count(strings.ToLower(s), "<p") > 3 || strings.Count(strings.ToLower(s), "<div") > 3
}

// htmlToText turns an HTML page into lines: block elements end lines, table
// cells are separated by " | ", entities are decoded. Line numbers refer to
// the converted text.
func htmlToText(s string) string {
	s = reBlockTag.ReplaceAllString(s, "\n")
	s = reCellTag.ReplaceAllString(s, " | ")
	s = reTag.ReplaceAllString(s, "")
	return html.UnescapeString(s)
}

// decode normalises the input and splits it into lines.
func decode(raw []byte) []line {
	s := string(raw)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.TrimPrefix(s, "\uFEFF")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	if looksHTML(s) {
		s = htmlToText(s)
	}
	s = vn.Normalize(s)
	s = strings.NewReplacer("\u00a0", " ", "\u200b", "", "\u2028", "\n").Replace(s)
	parts := strings.Split(s, "\n")
	lines := make([]line, 0, len(parts))
	for i, p := range parts {
		p = strings.TrimRight(p, " \t")
		lines = append(lines, line{n: i + 1, raw: p, plain: plain(p)})
	}
	return untable(lines)
}

// plain removes Markdown markup, table pipes, pandoc escapes and separator
// runs, and collapses white space.
func plain(s string) string {
	s = reHeading.ReplaceAllString(s, "")
	s = strings.NewReplacer("**", "", "__", "", "*", "", "\\", "", "|", " ", "`", "").Replace(s)
	s = reDashRun.ReplaceAllString(s, " ")
	return strings.TrimSpace(reSpaces.ReplaceAllString(s, " "))
}

// untable linearises pandoc tables (simple tables with dash rules and grid
// tables), which print the header's two columns, or the distribution list
// and the signature block, side by side: each column becomes a run of lines,
// left column first.
func untable(lines []line) []line {
	var out []line
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		var spans [][2]int
		grid := false
		switch {
		case reSimpleTbl.MatchString(l.raw):
			spans = dashSpans(l.raw)
		case reGridTbl.MatchString(l.raw):
			spans, grid = plusSpans(l.raw), true
		}
		if len(spans) < 2 {
			out = append(out, l)
			continue
		}
		// Find the closing rule.
		end := -1
		for j := i + 1; j < len(lines) && j < i+200; j++ {
			if grid && reGridTbl.MatchString(lines[j].raw) && (j+1 >= len(lines) || !strings.HasPrefix(strings.TrimSpace(lines[j+1].raw), "|")) {
				end = j
				break
			}
			if !grid && reSimpleTbl.MatchString(lines[j].raw) {
				end = j
				break
			}
		}
		if end < 0 {
			out = append(out, l)
			continue
		}
		rows := lines[i+1 : end]
		out = append(out, line{n: l.n})
		for c, sp := range spans {
			for _, r := range rows {
				if grid && reGridTbl.MatchString(r.raw) {
					continue
				}
				rs := []rune(r.raw)
				a, b := min(sp[0], len(rs)), min(sp[1], len(rs))
				if c == len(spans)-1 {
					b = len(rs)
				}
				cell := string(rs[a:b])
				if grid {
					cell = strings.Trim(cell, "|")
				}
				cell = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(cell), "\\"))
				out = append(out, line{n: r.n, raw: cell, plain: plain(cell)})
			}
			out = append(out, line{n: lines[end].n})
		}
		i = end
	}
	return out
}

func dashSpans(s string) [][2]int {
	var spans [][2]int
	rs := []rune(s)
	for i := 0; i < len(rs); {
		if rs[i] != '-' {
			i++
			continue
		}
		j := i
		for j < len(rs) && rs[j] == '-' {
			j++
		}
		spans = append(spans, [2]int{i, j + 1})
		i = j
	}
	if len(spans) > 0 {
		spans[0][0] = 0
	}
	return spans
}

func plusSpans(s string) [][2]int {
	var pos []int
	for i, r := range []rune(s) {
		if r == '+' {
			pos = append(pos, i)
		}
	}
	var spans [][2]int
	for k := 0; k+1 < len(pos); k++ {
		spans = append(spans, [2]int{pos[k], pos[k+1] + 1})
	}
	return spans
}

// hasLower reports whether s has a lower-case letter.
func hasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// hasLetter reports whether s has a letter.
func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// isUpperLine reports whether s has letters and none of them lower-case.
func isUpperLine(s string) bool { return hasLetter(s) && !hasLower(s) }

// key is the matching form: folded, lower-case, single spaces.
func key(s string) string { return vn.Key(s) }

// flat is a run of lines flattened into one string for the header grammar,
// which must work whether the header is printed one part per line, hard
// wrapped, or all on one line. Empty and separator lines become "¶".
type flat struct {
	s     string
	start []int // offset in s where piece k starts
	li    []int // line index of piece k
}

const para = "¶"

func newFlat(lines []line, from, to int) flat {
	var f flat
	var b strings.Builder
	for i := from; i < to && i < len(lines); i++ {
		p := lines[i].plain
		if p == "" {
			p = para
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		f.start = append(f.start, b.Len())
		f.li = append(f.li, i)
		b.WriteString(p)
	}
	f.s = b.String()
	return f
}

// at returns the line index and the byte offset within that line's plain
// text of offset off of the flattened string.
func (f flat) at(off int) (li, col int) {
	k := 0
	for k+1 < len(f.start) && f.start[k+1] <= off {
		k++
	}
	if len(f.li) == 0 {
		return -1, 0
	}
	return f.li[k], off - f.start[k]
}

// cleanPhrase trims separators and stray punctuation around a phrase.
func cleanPhrase(s string) string {
	s = strings.ReplaceAll(s, para, " ")
	s = reSpaces.ReplaceAllString(s, " ")
	return strings.Trim(s, " :;,|-–")
}
