package lint

import (
	"fmt"
	"strings"
	"testing"

	"vanban/generator/diag"
	"vanban/generator/load"
	"vanban/generator/model"
)

// parse builds a document from front matter lines, through the real loader,
// so positions are those an author sees.
func parse(t *testing.T, name string, lines ...string) *model.Document {
	t.Helper()
	src := "---\n" + strings.Join(lines, "\n") + "\n---\n\nNội dung.\n"
	doc, diags := load.ParseFile(name, []byte(src))
	if diags.HasErrors() || doc == nil {
		t.Fatalf("%s does not load:\n%s\n%v", name, src, diags)
	}
	return doc
}

// want is an expected finding: severity and a fragment of the message, at
// the line of the key (1 is the opening "---").
type want struct {
	sev  diag.Severity
	line int
	frag string
}

func (w want) String() string { return fmt.Sprintf("%d: %s: …%s…", w.line, w.sev, w.frag) }

type lintCase struct {
	name  string
	lines []string
	want  []want // empty: clean
}

func runCases(t *testing.T, rule string, cases []lintCase) {
	t.Helper()
	var r Rule
	for _, x := range Rules() {
		if x.Name == rule {
			r = x
		}
	}
	if r.Doc == nil {
		t.Fatalf("no per-document rule %q", rule)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := parse(t, "a.md", append([]string{"title: Trích yếu"}, c.lines...)...)
			var got diag.List
			r.Doc(doc, &got)
			check(t, got, c.want, rule)
		})
	}
}

func check(t *testing.T, got diag.List, wants []want, rule string) {
	t.Helper()
	if len(got) != len(wants) {
		t.Fatalf("got %d findings, want %d:\n%v\nwant %v", len(got), len(wants), got, wants)
	}
	for i, w := range wants {
		g := got[i]
		if g.Severity != w.sev || g.Pos.Line != w.line || !strings.Contains(g.Message, w.frag) || !strings.HasPrefix(g.Message, rule+": ") {
			t.Errorf("finding %d = %s (line %d), want %v", i, g.Error(), g.Pos.Line, w)
		}
		wantCol := 1
		if rule == "authority-prefix" { // points at the nested "authority:" key
			wantCol = 3
		}
		if g.Pos.Col != wantCol {
			t.Errorf("finding %d at column %d, want the key's column %d", i, g.Pos.Col, wantCol)
		}
	}
}

// Line numbers: 1 "---", 2 title, 3 the first case line, 4 the second…
// Signature findings point at the nested "authority:" key (line 5, column 3).

func TestTypeCode(t *testing.T) {
	runCases(t, "type-code", []lintCase{
		{"matching", []string{"type: thong-bao", "number: 364/TB-VPCP"}, nil},
		{"wrong code", []string{"type: thong-bao", "number: 12/QĐ-UBND"}, []want{{diag.Error, 4, "carries the code QĐ (Quyết định), but the type is thong-bao"}}},
		{"wrong code, number first", []string{"number: 12/QĐ-UBND", "type: thong-bao"}, []want{{diag.Error, 3, "type is thong-bao"}}},
		{"case matters HD vs HĐ", []string{"type: huong-dan", "number: 5/HĐ-UBND"}, []want{{diag.Error, 4, "HĐ (Hợp đồng)"}}},
		{"legal with year", []string{"type: nghi-dinh", "number: 30/2020/NĐ-CP"}, nil},
		{"Quốc hội resolution without code", []string{"type: nghi-quyet", "number: 80/2023/QH15"}, nil},
		{"no code in symbol", []string{"type: quyet-dinh", "number: 12/UBND-VX"}, []want{{diag.Warning, 4, "carries the code QĐ"}}},
		{"công văn has no code to match", []string{"type: cong-van", "number: 4588/UBND-VX"}, nil},
		{"unknown number", []string{"type: thong-bao"}, nil},
		{"blank number keeps the symbol", []string{"type: quyet-dinh", "number: /QĐ-UBND"}, nil},
		{"Party quyết định QĐi", []string{"type: quyet-dinh", "number: 08-QĐi/TW"}, nil},
		{"Party chỉ thị", []string{"type: chi-thi", "number: 25-CT/TW"}, nil},
		{"Party wrong code", []string{"type: ket-luan", "number: 25-CT/TW"}, []want{{diag.Error, 4, "Chỉ thị"}}},
		{"công điện", []string{"type: cong-dien", "number: 778/CĐ-TTg"}, nil},
		{"unknown type van-ban", []string{"type: van-ban", "number: 12/QĐ-UBND"}, nil},
	})
}

