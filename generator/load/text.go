package load

import (
	"encoding/binary"
	"sync"
	"unicode/utf8"

	"vanban/generator/vn"
)

// Checking that a body is NFC with norm.NFC.IsNormalString and looking for
// Ð and ð (what vn.Normalize does to text that is already normal) cost
// more than parsing the front matter. Almost all text is ASCII and
// precomposed Vietnamese letters, so one pass that validates UTF-8 and
// looks each rune up in a bitmap decides it; anything else goes to
// vn.Normalize, whose result is then the same as ever.

// nfcSafeLimit bounds the bitmap.
const nfcSafeLimit = 0x2100

// nfcSafeRanges are runes that vn.Normalize leaves alone whatever surrounds
// them: NFC quick check "yes", canonical combining class 0, no
// decomposition starting with a non-starter, and not Ð or ð — Latin-1,
// Latin Extended-A and -B, IPA, Latin Extended Additional (ạ…ỹ) and
// general punctuation. A text of ASCII and such runes is normal (the quick
// check says so without looking further), so vn.Normalize returns it
// unchanged. TestNFCSafe checks every one against the Unicode tables (only
// vn may import them).
var nfcSafeRanges = [...][2]rune{{0x0080, 0x00cf}, {0x00d1, 0x00ef}, {0x00f1, 0x02ff}, {0x1e00, 0x1eff}, {0x2002, 0x20cf}}

// nfcSafe is nfcSafeRanges as a bitmap.
var nfcSafe = sync.OnceValue(func() *[nfcSafeLimit / 64]uint64 {
	var t [nfcSafeLimit / 64]uint64
	for _, rg := range nfcSafeRanges {
		for r := rg[0]; r <= rg[1]; r++ {
			t[r/64] |= 1 << (r % 64)
		}
	}
	return &t
})

// scanText reports whether b is UTF-8 and the offset of the last rune in b
// that is not ASCII or nfcSafe (-1 when there is none): text after that
// offset needs no normalization.
func scanText(b []byte) (lastOdd int, valid bool) {
	safe := nfcSafe()
	lastOdd = -1
	for i := 0; i < len(b); {
		for i+8 <= len(b) && binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 == 0 {
			i += 8
		}
		if i == len(b) {
			break
		}
		// Decoded here for the two- and three-byte forms Vietnamese text is
		// made of; utf8.DecodeRune is slower and takes the rest.
		var r rune
		size := 0
		switch c := b[i]; {
		case c < utf8.RuneSelf:
			i++
			continue
		case c >= 0xc2 && c < 0xe0 && i+1 < len(b) && b[i+1]&0xc0 == 0x80:
			r, size = rune(c&0x1f)<<6|rune(b[i+1]&0x3f), 2
		case c > 0xe0 && c < 0xed && i+2 < len(b) && b[i+1]&0xc0 == 0x80 && b[i+2]&0xc0 == 0x80:
			r, size = rune(c&0x0f)<<12|rune(b[i+1]&0x3f)<<6|rune(b[i+2]&0x3f), 3
		default:
			r, size = utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size == 1 {
				return lastOdd, false
			}
		}
		if r >= nfcSafeLimit || safe[r/64]&(1<<(r%64)) == 0 {
			lastOdd = i
		}
		i += size
	}
	return lastOdd, true
}

// normalize is vn.Normalize, without its work for text that is normal.
func normalize(s string) string {
	safe := nfcSafe()
	for _, r := range s {
		if r >= utf8.RuneSelf && (r >= nfcSafeLimit || safe[r/64]&(1<<(r%64)) == 0) {
			return vn.Normalize(s)
		}
	}
	return s
}
