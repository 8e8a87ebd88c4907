package diffview

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"vanban/generator/model"
)

func TestTokens(t *testing.T) {
	got := Tokens("  Số 12/TB-VD, ngày 01/3/2023:\r\n\r\n\r\nđiều  chỉnh\tlần 2.\n- Các sở.  ")
	want := []string{"Số", " ", "12", "/", "TB", "-", "VD", ",", " ", "ngày", " ", "01", "/", "3", "/", "2023", ":",
		"\n\n", "điều", " ", "chỉnh", " ", "lần", " ", "2", ".", "\n", "-", " ", "Các", " ", "sở", "."}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Tokens:\n got %q\nwant %q", got, want)
	}
	// Decomposed input (combining marks) gives the same words as NFC.
	if a, b := Tokens(norm.NFD.String("Phòng, chống dịch")), Tokens("Phòng, chống dịch"); !reflect.DeepEqual(a, b) {
		t.Errorf("NFD %q vs NFC %q", a, b)
	}
}

// show writes a comparison compactly: [-removed-] and {+inserted+}, "|"
// for a line break and "¶" between paragraphs.
func show(t *Text) string {
	var b strings.Builder
	for i, p := range t.Paragraphs {
		if i > 0 {
			b.WriteString(" ¶ ")
		}
		for _, s := range p.Spans {
			text := s.Text
			if s.Break != NoBreak {
				text = map[string]string{LineBreak: "|", ParaBreak: "¶"}[s.Break]
			}
			switch s.Op {
			case Insert:
				fmt.Fprintf(&b, "{+%s+}", text)
			case Delete:
				fmt.Fprintf(&b, "[-%s-]", text)
			default:
				b.WriteString(text)
			}
		}
	}
	return b.String()
}

func TestWords(t *testing.T) {
	tests := []struct {
		name, old, new, want string
		ins, del             int
	}{
		{"same", "Các sở, ngành thực hiện.", "Các sở, ngành thực hiện.", "Các sở, ngành thực hiện.", 0, 0},
		{"white space only", "Các sở,\tngành  thực hiện.\n\n\nHai.", "Các sở, ngành thực hiện.\n\nHai.", "Các sở, ngành thực hiện. ¶ Hai.", 0, 0},
		{"one word", "hoàn thành trước ngày 15 tháng 3", "hoàn thành trước ngày 30 tháng 3", "hoàn thành trước ngày [-15-]{+30+} tháng 3", 1, 1},
		{"diacritic only", "Sở Y tế chủ trì", "Sở Y tế chù trì", "Sở Y tế [-chủ-]{+chù+} trì", 1, 1},
		{"not a prefix of a word", "ngày", "ngà", "[-ngày-]{+ngà+}", 1, 1},
		{"insertion", "Sở Y tế chủ trì.", "Sở Y tế chủ trì, phối hợp.", "Sở Y tế chủ trì{+, phối hợp+}.", 2, 0},
		{"deletion", "các cơ quan, đơn vị liên quan", "các cơ quan liên quan", "các cơ quan[-, đơn vị-] liên quan", 0, 2},
		{"adjacent words join", "giao Sở Tài chính thực hiện", "giao Sở Nội vụ thực hiện", "giao Sở [-Tài chính-]{+Nội vụ+} thực hiện", 2, 2},
		{"number part", "Công văn số 4588/UBND-VX ngày 07/12/2022", "Công văn số 4589/UBND-VX ngày 07/12/2022", "Công văn số [-4588-]{+4589+}/UBND-VX ngày 07/12/2022", 1, 1},
		{"new paragraph", "Một.\n\nHai.", "Một.\n\nMột rưỡi.\n\nHai.", "Một. ¶ {+Một rưỡi.+}{+¶+} ¶ Hai.", 2, 0},
		{"paragraphs joined", "Một.\n\nHai.", "Một. Hai.", "Một.[-¶-]{+ +}Hai.", 0, 0},
		{"line break kept", "- Một;\n- Hai.", "- Một;\n- Ba.", "- Một;|- [-Hai-]{+Ba+}.", 1, 1},
	}
	for _, tt := range tests {
		got := Words(tt.old, tt.new)
		if s := show(got); s != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, s, tt.want)
		}
		if got.Inserted != tt.ins || got.Deleted != tt.del {
			t.Errorf("%s: inserted %d, deleted %d words; want %d, %d", tt.name, got.Inserted, got.Deleted, tt.ins, tt.del)
		}
		if changed := tt.ins+tt.del > 0 || strings.ContainsAny(tt.want, "{["); got.Changed() != changed {
			t.Errorf("%s: Changed() = %v", tt.name, got.Changed())
		}
	}
}

