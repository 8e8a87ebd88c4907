package vn

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Every build normalizes each body and folds, keys or slugs names many times
// per directive, nearly always valid NFC Vietnamese. The fast paths below
// read such text rune by rune through a table and hand anything else (invalid
// UTF-8, combining marks, runes above the table) to the slow paths in vn.go,
// which are the definitions. TestFastMatchesSlow checks every rune of the
// table against them.

// tableSize bounds the runes the fast paths know: Latin with Vietnamese
// (U+1EA0–U+1EF9), Greek, Cyrillic, punctuation and symbols.
const tableSize = 0x3000

// Fold of one rune, besides the rune itself.
const (
	foldUnknown = -1 // the fast paths cannot fold it: take the slow path
	foldDrop    = -2 // folding removes it (a combining mark that is a starter)
	keySpace    = -3 // white space, for Key
)

type tables struct {
	// stable holds the runes NFC keeps and nothing composes with or reorders
	// across (quick check Yes, combining class 0, decomposition starting
	// with a starter): any text made of them alone is NFC.
	stable [tableSize / 64]uint64
	// fold is Fold of the rune alone, when that is one stable rune (or
	// nothing), so that Fold of a text of stable runes (whose decompositions
	// start with a starter) is the concatenation of these.
	fold [tableSize]int32
	// key is the fold lower-cased (as strings.ToLower does), or keySpace;
	// Key and Slug read it.
	key [tableSize]int32
}

func (t *tables) isStable(r rune) bool { return t.stable[r>>6]&(1<<(r&63)) != 0 }

var tab = sync.OnceValue(buildTables)

func buildTables() *tables {
	t := new(tables)
	var buf [utf8.UTFMax]byte
	decomposes := make([]bool, tableSize)
	for r := rune(0); r < tableSize; r++ {
		b := utf8.AppendRune(buf[:0], r)
		p := norm.NFC.Properties(b)
		// Only a rune with a decomposition can be one NFC changes.
		decomposes[r] = p.Decomposition() != nil
		if p.CCC() == 0 && p.BoundaryBefore() && (!decomposes[r] || norm.NFC.IsNormal(b) && p.LeadCCC() == 0) {
			t.stable[r>>6] |= 1 << (r & 63)
		}
	}
	for r := rune(0); r < tableSize; r++ {
		t.fold[r] = foldUnknown
		if !t.isStable(r) {
			continue
		}
		switch r {
		case 'Đ', 'Ð':
			t.fold[r] = 'D'
			continue
		case 'đ', 'ð':
			t.fold[r] = 'd'
			continue
		}
		if !decomposes[r] {
			t.fold[r] = r
			if unicode.Is(unicode.Mn, r) {
				t.fold[r] = foldDrop
			}
			continue
		}
		b := utf8.AppendRune(buf[:0], r)
		var kept []byte
		for _, c := range string(norm.NFD.Bytes(b)) {
			if !unicode.Is(unicode.Mn, c) {
				kept = utf8.AppendRune(kept, c)
			}
		}
		kept = norm.NFC.Bytes(kept)
		f, n := utf8.DecodeRune(kept)
		switch {
		case len(kept) == 0:
			t.fold[r] = foldDrop
		case n == len(kept) && f < tableSize && t.isStable(f) && f != 'Ð' && f != 'ð' && f != 'Đ' && f != 'đ':
			t.fold[r] = f
		}
	}
	for r, f := range t.fold {
		t.key[r] = f
		if f >= 0 {
			t.key[r] = unicode.ToLower(f)
			if unicode.IsSpace(t.key[r]) {
				t.key[r] = keySpace
			}
		}
	}
	return t
}

// lazy builds a result that usually equals the input or a piece of it:
// until the first byte that differs it only moves over s, so a string that
// is already in the result form costs no allocation.
type lazy struct {
	s     string
	a, w  int // until spilt, the result is s[a:w]
	spilt bool
	buf   strings.Builder
}

func (o *lazy) empty() bool { return !o.spilt && o.a == o.w }