func TestCongVanCode(t *testing.T) {
	runCases(t, "cong-van-code", []lintCase{
		{"plain", []string{"type: cong-van", "number: 4588/UBND-VX"}, nil},
		{"ministry unit", []string{"type: cong-van", "number: 6860/BYT-DP"}, nil},
		{"typed symbol", []string{"type: cong-van", "number: 12/TB-UBND"}, []want{{diag.Error, 4, "is it a thong-bao?"}}},
		{"Party công văn", []string{"type: cong-van", "number: 31-CV/BCĐ"}, nil},
		{"Party công văn with another code", []string{"type: cong-van", "number: 31-KL/TU"}, []want{{diag.Error, 4, "số-CV/ISSUER"}}},
		{"not a công văn", []string{"type: thong-bao", "number: 12/TB-UBND"}, nil},
		{"blank number", []string{"type: cong-van", "number: /UBND-VX"}, nil},
	})
}

func TestPartyForm(t *testing.T) {
	runCases(t, "party-form", []lintCase{
		{"Ban Bí thư, Party form", []string{"type: chi-thi", "number: 25-CT/TW", "issuer: Ban Bí thư"}, nil},
		{"Ban Bí thư, state form", []string{"type: chi-thi", "number: 25/CT-TW", "issuer: Ban Bí thư"}, []want{{diag.Error, 4, "(25-CT/TW), not 25/CT-TW"}}},
		{"Tỉnh ủy by issuer", []string{"type: ket-luan", "number: 12/KL-TU", "issuer: Tỉnh ủy Điện Biên"}, []want{{diag.Error, 4, "12-KL/TU"}}},
		{"Tỉnh uỷ old accents, upper case", []string{"type: ket-luan", "number: 12/KL-BTV", "issuer: TỈNH UỶ LAI CHÂU"}, []want{{diag.Error, 4, "12-KL/BTV"}}},
		{"Huyện ủy by symbol only", []string{"type: thong-bao", "number: 7/TB-HU"}, []want{{diag.Error, 4, "7-TB/HU"}}},
		{"Đảng ủy", []string{"type: nghi-quyet", "number: 3/NQ-ĐU", "issuer: Đảng ủy Khối cơ quan tỉnh"}, []want{{diag.Error, 4, "3-NQ/ĐU"}}},
		{"state body, state form", []string{"type: thong-bao", "number: 364/TB-VPCP", "issuer: Văn phòng Chính phủ"}, nil},
		{"state body, Party form", []string{"type: thong-bao", "number: 12-TB/UBND", "issuer: Ủy ban nhân dân tỉnh Lai Châu"}, []want{{diag.Warning, 4, "is a state body"}}},
		{"Ban Chỉ đạo, Party form, no verdict", []string{"type: cong-van", "number: 31-CV/BCĐ", "issuer: Ban Chỉ đạo"}, nil},
		{"đăng is not đảng", []string{"type: thong-bao", "number: 5/TB-STTTT", "issuer: Sở Thông tin, đăng ký"}, nil},
	})
}

func TestYearInfix(t *testing.T) {
	runCases(t, "year-infix", []lintCase{
		{"matching", []string{"type: nghi-dinh", "number: 30/2020/NĐ-CP", "date: 2020-03-05"}, nil},
		{"mismatch", []string{"type: nghi-dinh", "number: 30/2020/NĐ-CP", "date: 2021-03-05"}, []want{{diag.Error, 4, "carries the year 2020, but the document is dated 05/03/2021"}}},
		{"mismatch, month precision", []string{"type: nghi-quyet", "number: 80/2023/QH15", "date: 2022-01"}, []want{{diag.Error, 4, "year 2023"}}},
		{"no date", []string{"type: nghi-dinh", "number: 30/2020/NĐ-CP"}, nil},
		{"legal type without year", []string{"type: thong-tu", "number: 12/TT-BYT", "date: 2021-06-01"}, []want{{diag.Warning, 4, "has no year"}}},
		{"old legal document without year", []string{"type: nghi-dinh", "number: 169-CP", "date: 1995-01-01"}, nil},
		{"administrative document", []string{"type: quyet-dinh", "number: 12/QĐ-UBND", "date: 2021-06-01"}, nil},
	})
}