// TestWordsRebuilds checks on longer text that the comparison holds both
// texts: equal and deleted spans give the older, equal and inserted the
// newer (up to white space).
func TestWordsRebuilds(t *testing.T) {
	old := strings.Repeat("Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành triển khai thực hiện nghiêm túc.\n\n", 40)
	new := strings.Replace(old, "nghiêm túc", "khẩn trương, nghiêm túc", 3)
	new = strings.Replace(new, "các sở, ban, ngành", "các sở, ngành", 1) + "Giao Văn phòng theo dõi."
	d := Words(old, new)
	var a, b strings.Builder
	for _, p := range d.Paragraphs {
		for _, s := range p.Spans {
			text := s.Text
			if s.Break != NoBreak {
				text = " "
			}
			if s.Op != Insert {
				a.WriteString(text)
			}
			if s.Op != Delete {
				b.WriteString(text)
			}
		}
		a.WriteString(" ")
		b.WriteString(" ")
	}
	squash := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	if squash(a.String()) != squash(old) {
		t.Errorf("older side does not rebuild the older text")
	}
	if squash(b.String()) != squash(new) {
		t.Errorf("newer side does not rebuild the newer text")
	}
	if d.Inserted != 3*2+5 || d.Deleted != 1 {
		t.Errorf("inserted %d, deleted %d; want 11, 1", d.Inserted, d.Deleted)
	}
	if again := Words(old, new); !reflect.DeepEqual(again, d) {
		t.Errorf("not deterministic")
	}
}

func TestManyDistinctTokens(t *testing.T) {
	var a, b strings.Builder
	for i := range 60000 { // crosses the surrogate range of the rune mapping
		fmt.Fprintf(&a, "w%d ", i)
		if i != 59999 {
			fmt.Fprintf(&b, "w%d ", i)
		}
	}
	d := Words(a.String(), b.String())
	if d.Deleted != 1 || d.Inserted != 0 {
		t.Errorf("inserted %d, deleted %d; want 0, 1", d.Inserted, d.Deleted)
	}
}

func TestFields(t *testing.T) {
	n, _ := model.ParseNumber("12/TB-VD")
	a := &model.Document{Number: n, Title: "Về việc ví dụ", Date: model.Date{Year: 2023, Month: 3, Day: 1},
		Signer: model.Signer{Authority: "KT. CHỦ TỊCH", Name: "Nguyễn Văn A"}, Addressees: []string{"Các sở"}}
	b := *a
	b.Date.Day = 2
	b.Addressees = []string{"Các sở", "UBND các huyện"}
	b.Edition = model.EditionInfo{Number: 2, Note: "Đính chính"}
	got := Fields(a, &b, nil)
	var labels []string
	for _, f := range got {
		labels = append(labels, f.Label)
	}
	if want := []string{"Ngày ban hành", "Kính gửi"}; !reflect.DeepEqual(labels, want) {
		t.Fatalf("changed fields %q, want %q", labels, want)
	}
	want := []Span{{Op: Equal, Text: "ngày "}, {Op: Delete, Text: "01"}, {Op: Equal, Text: " tháng 3 năm 2023"}}
	if !reflect.DeepEqual(got[0].Old, want) {
		t.Errorf("old date spans %+v, want %+v", got[0].Old, want)
	}
	want = []Span{{Op: Equal, Text: "ngày "}, {Op: Insert, Text: "02"}, {Op: Equal, Text: " tháng 3 năm 2023"}}
	if !reflect.DeepEqual(got[0].New, want) {
		t.Errorf("new date spans %+v, want %+v", got[0].New, want)
	}
	want = []Span{{Op: Equal, Text: "Các sở"}, {Op: Insert, Text: "; UBND các huyện"}}
	if !reflect.DeepEqual(got[1].New, want) {
		t.Errorf("new addressees %+v, want %+v", got[1].New, want)
	}
}

func TestSpanParts(t *testing.T) {
	for _, tt := range []struct{ text, lead, core, trail string }{
		{" Thủ trưởng", " ", "Thủ trưởng", ""},
		{"a b ", "", "a b", " "},
		{"x", "", "x", ""},
		{" ", " ", "", ""},
	} {
		s := Span{Op: Insert, Text: tt.text}
		if s.Lead() != tt.lead || s.Core() != tt.core || s.Trail() != tt.trail {
			t.Errorf("%q: %q %q %q", tt.text, s.Lead(), s.Core(), s.Trail())
		}
		if s.Lead()+s.Core()+s.Trail() != tt.text {
			t.Errorf("%q: parts do not rebuild the text", tt.text)
		}
	}
}
