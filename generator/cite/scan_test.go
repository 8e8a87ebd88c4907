package cite

import (
	"strings"
	"testing"
)

func nextDigitRef(text string, i int) int {
	for ; i < len(text); i++ {
		if isDigit(text[i]) {
			return i
		}
	}
	return len(text)
}

func TestNextDigit(t *testing.T) {
	tests := []string{
		"",
		"5",
		"không có chữ số nào ở đây cả, kể cả :/;@",
		"Công văn số 4588/UBND-VX",
		strings.Repeat("x", 15) + "9",
		strings.Repeat("\xff/:", 9) + "0",
		"0123456789",
		"\x00\x09\x0a\x2f\x3a\x3f\xb0\xb9\xf0\xf9 ",
	}
	for _, s := range tests {
		for i := 0; i <= len(s); i++ {
			if got, want := nextDigit(s, i), nextDigitRef(s, i); got != want {
				t.Errorf("nextDigit(%q, %d) = %d, want %d", s, i, got, want)
			}
		}
	}
}

func FuzzNextDigit(f *testing.F) {
	f.Add("Thực hiện Quyết định số 12/QĐ-UBND")
	f.Fuzz(func(t *testing.T, s string) {
		for i := 0; i <= len(s); i++ {
			if got, want := nextDigit(s, i), nextDigitRef(s, i); got != want {
				t.Fatalf("nextDigit(%q, %d) = %d, want %d", s, i, got, want)
			}
		}
	})
}