// writeByte appends c, which stands for the input at s[at:] (used only to
// start the result there when it is still empty).
func (o *lazy) writeByte(at int, c byte) {
	if !o.spilt {
		if o.a == o.w {
			o.a, o.w = at, at
		}
		if o.w < len(o.s) && o.s[o.w] == c {
			o.w++
			return
		}
		o.spill()
	}
	o.buf.WriteByte(c)
}

func (o *lazy) writeRune(at int, r rune) {
	if r < utf8.RuneSelf {
		o.writeByte(at, byte(r))
		return
	}
	var enc [utf8.UTFMax]byte
	b := utf8.AppendRune(enc[:0], r)
	if !o.spilt {
		if o.a == o.w {
			o.a, o.w = at, at
		}
		if len(o.s)-o.w >= len(b) && o.s[o.w:o.w+len(b)] == string(b) {
			o.w += len(b)
			return
		}
		o.spill()
	}
	o.buf.Write(b)
}

func (o *lazy) spill() {
	o.spilt = true
	o.buf.Grow(len(o.s) + utf8.UTFMax)
	o.buf.WriteString(o.s[o.a:o.w])
}

func (o *lazy) String() string {
	if !o.spilt {
		return o.s[o.a:o.w]
	}
	return o.buf.String()
}

// normalizeFast is Normalize for text of stable runes; ok is false when the
// slow path must decide.
func normalizeFast(s string) (out string, ok bool) {
	t := tab()
	eth := false
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:]) // invalid UTF-8 gives U+FFFD, beyond the table
		if r >= tableSize || !t.isStable(r) {
			return "", false
		}
		eth = eth || r == 'Ð' || r == 'ð'
		i += n
	}
	if !eth {
		return s, true
	}
	// Ð (C3 90) → Đ (C4 90), ð (C3 B0) → đ (C4 91): same length.
	b := []byte(s)
	for i := 0; i+1 < len(b); i++ {
		if b[i] == 0xC3 && (b[i+1] == 0x90 || b[i+1] == 0xB0) {
			b[i], b[i+1] = 0xC4, 0x90+(b[i+1]-0x90)/0x20
			i++
		}
	}
	return string(b), true
}

// foldRune reads the rune at s[i] (not ASCII) and returns its fold, its size,
// and ok false when the slow path must decide.
func (t *tables) foldRune(s string, i int) (f rune, n int, ok bool) {
	r, n := utf8.DecodeRuneInString(s[i:])
	if r >= tableSize {
		return 0, n, false
	}
	f = t.fold[r]
	return f, n, f != foldUnknown
}

func foldFast(s string) (string, bool) {
	t := tab()
	o := lazy{s: s}
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			o.writeByte(i, c)
			i++
			continue
		}
		f, n, ok := t.foldRune(s, i)
		if !ok {
			return "", false
		}
		if f != foldDrop {
			o.writeRune(i, f)
		}
		i += n
	}
	return o.String(), true
}

// keyAt reads the rune at s[i] and returns its key (see tables.key) and
// size; foldUnknown sends the text to the slow path.
func (t *tables) keyAt(s string, i int) (k rune, n int) {
	if c := s[i]; c < utf8.RuneSelf {
		return t.key[c], 1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if r >= tableSize {
		return foldUnknown, n
	}
	return t.key[r], n
}

func keyFast(s string) (string, bool) {
	t := tab()
	o := lazy{s: s}
	space := false
	for i := 0; i < len(s); {
		k, n := t.keyAt(s, i)
		switch k {
		case foldUnknown:
			return "", false
		case foldDrop:
		case keySpace:
			space = true
		default:
			if space && !o.empty() {
				o.writeByte(i, ' ')
			}
			space = false
			o.writeRune(i, k)
		}
		i += n
	}
	return o.String(), true
}

func slugFast(s string) (string, bool) {
	t := tab()
	o := lazy{s: s}
	hyphen := false
	for i := 0; i < len(s); {
		k, n := t.keyAt(s, i)
		switch {
		case k == foldUnknown:
			return "", false
		case 'a' <= k && k <= 'z' || '0' <= k && k <= '9':
			if hyphen && !o.empty() {
				o.writeByte(i, '-')
			}
			hyphen = false
			o.writeByte(i, byte(k))
		case k != foldDrop: // no ASCII letter or digit
			hyphen = true
		}
		i += n
	}
	return o.String(), true
}
