package cite

import (
	"strings"
	"testing"
)

// contextRef is contextOf without its fast path.
func contextRef(body string, c Citation) string {
	start := c.Start
	for start > 0 && !strings.ContainsRune(".;\n", rune(body[start-1])) {
		start--
	}
	end := c.End
	for end < len(body) && !strings.ContainsRune(".;\n", rune(body[end])) {
		end++
	}
	s := strings.Join(strings.Fields(strings.NewReplacer("**", "", "*", "", "__", "").Replace(body[start:end])), " ")
	if r := []rune(s); len(r) > 320 {
		s = string(r[:320]) + "…"
	}
	return s
}

// posRef converts one byte offset in body to a line (0 for the body's
// first) and a column.
func posRef(body string, off int) (line, col int) {
	before := body[:off]
	return strings.Count(before, "\n"), off - strings.LastIndexByte(before, '\n')
}

func checkContexts(t *testing.T, body string) {
	t.Helper()
	for i := 0; i <= len(body); i++ {
		c := Citation{Start: i, End: i}
		if got, want := contextOf(body, c), contextRef(body, c); got != want {
			t.Fatalf("contextOf(%q) at %d = %q, want %q", body, i, got, want)
		}
	}
}

func TestContextOf(t *testing.T) {
	tests := []string{
		"",
		"Thực hiện Công văn số 24/UBND-VX ngày 02/11/2018.",
		"  a  b  ",
		"Một **câu** có *nhấn* và __gạch__ và _nghiêng_; ___ba___.",
		"tab\there; form\ffeed\vvertical\rreturn",
		"no-break\u00a0space. em\u2003space. ideographic\u3000space. line\u2028sep. nel\u0085x",
		"Ðiện Biên U\u031b\u0309y ban.",
		"invalid \xff\xfe bytes \xc2 here; \xe2\x80 cut",
		strings.Repeat("Chữ dài ", 60) + ".",
		strings.Repeat("x ", 200) + "\xff.",
		"a _ b __c_ d",
	}
	for _, body := range tests {
		checkContexts(t, body)
	}
}

func FuzzContextOf(f *testing.F) {
	f.Add("Thực hiện **Công văn** số 24/UBND-VX; xem __mục 2__.\n\u00a0x")
	f.Fuzz(func(t *testing.T, body string) {
		if len(body) > 2000 {
			return
		}
		checkContexts(t, body)
	})
}

func TestPositions(t *testing.T) {
	body := "một\nhai ba\n\nbốn năm\n"
	p := positions{body: body}
	for _, off := range []int{0, 1, 4, 5, 10, 11, 12, 12, 13, 3, len(body), 0} {
		line, col := p.at(off)
		if wl, wc := posRef(body, off); line != wl || col != wc {
			t.Errorf("at(%d) = %d:%d, want %d:%d", off, line, col, wl, wc)
		}
	}
}
