// Package diffview compares two editions of a directive word by word. It is
// the only package that uses github.com/sergi/go-diff.
//
// Vietnamese writes one syllable per space-separated word, with diacritics
// that are combining marks in some inputs, so a character diff would mark
// "ngày" → "ngà" as a one-letter change and a line diff would mark a whole
// paragraph for one changed number. Instead the text is cut into tokens (a
// run of letters, marks and digits; one punctuation sign; a run of white
// space), each distinct token is mapped to one rune, and go-diff compares
// the rune strings: the DiffLinesToChars trick, with words for lines. The
// result is mapped back to tokens, so every change starts and ends on a
// word boundary.
//
// The output is plain data (paragraphs of spans); templates do the markup.
package diffview

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"

	"vanban/generator/vn"
)

// Op is what happened to a span of text.
type Op int8

// Ops.
const (
	Equal  Op = 0
	Insert Op = 1
	Delete Op = -1
)

// Break kinds a span may stand for.
const (
	NoBreak   = ""
	LineBreak = "line" // a single line break in the source
	ParaBreak = "para" // a blank line: a new paragraph
)

// Span is a run of text with one Op, or a break.
type Span struct {
	Op    Op
	Text  string // the words and spaces as written; "" for a break
	Break string // NoBreak, LineBreak or ParaBreak
}

// Ins and Del are for templates.
func (s Span) Ins() bool { return s.Op == Insert }

// Del reports whether the span was removed.
func (s Span) Del() bool { return s.Op == Delete }

// Lead, Core and Trail split Text into its leading white space, the rest,
// and its trailing white space, so a template can mark only the words:
// "báo cáo<ins> Thủ trưởng</ins>" reads better as "báo cáo <ins>Thủ
// trưởng</ins>".
func (s Span) Lead() string { return s.Text[:len(s.Text)-len(strings.TrimLeft(s.Text, " "))] }

// Core is Text without leading and trailing white space.
func (s Span) Core() string { return strings.Trim(s.Text, " ") }

// Trail is the trailing white space of Text.
func (s Span) Trail() string {
	if strings.Trim(s.Text, " ") == "" {
		return ""
	}
	return s.Text[len(strings.TrimRight(s.Text, " ")):]
}

// Paragraph is one paragraph of the newer text with the older text's
// removed words in place.
type Paragraph struct {
	Spans []Span
}

// Text is the word-level comparison of two texts.
type Text struct {
	Paragraphs []Paragraph
	Inserted   int // words inserted
	Deleted    int // words deleted
}

// Changed reports whether the texts differ in anything but white space.
func (t *Text) Changed() bool {
	for _, p := range t.Paragraphs {
		for _, s := range p.Spans {
			if s.Op != Equal {
				return true
			}
		}
	}
	return false
}

// segment is a run of tokens with one Op.
type segment struct {
	op   Op
	toks []string
}

// Words compares older and newer text word by word. Differences in the
// amount of white space are not changes; a blank line (a new paragraph) and
// a single line break are.
func Words(older, newer string) *Text {
	segs := diff(Tokens(older), Tokens(newer))
	t := &Text{}
	for _, s := range segs {
		n := 0
		for _, tok := range s.toks {
			if isWord(tok) {
				n++
			}
		}
		switch s.op {
		case Insert:
			t.Inserted += n
		case Delete:
			t.Deleted += n
		}
	}
	t.Paragraphs = paragraphs(segs)
	return t
}

// Tokens cuts s into words (runs of letters, combining marks and digits),
// single punctuation or symbol signs, and white space normalised to " ",
// "\n" (one line break) or "\n\n" (a blank line). s is put in NFC first and
// leading and trailing white space is dropped.
func Tokens(s string) []string {
	s = strings.TrimSpace(strings.ReplaceAll(vn.Normalize(s), "\r\n", "\n"))
	// Vietnamese words are short: a token (word, space or sign) every
	// three bytes or so. Sized once instead of doubling its way there.
	out := make([]string, 0, len(s)/3+1)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		j := i + size
		switch {
		case wordRune(r):
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if !wordRune(r) {
					break
				}
				j += n
			}
			out = append(out, s[i:j])
		case unicode.IsSpace(r):
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsSpace(r) {
					break
				}
				j += n
			}
			switch strings.Count(s[i:j], "\n") {
			case 0:
				out = append(out, " ")
			case 1:
				out = append(out, "\n")
			default:
				out = append(out, "\n\n")
			}
		default:
			out = append(out, s[i:j])
		}
		i = j
	}
	return out
}

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

func isWord(tok string) bool {
	r, _ := utf8.DecodeRuneInString(tok)
	return wordRune(r)
}

func isSpace(tok string) bool { return tok == " " }

