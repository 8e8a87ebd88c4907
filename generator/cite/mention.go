package cite

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"vanban/generator/model"
)

// Mentions returns the citations of other documents in a document's body,
// which starts at line bodyLine of its file, as the resolver links them:
// in order, without the document's own number, each with its position in
// the file and the sentence around it. The strings are copies, not views of
// body: a body is often a view of its file's bytes, which a build drops.
// It returns nil when there are none.
func Mentions(body string, own model.Number, bodyLine int) []model.Mention {
	cs := Find(body)
	if own.Known() {
		key := own.Key()
		keep := cs[:0]
		for _, c := range cs {
			if c.Number.Key() != key {
				keep = append(keep, c)
			}
		}
		cs = keep
	}
	if len(cs) == 0 {
		return nil
	}
	out := make([]model.Mention, len(cs))
	pos := positions{body: body}
	var lastCtx, lastCopy string
	for i, c := range cs {
		line, col := pos.at(c.Start)
		ctx := contextOf(body, c)
		// Citations of one sentence share its context: one copy.
		if ctx != lastCtx || i == 0 {
			lastCtx, lastCopy = ctx, strings.Clone(ctx)
		}
		out[i] = model.Mention{
			Number:  detach(c.Number),
			Date:    c.Date,
			Issuer:  strings.Clone(c.Issuer),
			Kind:    c.Kind, // a slug of kindWords, not of body
			Line:    bodyLine + line,
			Col:     col,
			Context: lastCopy,
		}
	}
	return out
}

// detach copies the strings of n, which may be views of the text.
func detach(n model.Number) model.Number {
	n.Text, n.Seq, n.Symbol, n.Code, n.Issuer = strings.Clone(n.Text), strings.Clone(n.Seq), strings.Clone(n.Symbol), strings.Clone(n.Code), strings.Clone(n.Issuer)
	return n
}

// contextOf returns the sentence around a citation, without Markdown marks.
func contextOf(body string, c Citation) string {
	start := c.Start
	for start > 0 && !strings.ContainsRune(".;\n", rune(body[start-1])) {
		start--
	}
	end := c.End
	for end < len(body) && !strings.ContainsRune(".;\n", rune(body[end])) {
		end++
	}
	s, ok := plainSentence(body[start:end])
	if !ok {
		s = strings.Join(strings.Fields(emphasis().Replace(body[start:end])), " ")
	}
	if len(s) > 320 { // bytes: at least as many as runes
		if r := []rune(s); len(r) > 320 {
			s = string(r[:320]) + "…"
		}
	}
	return s
}

var emphasis = sync.OnceValue(func() *strings.Replacer { return strings.NewReplacer("**", "", "*", "", "__", "") })

// plainSentence returns s without its leading and trailing white space when
// that is all contextOf would change: no emphasis marks, and words joined by
// single spaces (none of the other white space strings.Fields splits at).
// ok is false when contextOf must clean s the long way.
func plainSentence(s string) (string, bool) {
	i, j := 0, len(s)
	for i < j && isASCIISpace(s[i]) {
		i++
	}
	for j > i && isASCIISpace(s[j-1]) {
		j--
	}
	s = s[i:j]
	for k := 0; k < len(s); k++ {
		switch s[k] {
		case '*', '\t', '\n', '\v', '\f', '\r':
			return "", false
		case '_':
			if k+1 < len(s) && s[k+1] == '_' {
				return "", false
			}
		case ' ':
			if isASCIISpace(s[k+1]) { // s does not end in a space
				return "", false
			}
		case 0xC2, 0xE1, 0xE2, 0xE3: // lead bytes of the other unicode.IsSpace runes
			if r, _ := utf8.DecodeRuneInString(s[k:]); unicode.IsSpace(r) {
				return "", false
			}
		}
	}
	return s, true
}

func isASCIISpace(c byte) bool { return c == ' ' || '\t' <= c && c <= '\r' }

// positions converts increasing byte offsets in a body to lines (0 for the
// body's first) and columns (in bytes, 1-based), counting lines once.
type positions struct {
	body      string
	off, line int // lines before off
	lineStart int // offset of the line holding off
}

func (p *positions) at(off int) (line, col int) {
	if off < p.off { // not increasing: count again
		*p = positions{body: p.body}
	}
	seg := p.body[p.off:off]
	p.line += strings.Count(seg, "\n")
	if k := strings.LastIndexByte(seg, '\n'); k >= 0 {
		p.lineStart = p.off + k + 1
	}
	p.off = off
	return p.line, off - p.lineStart + 1
}
