package cite

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"vanban/generator/model"
)

// texts returns the canonical numbers Find reads in s, in order.
func texts(cs []Citation) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Number.Text)
	}
	return out
}

func TestFindForms(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // Number.Text of each citation
	}{
		{"typed", "theo Thông báo số 364/TB-VPCP ngày 29/11/2022", []string{"364/TB-VPCP"}},
		{"cong van without code", "Công văn số 4588/UBND-VX ngày 07/12/2022", []string{"4588/UBND-VX"}},
		{"ascii CD", "theo Công điện số 778/CD-TTg ngày 05/9/2022", []string{"778/CĐ-TTg"}},
		{"CD with year", "Công điện 12/2025/CD-TTg", []string{"12/2025/CĐ-TTg"}},
		{"icelandic eth", "Nghị định số 30/2020/NÐ-CP", []string{"30/2020/NĐ-CP"}},
		{"space before slash", "tại Nghị quyết 86 /NQ-CP năm 2025", []string{"86/NQ-CP"}},
		{"space after hyphen", "Báo cáo thẩm tra số 164/BC- BKTNS của Ban", []string{"164/BC-BKTNS"}},
		{"party space after hyphen", "văn bản số 9151- CV/BTCTW ngày 29/7/2025", []string{"9151-CV/BTCTW"}},
		{"party space before hyphen", "Kết luận số 1254 -KL/TU ngày 18/11/2024", []string{"1254-KL/TU"}},
		{"party en dash", "Kết luận số 1254 –KL/TU", []string{"1254-KL/TU"}},
		{"slash party with space", "Nghị quyết số 27/NQ- TW ngày 09/11/2022", []string{"27/NQ-TW"}},
		{"en dash in symbol", "Quyết định số 12/QĐ–UBND", []string{"12/QĐ-UBND"}},
		{"line break", "Quyết định số 416/QĐ-\nTTg ngày 1/4/2025", []string{"416/QĐ-TTg"}},
		{"emphasis inside", "Nghị quyết số 203**/2025/QH15** ngày 16/6/2025", []string{"203/2025/QH15"}},
		{"no space after số", "Tờ trình số357/TTr-CP ngày 9/5/2025", []string{"357/TTr-CP"}},
		{"zero padded", "Chỉ thị số 010/CT-UBND", []string{"010/CT-UBND"}},
		{"party CT", "Chỉ thị số 25-CT/TW ngày 25/10/2023", []string{"25-CT/TW"}},
		{"party CV BCĐ", "Công văn số 31-CV/BCĐ ngày 27/11/2023", []string{"31-CV/BCĐ"}},
		{"party QĐi", "Quy định số 08-QĐi/TW", []string{"08-QĐi/TW"}},
		{"dotted symbol", "Công văn số 11554/VPCP-V.I ngày 25/11/2025.", []string{"11554/VPCP-V.I"}},
		{"joint issuers", "(Kế hoạch số 1557/KH-BYT-BGDĐT ngày 18/11/2022)", []string{"1557/KH-BYT-BGDĐT"}},
		{"law with year", "Nghị quyết số 80/2023/QH15 ngày 09/01/2023", []string{"80/2023/QH15"}},
		{"standing committee", "Nghị quyết số 76/2025/UBTVQH15", []string{"76/2025/UBTVQH15"}},
		{"old CP after kind word", "Hội đồng Chính phủ đã ra Quyết định số 169-CP về", []string{"169-CP"}},
		{"old CP no số", "theo Quyết định 201-CP ngày 01 tháng 7 năm 1980", []string{"201-CP"}},
		{"old TTg", "Chỉ thị số 299/TTg", []string{"299/TTg"}},
		{"old list", "các Quyết định số 169-CP và 201-CP", []string{"169-CP", "201-CP"}},
		{"list of strong", "Nghị định số 63/2010/NĐ-CP, 92/2017/NĐ-CP;48/2013/NĐ-CP", []string{"63/2010/NĐ-CP", "92/2017/NĐ-CP", "48/2013/NĐ-CP"}},
		{"bare strong", "(theo 6902/VPCP-KSTT)", []string{"6902/VPCP-KSTT"}},
		{"trailing space punctuation", "Thông tư 86/2013/TT-BTC .", []string{"86/2013/TT-BTC"}},
		{"case kept", "Tờ trình số 454/TTr-SoNNMT", []string{"454/TTr-SoNNMT"}},
		{"hướng dẫn", "Hướng dẫn số 5/HD-UBND", []string{"5/HD-UBND"}},
		{"hợp đồng", "Hợp đồng số 5/HĐ-UBND", []string{"5/HĐ-UBND"}},
		{"đề án vs dự án", "Đề án số 7/ĐA-UBND và Dự án số 7/DA-UBND", []string{"7/ĐA-UBND", "7/DA-UBND"}},
		{"capitals kind word", "NGHỊ QUYẾT SỐ 214/NQ-CP", []string{"214/NQ-CP"}},
		{"kind word split by line", "Nghị\nđịnh 126/2020/NĐ-CP", []string{"126/2020/NĐ-CP"}},
		{"table cell", "| 1 | 2310/QĐ-BNNMT | x |", []string{"2310/QĐ-BNNMT"}},
		{"own number header", "Số: 4240/UBND-VX", []string{"4240/UBND-VX"}},
		{"typo kind word", "Căn cứ Thông số 17/2025/TT-BNNMT", []string{"17/2025/TT-BNNMT"}},

		// look-alikes
		{"date", "ngày 07/12/2022 và 8/9", nil},
		{"date range", "từ 16-20/11/2025", nil},
		{"ratio", "tại 10/10 huyện, thường trực 24/24h", nil},
		{"age range", "trẻ em từ 5-11 tuổi và 12-17 tuổi", nil},
		{"year range", "giai đoạn 2026-2031, 2026 - 2031, 2021 – 2025", nil},
		{"rain", "mưa 100-150mm", nil},
		{"covid", "Covid-19, COVID-19 và SARS-CoV-2", nil},
		{"phone", "Điện thoại: 0213.3791.558", nil},
		{"count", "đã tiêm 1.453.359 liều", nil},
		{"form code slash", "theo mẫu số 03/TNDN ban hành", nil},
		{"form code dash", "lập theo Mẫu số 05-PA ban hành", nil},
		{"form code strong shape", "Mẫu số 01/TK-SDDPNN", nil},
		{"old form needs kind word", "số 169-CP và 299/TTg", nil},
		{"OCR list item", "3- Tại Điều 5", nil},
		{"section", "Điều 5 - QUY ĐỊNH CHUNG", nil},
		{"time", "lúc 21:13 [GMT+7] 19/04/2024", nil},
		{"version", "phiên bản 1/2 và trang 3/TỔNG", nil},
		{"lowercase symbol", "theo 12/tr-abc", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := texts(Find(tt.in))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Find(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFindFields(t *testing.T) {
	in := "Theo đó, thực hiện Thông báo số 364/TB-VPCP ngày 29/11/2022 của Văn phòng Chính\nphủ về việc kết luận; Công điện số 778/CD-TTg ngày 05/9/2022 của Thủ tướng Chính phủ, Kế hoạch số 1557/KH-BYT-BGDĐT ngày 18/11/2022 của Bộ Y tế - Bộ Giáo dục và Đào tạo."
	cs := Find(in)
	if len(cs) != 3 {
		t.Fatalf("Find: %d citations, want 3: %+v", len(cs), cs)
	}
	want := []struct {
		kind, kindText, raw, ref, text, date, issuer string
	}{
		{"thong-bao", "Thông báo", "364/TB-VPCP", "364/TB-VPCP", "364/TB-VPCP", "2022-11-29", "Văn phòng Chính phủ"},
		{"cong-dien", "Công điện", "778/CD-TTg", "778/CD-TTg", "778/CĐ-TTg", "2022-09-05", "Thủ tướng Chính phủ"},
		{"ke-hoach", "Kế hoạch", "1557/KH-BYT-BGDĐT", "1557/KH-BYT-BGDĐT", "1557/KH-BYT-BGDĐT", "2022-11-18", "Bộ Y tế - Bộ Giáo dục và Đào tạo"},
	}
	for k, w := range want {
		c := cs[k]
		if c.Kind != w.kind || c.KindText != w.kindText || c.Raw != w.raw || c.Ref() != w.ref ||
			c.Number.Text != w.text || c.Date.String() != w.date || c.Issuer != w.issuer {
			t.Errorf("citation %d = %+v (Ref %q), want %+v", k, c, c.Ref(), w)
		}
		if in[c.NumStart:c.NumEnd] != c.Raw {
			t.Errorf("citation %d: NumStart..NumEnd = %q, want %q", k, in[c.NumStart:c.NumEnd], c.Raw)
		}
		if !strings.HasPrefix(in[c.Start:], c.KindText) {
			t.Errorf("citation %d: Start at %q, want the kind word", k, in[c.Start:min(c.Start+20, len(in))])
		}
	}
	if got := in[cs[0].Start:cs[0].End]; got != "Thông báo số 364/TB-VPCP ngày 29/11/2022 của Văn phòng Chính\nphủ" {
		t.Errorf("whole match = %q", got)
	}
}

func TestFindDetails(t *testing.T) {
	tests := []struct {
		in                       string
		raw, ref, kind, kindText string
		date, issuer             string
	}{
		{"Nghị quyết 86 /NQ-CP năm 2025 về", "86 /NQ-CP", "86/NQ-CP", "nghi-quyet", "Nghị quyết", "2025", ""},
		{"Quyết định số 416/QĐ-\nTTg ngày 1/4/2025", "416/QĐ-\nTTg", "416/QĐ-TTg", "quyet-dinh", "Quyết định", "2025-04-01", ""},
		{"Nghị quyết số 203**/2025/QH15** ngày", "203**/2025/QH15", "203/2025/QH15", "nghi-quyet", "Nghị quyết", "", ""},
		{"Quyết định 201-CP ngày 01 tháng 7 năm 1980 của Hội đồng Chính phủ, đồng thời", "201-CP", "201-CP", "quyet-dinh", "Quyết định", "1980-07-01", "Hội đồng Chính phủ"},
		{"Công văn số 12/UBND-VX ngày   tháng 9 năm 2022 của UBND tỉnh Lai Châu về", "12/UBND-VX", "12/UBND-VX", "cong-van", "Công văn", "2022-09", "UBND tỉnh Lai Châu"},
		{"Căn cứ Luật Tổ chức chính\nquyền địa phương số 72/2025/QH15;", "72/2025/QH15", "72/2025/QH15", "luat", "Luật", "", ""},
		{"Nghị định số 126/2020/NĐ-CP ngày 19/10/2020 của Chính phủ quy định chi tiết", "126/2020/NĐ-CP", "126/2020/NĐ-CP", "nghi-dinh", "Nghị định", "2020-10-19", "Chính phủ"},
		{"Kế hoạch số 24/KH-UBND ngày 14/8/2025 của UBND tỉnh và các", "24/KH-UBND", "24/KH-UBND", "ke-hoach", "Kế hoạch", "2025-08-14", "UBND tỉnh"},
		{"Quyết định số 2310/QĐ-BNNMT ngày 08/4/2025 của Bộ Nông nghiệp và Môi trường", "2310/QĐ-BNNMT", "2310/QĐ-BNNMT", "quyet-dinh", "Quyết định", "2025-04-08", "Bộ Nông nghiệp và Môi trường"},
		{"Công văn số 5/UBND-VX của UBND TP. Hồ Chí Minh;", "5/UBND-VX", "5/UBND-VX", "cong-van", "Công văn", "", "UBND TP. Hồ Chí Minh"},
		{"Tờ trình số357/TTr-CP", "357/TTr-CP", "357/TTr-CP", "to-trinh", "Tờ trình", "", ""},
	}
	for _, tt := range tests {
		cs := Find(tt.in)
		if len(cs) != 1 {
			t.Errorf("Find(%q): %d citations, want 1", tt.in, len(cs))
			continue
		}
		c := cs[0]
		if c.Raw != tt.raw || c.Ref() != tt.ref || c.Kind != tt.kind || c.KindText != tt.kindText ||
			c.Date.String() != tt.date || c.Issuer != tt.issuer {
			t.Errorf("Find(%q) = raw %q ref %q kind %q %q date %q issuer %q; want %q %q %q %q %q %q",
				tt.in, c.Raw, c.Ref(), c.Kind, c.KindText, c.Date, c.Issuer,
				tt.raw, tt.ref, tt.kind, tt.kindText, tt.date, tt.issuer)
		}
		if tt.in[c.NumStart:c.NumEnd] != c.Raw {
			t.Errorf("Find(%q): NumStart..NumEnd %q != Raw %q", tt.in, tt.in[c.NumStart:c.NumEnd], c.Raw)
		}
	}
}

func TestKindWordsAreRegistered(t *testing.T) {
	for _, kw := range kindWords {
		if _, ok := model.TypeBySlug(kw.slug); kw.slug != "" && !ok {
			t.Errorf("kind word %q: slug %q is not in model.DocTypes", kw.word, kw.slug)
		}
	}
	for _, dt := range model.DocTypes() {
		found := false
		for _, kw := range kindWords {
			found = found || kw.slug == dt.Slug
		}
		if !found {
			t.Errorf("type %q (%s) has no kind word", dt.Slug, dt.Name)
		}
	}
}

func TestType(t *testing.T) {
	cs := Find("(6902/VPCP-KSTT, 574/TB-VPCP) và Công văn số 12/UBND-VX")
	got := []string{cs[0].Type(), cs[1].Type(), cs[2].Type()}
	if want := []string{"", "thong-bao", "cong-van"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Type() = %q, want %q", got, want)
	}
}

func TestExcludeAndUnique(t *testing.T) {
	in := "Số: 010/CT-UBND\nCăn cứ Nghị định số 31/2021/NĐ-CP; Nghị định 31/2021/NĐ-CP; Chỉ thị số 10/CT-UBND."
	cs := Find(in)
	if len(cs) != 4 {
		t.Fatalf("Find: %q", texts(cs))
	}
	own, _ := model.ParseNumber("010/CT-UBND")
	rest := Exclude(cs, own)
	if got := texts(Unique(rest)); !reflect.DeepEqual(got, []string{"31/2021/NĐ-CP"}) {
		t.Errorf("Unique(Exclude(…)) = %q", got)
	}
	if len(cs) != 4 || cs[0].Number.Text != "010/CT-UBND" {
		t.Errorf("Exclude modified its input: %q", texts(cs))
	}
	blank, _ := model.ParseNumber("/CT-UBND")
	if got := Exclude(cs, blank); len(got) != 4 {
		t.Errorf("Exclude(blank own number) dropped citations: %q", texts(got))
	}
}

// The seed documents the project started from.
func TestSeeds(t *testing.T) {
	const dir = "../../../shared/seeds"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("seed texts not found at %s (shared material absent): %v", dir, err)
	}
	want := map[string][]string{
		"000": {"4588/UBND-VX", "364/TB-VPCP", "6860/BYT-DP", "1557/KH-BYT-BGDĐT"},
		"001": {"288/TB-VPCP", "778/CĐ-TTg", "3294/UBND-VX"},
		"002": nil,
		"003": nil,
		"004": {"494/TB-VPCP", "80/2023/QH15", "31-CV/BCĐ", "25-CT/TW", "99/2023/QH15"},
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) != len(want) {
		t.Fatalf("seeds: %q, %v", files, err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got := texts(Unique(Find(string(b))))
		if w := want[filepath.Base(f)[:3]]; !reflect.DeepEqual(got, w) {
			t.Errorf("%s: Find = %q, want %q", filepath.Base(f), got, w)
		}
	}
	// seed 001 writes the công điện with ASCII CD; Ref keeps it as written.
	b, _ := os.ReadFile(files[1])
	for _, c := range Find(string(b)) {
		if c.Number.Text == "778/CĐ-TTg" && c.Ref() != "778/CD-TTg" {
			t.Errorf("Ref() = %q, want as written 778/CD-TTg", c.Ref())
		}
	}
}

// checkInvariants asserts what every caller relies on: offsets in range and
// ordered, the number span is Raw, citations do not overlap.
func checkInvariants(t *testing.T, text string, cs []Citation) {
	t.Helper()
	prevEnd := 0
	for k, c := range cs {
		if !(0 <= c.Start && c.Start <= c.NumStart && c.NumStart < c.NumEnd && c.NumEnd <= c.End && c.End <= len(text)) {
			t.Fatalf("citation %d: bad offsets %d %d %d %d (len %d)", k, c.Start, c.NumStart, c.NumEnd, c.End, len(text))
		}
		if c.Start < prevEnd {
			t.Fatalf("citation %d starts at %d before the previous end %d", k, c.Start, prevEnd)
		}
		prevEnd = c.End
		if text[c.NumStart:c.NumEnd] != c.Raw {
			t.Fatalf("citation %d: Raw %q != text %q", k, c.Raw, text[c.NumStart:c.NumEnd])
		}
		if c.Number.Text == "" || c.Ref() == "" {
			t.Fatalf("citation %d: empty number %+v", k, c)
		}
	}
}

func TestInvariantsOnCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.txt"))
	seeds, _ := filepath.Glob("../../../shared/seeds/*.txt")
	if len(files)+len(seeds) == 0 {
		t.Skip("shared texts absent")
	}
	for _, f := range append(files, seeds...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, string(b), Find(string(b)))
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"Thông báo số 364/TB-VPCP ngày 29/11/2022 của Văn phòng Chính phủ về việc",
		"Công điện số 778/CD-TTg ngày 05/9/2022 của Thủ tướng Chính phủ, Công văn số 3294/UBND-VX",
		"Nghị quyết số 203**/2025/QH15** ngày", "Tờ trình số357/TTr-CP", "416/QĐ-\nTTg",
		"9151- CV/BTCTW", "1254 –KL/TU", "Quyết định số 169-CP và 201-CP", "10/10 huyện 24/24h 5-11 tuổi",
		"Covid-19 SARS-CoV-2 0213.3791.558 1.453.359", "mẫu số 03/TNDN", "số", "của", "ngày 1/", "1/A",
		"12/QĐ-UBND của", "Luật số 1/2020/QH14", "\xff1/TB-VPCP\xc3", "Đ1/ĐĐ-ĐĐ của Ð ngày 99 tháng 99 năm 9999",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkInvariants(t, s, Find(s))
	})
}

// benchText is about 8 KB of directive prose with citations and look-alikes.
func benchText() string {
	const para = "Theo đó, thực hiện Thông báo số 364/TB-VPCP ngày 29/11/2022 của Văn phòng Chính phủ về việc " +
		"kết luận của Phó Thủ tướng; Công điện số 778/CD-TTg ngày 05/9/2022 của Thủ tướng Chính phủ, " +
		"Nghị định số 30/2020/NĐ-CP, Chỉ thị số 25-CT/TW ngày 25/10/2023. Tại 10/10 huyện, trẻ em từ 5-11 tuổi " +
		"đã tiêm 1.453.359 liều vắc xin phòng Covid-19; điện thoại 0213.3791.558; giai đoạn 2026 - 2031.\n"
	var b strings.Builder
	for b.Len() < 8<<10 {
		b.WriteString(para)
	}
	return b.String()[:8<<10]
}

func BenchmarkFind(b *testing.B) {
	text := benchText()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Find(text)
	}
}
