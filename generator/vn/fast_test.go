package vn

import (
	"testing"
	"unicode/utf8"
)

// funcs pairs each text rule with its slow path, the definition.
var funcs = []struct {
	name       string
	fast, slow func(string) string
}{
	{"Normalize", Normalize, normalizeSlow},
	{"Fold", Fold, foldSlow},
	{"Key", Key, keySlow},
	{"Slug", Slug, slugSlow},
}

func checkSame(t *testing.T, s string) {
	t.Helper()
	for _, f := range funcs {
		if got, want := f.fast(s), f.slow(s); got != want {
			t.Errorf("%s(%q) = %q, slow path gives %q", f.name, s, got, want)
		}
	}
}

func TestFastMatchesSlow(t *testing.T) {
	tests := []struct {
		name string
		in   string
		fast bool // the fast paths decide it without the slow ones
	}{
		{"empty", "", true},
		{"ASCII", "Cong van 4588/UBND-VX", true},
		{"ASCII key form", "cong van 4588/ubnd-vx", true},
		{"ASCII slug form", "cong-van-4588-ubnd-vx", true},
		{"ASCII white space", " \t Ba  Ria\n-\vVung\fTau\r ", true},
		{"ASCII punctuation only", "--//..", true},
		{"NFC", "Công văn số 4588/UBND-VX của Ủy ban nhân dân tỉnh Lai Châu", true},
		{"NFC capitals", "ĐẮK NÔNG – THỪA THIÊN HUẾ", true},
		{"NFC key form", "ủy ban nhân dân tỉnh điện biên", true},
		{"no-break and wide spaces", "Hà\u00a0Nội\u2003Huế\u3000x", false},
		{"no-break space", "Hà\u00a0Nội", true},
		{"old-style tone", "Hoà Bình, Uỷ ban", true},
		{"eth capital", "Ðiện Biên", true},
		{"eth small", "ðồng", true},
		{"eth only", "Ð", true},
		{"eth and D with stroke", "ÐĐðđ", true},
		{"NFD", "U\u031b\u0309y ban Ha\u0300 Nô\u0323i", false},
		{"NFD after eth", "Ð\u0300", false},
		{"mixed NFC and NFD", "Thừa Thie\u0302n Huế", false},
		{"mixed scripts", "Hà Nội – Αθήνα – Москва́ – 東京", false},
		{"Greek and Cyrillic", "Ἀθῆναι Йошкар-Ола ё", true},
		{"Latin beyond Vietnamese", "Ǆǅǆ ǖ Ǣ ß ø İ ſ ﬁ", false},
		{"symbols", "§ 1 ¿? « » “x” … № ℃", true},
		{"combining mark alone", "\u0301", false},
		{"invalid UTF-8", "Hà\xffNội", false},
		{"truncated rune", "Hà Nộ\xe1\xbb", false},
		{"invalid only", "\xc3", false},
		{"replacement char", "a\ufffdb", false},
		{"above table", "a\U0001F600b", false},
		{"leading and trailing", "  --Đà Nẵng--  ", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkSame(t, tt.in)
			for _, f := range []func(string) (string, bool){normalizeFast, foldFast, keyFast, slugFast} {
				if _, ok := f(tt.in); ok && !tt.fast && !utf8.ValidString(tt.in) {
					t.Errorf("a fast path accepted invalid UTF-8 %q", tt.in)
				}
			}
			if !tt.fast {
				return
			}
			for _, f := range []func(string) (string, bool){normalizeFast, foldFast, keyFast, slugFast} {
				if _, ok := f(tt.in); !ok {
					t.Errorf("the fast path gave %q to the slow path", tt.in)
				}
			}
		})
	}
}

// Every rune of the table, alone and among others, gives the slow path's
// result: the fast paths assume folding works rune by rune.
func TestFastRunes(t *testing.T) {
	var buf []byte
	for r := rune(0); r < tableSize+0x100; r++ {
		if r >= 0xD800 && r < 0xE000 {
			continue
		}
		c := string(r)
		checkSame(t, c)
		buf = buf[:0]
		for _, ctx := range []string{"A", c, " ", "Đ", "a\u0301", c, "ô", "-", c, "\u00a0", c} {
			buf = append(buf, ctx...)
		}
		checkSame(t, string(buf))
		checkSame(t, c+"\u0301") // a mark after it may compose
		checkSame(t, "ê"+c)      // it may compose with what is before
		if t.Failed() {
			t.Fatalf("stopped at U+%04X", r)
		}
	}
}

// A text already in the result form comes back as it is, without copying.
func TestFastNoAlloc(t *testing.T) {
	tests := []struct {
		name string
		f    func(string) string
		in   string
	}{
		{"Normalize", Normalize, "Công văn số 4588/UBND-VX của Ủy ban nhân dân tỉnh Lai Châu"},
		{"Normalize", Normalize, "4588/UBND-VX"},
		{"Fold", Fold, "Cong van 4588/UBND-VX"},
		{"Key", Key, "cong van 4588/ubnd-vx"},
		{"Key", Key, "  uy ban  "},
		{"Slug", Slug, "cong-van-4588-ubnd-vx"},
		{"Slug", Slug, "-30-2020-nd-cp!"},
	}
	for _, tt := range tests {
		if n := testing.AllocsPerRun(100, func() { tt.f(tt.in) }); n != 0 {
			t.Errorf("%s(%q) allocates %v times", tt.name, tt.in, n)
		}
	}
}

func FuzzFastMatchesSlow(f *testing.F) {
	for _, s := range []string{"", "Công văn 4588/UBND-VX", "Ðà Nẵng", "U\u031b\u0309y", "Hà\xffNội", "  Bà Rịa –  Vũng Tàu ", "ǅ ß İ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkSame(t, s) })
}

func BenchmarkText(b *testing.B) {
	const text = "Thực hiện Quyết định số 12/QĐ-UBND ngày 06/08/2016 của UBND Thành phố Hồ Chí Minh; Công văn số 24/UBND-VX"
	for _, f := range funcs {
		b.Run(f.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				f.fast(text)
			}
		})
		b.Run(f.name+"/slow", func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				f.slow(text)
			}
		})
	}
}

// The tables are built once per process, on the first call.
func BenchmarkBuildTables(b *testing.B) {
	for b.Loop() {
		buildTables()
	}
}