// diff compares two token sequences with go-diff over runes standing for
// tokens, then tidies the result: a lone space between two changes joins
// them, and the deletions of a change come before its insertions.
func diff(a, b []string) []segment {
	codes := map[string]rune{}
	var table []string
	encode := func(toks []string) []rune {
		out := make([]rune, len(toks))
		for i, t := range toks {
			r, ok := codes[t]
			if !ok {
				r = runeFor(len(table))
				codes[t] = r
				table = append(table, t)
			}
			out[i] = r
		}
		return out
	}
	ra, rb := encode(a), encode(b)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // no deadline: the same inputs always give the same, minimal diff
	var segs []segment
	for _, d := range dmp.DiffMainRunes(ra, rb, false) {
		s := segment{op: Op(d.Type)}
		for _, r := range d.Text {
			s.toks = append(s.toks, table[indexOf(r)])
		}
		if len(s.toks) > 0 {
			segs = append(segs, s)
		}
	}
	return tidy(segs)
}

// runeFor maps a token index to a rune, skipping the surrogate range (not
// valid in a Go string) and starting above the control characters.
func runeFor(i int) rune {
	r := rune(i) + 0x100
	if r >= 0xD800 {
		r += 0x800
	}
	return r
}

func indexOf(r rune) int {
	if r >= 0xE000 {
		r -= 0x800
	}
	return int(r - 0x100)
}

// tidy joins changes separated only by one space into one change and
// orders each change as its deletions, then its insertions.
func tidy(segs []segment) []segment {
	var out []segment
	var del, ins []string
	flush := func() {
		if len(del) > 0 {
			out = append(out, segment{Delete, del})
		}
		if len(ins) > 0 {
			out = append(out, segment{Insert, ins})
		}
		del, ins = nil, nil
	}
	for i, s := range segs {
		switch s.op {
		case Delete:
			del = append(del, s.toks...)
		case Insert:
			ins = append(ins, s.toks...)
		default:
			between := i > 0 && i < len(segs)-1 && (len(del) > 0 || len(ins) > 0) && segs[i+1].op != Equal
			if between && len(s.toks) == 1 && isSpace(s.toks[0]) {
				del = append(del, s.toks...)
				ins = append(ins, s.toks...)
				continue
			}
			flush()
			out = append(out, s)
		}
	}
	flush()
	return out
}

// spans collects text into spans, joining neighbours with the same Op.
type spans struct {
	out  []Span
	op   Op
	text strings.Builder
}

func (s *spans) add(op Op, text string) {
	if s.text.Len() > 0 && op != s.op {
		s.flush()
	}
	s.op = op
	s.text.WriteString(text)
}

func (s *spans) brk(op Op, kind string) {
	s.flush()
	s.out = append(s.out, Span{Op: op, Break: kind})
}

func (s *spans) flush() {
	if s.text.Len() > 0 {
		s.out = append(s.out, Span{Op: s.op, Text: s.text.String()})
		s.text.Reset()
	}
}

// take returns the spans so far and starts afresh.
func (s *spans) take() []Span {
	s.flush()
	out := s.out
	s.out = nil
	return out
}

// paragraphs lays the segments out as the newer text's paragraphs. A break
// that is in both texts or only in the newer one breaks the output; one only
// in the older text becomes a marked deletion.
func paragraphs(segs []segment) []Paragraph {
	var out []Paragraph
	var cur spans
	end := func() {
		if p := cur.take(); len(p) > 0 {
			out = append(out, Paragraph{Spans: p})
		}
	}
	for _, s := range segs {
		for _, tok := range s.toks {
			switch tok {
			case "\n", "\n\n":
				kind := LineBreak
				if tok == "\n\n" {
					kind = ParaBreak
				}
				switch {
				case s.op == Equal && kind == ParaBreak:
					end()
				case s.op == Insert && kind == ParaBreak:
					cur.brk(Insert, ParaBreak)
					end()
				default: // a line break, or a removed paragraph break
					cur.brk(s.op, kind)
				}
			default:
				cur.add(s.op, tok)
			}
		}
	}
	end()
	return out
}

// Sides compares two one-line values word by word and returns each side
// on its own: the older value with its removed words marked, the newer one
// with its inserted words marked. Breaks are kept as spaces.
func Sides(older, newer string) (old, new []Span) {
	var a, b spans
	for _, s := range diff(Tokens(older), Tokens(newer)) {
		for _, tok := range s.toks {
			if tok == "\n" || tok == "\n\n" {
				tok = " "
			}
			if s.op != Insert {
				a.add(s.op, tok)
			}
			if s.op != Delete {
				b.add(s.op, tok)
			}
		}
	}
	return a.take(), b.take()
}