func TestAuthorityPrefix(t *testing.T) {
	signer := func(a string) []string {
		return []string{"type: cong-van", "signer:", "  authority: " + a, "  title: PHÓ CHỦ TỊCH"}
	}
	runCases(t, "authority-prefix", []lintCase{
		{"KT.", signer("KT. CHỦ TỊCH"), nil},
		{"TM.", signer("TM. ỦY BAN NHÂN DÂN"), nil},
		{"Q.", signer("Q. CHỦ TỊCH"), nil},
		{"TL.", signer("TL. BỘ TRƯỞNG"), nil},
		{"TUQ.", signer("TUQ. CHỦ TỊCH"), nil},
		{"glued", signer("KT.CHỦ TỊCH"), nil},
		{"head signs without prefix", signer("CHỦ TỊCH"), nil},
		{"T/M is not a prefix", signer("T/M. ỦY BAN NHÂN DÂN"), []want{{diag.Error, 5, `"T/M." is not a signature prefix`}}},
		{"unknown prefix", signer("PT. CHỦ TỊCH"), []want{{diag.Error, 5, `"PT."`}}},
		{"lower case", signer("kt. CHỦ TỊCH"), []want{{diag.Error, 5, `did you mean "KT."?`}}},
		{"missing dot", signer("KT CHỦ TỊCH"), []want{{diag.Warning, 5, `"KT.", not "KT"`}}},
		{"no signer", []string{"type: cong-van"}, nil},
	})
}

func TestEffectiveDate(t *testing.T) {
	runCases(t, "effective-date", []lintCase{
		{"same day", []string{"type: quyet-dinh", "date: 2022-12-07", "effective: 2022-12-07"}, nil},
		{"later", []string{"type: quyet-dinh", "date: 2022-12-07", "effective: 2023-01-01"}, nil},
		{"before", []string{"type: quyet-dinh", "date: 2022-12-07", "effective: 2022-12-01"}, []want{{diag.Error, 5, "takes effect 01/12/2022, before it was issued (07/12/2022)"}}},
		{"before, key first", []string{"type: quyet-dinh", "effective: 2022-12-01", "date: 2022-12-07"}, []want{{diag.Error, 4, "before it was issued"}}},
		{"month precision, may be the same", []string{"type: quyet-dinh", "date: 2022-12", "effective: 2022-12-01"}, nil},
		{"month precision, before", []string{"type: quyet-dinh", "date: 2022-12", "effective: 2022-11-30"}, []want{{diag.Error, 5, "before"}}},
		{"no issue date", []string{"type: quyet-dinh", "effective: 2022-11-30"}, nil},
		{"expires before effect", []string{"type: quyet-dinh", "date: 2022-12-07", "effective: 2023-01-01", "expires: 2022-12-31"}, []want{{diag.Error, 6, "expires 31/12/2022, before it takes effect"}}},
		{"expires before issue", []string{"type: quyet-dinh", "date: 2022-12-07", "expires: 2022-12-06"}, []want{{diag.Error, 5, "before it was issued"}}},
	})
}

func TestDuplicateNumber(t *testing.T) {
	doc := func(file, number, province, date string) *model.Document {
		lines := []string{"type: cong-van", "title: T", "number: " + number}
		if province != "" {
			lines = append(lines, "province: "+province)
		}
		if date != "" {
			lines = append(lines, "date: "+date)
		}
		return parse(t, file, lines...)
	}
	cases := []struct {
		name string
		docs []*model.Document
		want []want
	}{
		{"different numbers", []*model.Document{doc("a.md", "1/UBND-VX", "lai-chau", "2022-01-01"), doc("b.md", "2/UBND-VX", "lai-chau", "2022-01-01")}, nil},
		{"same number, other unit", []*model.Document{doc("a.md", "4588/UBND-VX", "lai-chau", "2022-01-01"), doc("b.md", "4588/UBND-KT", "lai-chau", "2022-05-01")}, []want{{diag.Error, 4, "4588/UBND-KT uses number 4588 of UBND in 2022, already used by 4588/UBND-VX in a.md"}}},
		{"leading zeros", []*model.Document{doc("a.md", "010/UBND-VX", "lai-chau", "2022-01-01"), doc("b.md", "10/UBND-KT", "lai-chau", "2022-05-01")}, []want{{diag.Error, 4, "already used by 010/UBND-VX"}}},
		{"same number, other type code", []*model.Document{doc("a.md", "12/QĐ-UBND", "lai-chau", "2022-01-01"), doc("b.md", "12/UBND-VX", "lai-chau", "2022-05-01")}, []want{{diag.Warning, 4, "share one series"}}},
		{"same number, other year", []*model.Document{doc("a.md", "4588/UBND-VX", "lai-chau", "2022-01-01"), doc("b.md", "4588/UBND-KT", "lai-chau", "2023-01-01")}, nil},
		{"same number, other province", []*model.Document{doc("a.md", "4588/UBND-VX", "lai-chau", "2022-01-01"), doc("b.md", "4588/UBND-KT", "dien-bien", "2022-01-01")}, nil},
		{"same number, other issuer", []*model.Document{doc("a.md", "12/BYT-DP", "trung-uong", "2022-01-01"), doc("b.md", "12/VPCP-KGVX", "trung-uong", "2022-01-01")}, nil},
		{"identical number left to the catalogue", []*model.Document{doc("a.md", "4588/UBND-VX", "lai-chau", "2022-01-01"), doc("b.md", "4588/UBND-VX", "lai-chau", "2022-02-01")}, nil},
		{"legal documents numbered per type", []*model.Document{doc("a.md", "30/2020/NĐ-CP", "trung-uong", ""), doc("b.md", "30/2020/NQ-CP", "trung-uong", "")}, nil},
		{"legal documents, same type", []*model.Document{doc("a.md", "30/2020/NĐ-CP", "trung-uong", ""), doc("b.md", "030/2020/NĐ-CP", "trung-uong", "")}, nil},
		{"Party documents numbered per type", []*model.Document{doc("a.md", "25-CT/TW", "trung-uong", "2023-10-25"), doc("b.md", "25-KL/TW", "trung-uong", "2023-01-01")}, nil},
		{"no year", []*model.Document{doc("a.md", "4588/UBND-VX", "", ""), doc("b.md", "4588/UBND-KT", "", "")}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got diag.List
			checkDuplicates(c.docs, &got)
			check(t, got, c.want, "duplicate-number")
		})
	}
}

func TestCheckCoversEditionsAndSorts(t *testing.T) {
	a := parse(t, "b/x.md", "type: thong-bao", "title: T", "number: 12/QĐ-UBND", "edition:", "  number: 1")
	b := parse(t, "b/y.md", "type: thong-bao", "title: T", "number: 12/QĐ-UBND", "edition:", "  number: 2", "date: 2022-01-01", "effective: 2021-01-01")
	c := parse(t, "a.md", "type: cong-van", "title: T", "number: 12/TB-UBND")
	got := Check([]*model.Directive{{Editions: []*model.Document{a, b}}, {Editions: []*model.Document{c}}})
	var lines []string
	for _, d := range got {
		lines = append(lines, d.Error())
	}
	wantLines := []string{
		"a.md:4:1: cong-van-code: a công văn has no type code (4588/UBND-VX), but 12/TB-UBND carries TB (Thông báo); is it a thong-bao?",
		"b/x.md:4:1: type-code: 12/QĐ-UBND carries the code QĐ (Quyết định), but the type is thong-bao (Thông báo, code TB); fix the type or the number",
		"b/y.md:4:1: type-code: 12/QĐ-UBND carries the code QĐ (Quyết định), but the type is thong-bao (Thông báo, code TB); fix the type or the number",
		"b/y.md:8:1: effective-date: takes effect 01/01/2021, before it was issued (01/01/2022)",
	}
	if strings.Join(lines, "\n") != strings.Join(wantLines, "\n") {
		t.Errorf("Check =\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(wantLines, "\n"))
	}
}

func TestRulesDescribed(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		if r.Name == "" || r.Summary == "" || (r.Doc == nil) == (r.All == nil) || seen[r.Name] {
			t.Errorf("rule %+v: needs a unique name, a summary and exactly one check", r.Name)
		}
		seen[r.Name] = true
	}
}
