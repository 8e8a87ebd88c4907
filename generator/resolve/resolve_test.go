package resolve

import (
	"slices"
	"strings"
	"testing"

	"vanban/generator/cite"
	"vanban/generator/index"
	"vanban/generator/model"
	"vanban/generator/province"
)

// Two provinces both have 100/UBND-VX in 2022: a local symbol resolves in
// the citing directive's province, or the province its issuer phrase
// names, and never in another.
func TestResolveLocalSymbolStaysInProvince(t *testing.T) {
	laiChau := doc{file: "lc-100.md", number: "100/UBND-VX", date: "2022-01-05"}
	dienBien := doc{file: "db-100.md", number: "100/UBND-VX", province: "dien-bien", date: "2022-01-10"}
	tests := []struct {
		name string
		from doc
		want []string
		warn string // substring of the warnings, "" for none
	}{
		{"Lai Châu cites its own", doc{file: "a.md", number: "200/UBND-VX", date: "2022-03-01",
			body: "Thực hiện Công văn số 100/UBND-VX ngày 05/01/2022 của UBND tỉnh.\n"},
			[]string{"lai-chau/2022/100-ubnd-vx"}, ""},
		{"Lai Châu cites without date or issuer", doc{file: "a.md", number: "200/UBND-VX", date: "2022-03-01",
			body: "Thực hiện Công văn số 100/UBND-VX.\n"},
			[]string{"lai-chau/2022/100-ubnd-vx"}, ""},
		{"Điện Biên names Lai Châu", doc{file: "a.md", number: "300/UBND-VX", province: "dien-bien", date: "2022-03-01",
			body: "Theo Công văn số 100/UBND-VX ngày 05/01/2022 của UBND tỉnh Lai Châu.\n"},
			[]string{"lai-chau/2022/100-ubnd-vx"}, ""},
		{"Điện Biên cites its own", doc{file: "a.md", number: "300/UBND-VX", province: "dien-bien", date: "2022-03-01",
			body: "Theo Công văn số 100/UBND-VX ngày 10/01/2022 của UBND tỉnh.\n"},
			[]string{"dien-bien/2022/100-ubnd-vx"}, ""},
		{"central body cannot tell whose", doc{file: "a.md", number: "50/BYT-DP", province: "trung-uong", date: "2022-03-01",
			body: "Bộ Y tế nhận được Công văn số 100/UBND-VX ngày 05/01/2022.\n"},
			nil, "local number"},
		{"unknown province cannot tell whose", doc{file: "a.md", province: "-", date: "2022-03-01",
			body: "Thực hiện Công văn số 100/UBND-VX.\n"},
			nil, "local number"},
		{"central names the province", doc{file: "a.md", number: "50/BYT-DP", province: "trung-uong", date: "2022-03-01",
			body: "Công văn số 100/UBND-VX ngày 10/01/2022 của Ủy ban nhân dân tỉnh Điện Biên.\n"},
			[]string{"dien-bien/2022/100-ubnd-vx"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, g, diags := archive(t, "2024-01-01", laiChau, dienBien, tt.from)
			got := targets(g, entry(t, ix, "a.md"))
			if !slices.Equal(got, tt.want) {
				t.Errorf("links = %q, want %q", got, tt.want)
			}
			msgs := messages(diags)
			if tt.warn == "" && msgs != "" || tt.warn != "" && !strings.Contains(msgs, tt.warn) {
				t.Errorf("diagnostics:\n%swant %q", msgs, tt.warn)
			}
			if tt.want == nil && len(g.Missing()) != 0 {
				t.Errorf("an ambiguous citation made a missing page: %s", g.Missing()[0].ID)
			}
		})
	}
}

// Lai Châu's 3294/UBND-VX is not in the archive, Điện Biên's is: a Lai
// Châu citation gets a missing page in Lai Châu, never Điện Biên's page.
func TestResolveNeverBorrowsAnotherProvince(t *testing.T) {
	ix, g, _ := archive(t, "2024-01-01",
		doc{file: "db.md", number: "3294/UBND-VX", province: "dien-bien", date: "2022-09-08"},
		doc{file: "a.md", number: "4588/UBND-VX", date: "2022-12-07",
			body: "Theo Công văn số 3294/UBND-VX ngày 08/9/2022 của UBND tỉnh, không để thiếu thuốc.\n"})
	got := targets(g, entry(t, ix, "a.md"))
	if want := []string{"missing:lai-chau/2022/3294-ubnd-vx"}; !slices.Equal(got, want) {
		t.Fatalf("links = %q, want %q", got, want)
	}
	if in := g.In(entry(t, ix, "db.md")); len(in) != 0 {
		t.Errorf("Điện Biên's 3294/UBND-VX is cited by %s", in[0].From.Doc.File)
	}
}

// Numbers restart every year: the citation's date or the number's year
// chooses; an undated citation with two candidates links nothing.
func TestResolveByYear(t *testing.T) {
	d21 := doc{file: "y21.md", number: "5/UBND-VX", date: "2021-02-01"}
	d22 := doc{file: "y22.md", number: "5/UBND-VX", date: "2022-02-01"}
	tests := []struct {
		name, body string
		want       []string
	}{
		{"dated 2021", "Công văn số 5/UBND-VX ngày 01/02/2021 của UBND tỉnh.", []string{"lai-chau/2021/5-ubnd-vx"}},
		{"dated 2022", "Công văn số 5/UBND-VX ngày 01/02/2022.", []string{"lai-chau/2022/5-ubnd-vx"}},
		{"dated 2020, not in the archive", "Công văn số 5/UBND-VX ngày 01/02/2020.", []string{"missing:lai-chau/2020/5-ubnd-vx"}},
		{"undated", "Công văn số 5/UBND-VX.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, g, diags := archive(t, "2024-01-01", d21, d22, doc{file: "a.md", number: "9/UBND-VX", date: "2023-01-01", body: tt.body + "\n"})
			if got := targets(g, entry(t, ix, "a.md")); !slices.Equal(got, tt.want) {
				t.Errorf("links = %q, want %q", got, tt.want)
			}
			if tt.want == nil && !strings.Contains(messages(diags), "a.md:8:1") {
				t.Errorf("no positioned warning for the ambiguous citation:\n%s", messages(diags))
			}
		})
	}
	// An undated citation cannot name a document issued after the citing one.
	ix, g, _ := archive(t, "2024-01-01", d21, d22, doc{file: "a.md", number: "9/UBND-VX", date: "2021-06-01", body: "Công văn số 5/UBND-VX.\n"})
	if got, want := targets(g, entry(t, ix, "a.md")), []string{"lai-chau/2021/5-ubnd-vx"}; !slices.Equal(got, want) {
		t.Errorf("undated citation from 2021: links = %q, want %q", got, want)
	}
}

// The URL of a missing document becomes the real page once the document is
// added: the missing ID is index.DocID of the document's identity.
func TestMissingIDIsTheFutureID(t *testing.T) {
	citing := []doc{
		{file: "a.md", number: "4588/UBND-VX", date: "2022-12-07",
			body: "Thực hiện Thông báo số 364/TB-VPCP ngày 29/11/2022 của Văn phòng Chính phủ, Công văn số 3294/UBND-VX ngày 08/9/2022 của UBND tỉnh và Nghị quyết số 80/2023/QH15.\n"},
		{file: "db.md", number: "12/UBND-VX", province: "dien-bien", date: "2022-12-08",
			body: "Theo Công văn số 3294/UBND-VX ngày 08/9/2022 của UBND tỉnh Lai Châu.\n"},
		{file: "u.md", province: "-", date: "2023-12-01", body: "Theo Công văn số 31-CV/BCĐ ngày 27/11/2023 của Ban Chỉ đạo cấp tỉnh.\n"},
	}
	added := []doc{
		{file: "vpcp.md", number: "364/TB-VPCP", typ: "thong-bao", province: "trung-uong", date: "2022-11-29"},
		{file: "lc.md", number: "3294/UBND-VX", date: "2022-09-08"},
		{file: "qh.md", number: "80/2023/QH15", typ: "nghi-quyet", province: "trung-uong", date: "2023-01-06"},
		{file: "bcd.md", number: "31-CV/BCĐ", province: "-", date: "2023-11-27"},
	}
	_, before, _ := archive(t, "2024-01-01", citing...)
	var ids []string
	for _, m := range before.Missing() {
		ids = append(ids, m.ID)
		if m.Path() != index.DocPath(m.ID) {
			t.Errorf("%s: path %s", m.ID, m.Path())
		}
	}
	wantIDs := []string{"khong-ro/2023/31-cv-bcd", "lai-chau/2022/3294-ubnd-vx", "trung-uong/2022/364-tb-vpcp", "trung-uong/2023/80-2023-qh15"}
	if !slices.Equal(ids, wantIDs) {
		t.Fatalf("missing = %q, want %q", ids, wantIDs)
	}
	// the IDs the added documents must get, in the order of added
	addedIDs := []string{wantIDs[2], wantIDs[1], wantIDs[3], wantIDs[0]}
	ix, after, _ := archive(t, "2024-01-01", append(citing, added...)...)
	if len(after.Missing()) != 0 {
		t.Errorf("still missing after adding: %s", after.Missing()[0].ID)
	}
	for i, a := range added {
		e := entry(t, ix, a.file)
		if want := addedIDs[i]; e.ID != want || e.Path() != index.DocPath(want) {
			t.Errorf("%s got ID %s, path %s; its missing page was %s", a.file, e.ID, e.Path(), want)
		}
		if len(after.In(e)) == 0 {
			t.Errorf("%s: not linked from the citing directive once added", a.file)
		}
	}
}

// A document cited once with a date and once without keeps one page.
func TestMissingUndatedMergesWithDated(t *testing.T) {
	ix, g, _ := archive(t, "2024-01-01",
		doc{file: "a.md", number: "1/UBND-VX", date: "2022-03-01", body: "Theo Thông báo số 364/TB-VPCP ngày 29/11/2022.\n"},
		doc{file: "b.md", number: "2/UBND-VX", date: "2023-03-01", body: "Theo Thông báo 364/TB-VPCP của Văn phòng Chính phủ.\n"})
	if len(g.Missing()) != 1 {
		t.Fatalf("missing = %d documents, want 1", len(g.Missing()))
	}
	m := g.Missing()[0]
	if m.ID != "trung-uong/2022/364-tb-vpcp" || len(m.CitedBy) != 2 || m.Type.Slug != "thong-bao" {
		t.Errorf("missing %s (%s) cited by %d", m.ID, m.Type.Slug, len(m.CitedBy))
	}
	if !slices.Equal(m.Issuers, []string{"Văn phòng Chính phủ"}) || len(m.Dates) != 1 {
		t.Errorf("mentions: %q %v", m.Issuers, m.Dates)
	}
	for _, f := range []string{"a.md", "b.md"} {
		if got := targets(g, entry(t, ix, f)); !slices.Equal(got, []string{"missing:" + m.ID}) {
			t.Errorf("%s: %q", f, got)
		}
	}
}

// Graph.Lookup is what the Markdown stage asks for each citation it finds
// in a text node.
func TestLookupForMarkdown(t *testing.T) {
	body := "Theo Công văn số 100/UBND-VX ngày 05/01/2022 của UBND tỉnh và Công văn số 100/UBND-VX ngày 10/01/2022 của UBND tỉnh Điện Biên; Thông báo số 364/TB-VPCP.\n"
	ix, g, _ := archive(t, "2024-01-01",
		doc{file: "lc-100.md", number: "100/UBND-VX", date: "2022-01-05"},
		doc{file: "db-100.md", number: "100/UBND-VX", province: "dien-bien", date: "2022-01-10"},
		doc{file: "a.md", number: "200/UBND-VX", date: "2022-03-01", body: body})
	from := entry(t, ix, "a.md")
	var got []string
	for _, c := range cite.Find(body) {
		to, m := g.Lookup(from, c)
		switch {
		case to != nil:
			got = append(got, to.ID)
		case m != nil:
			got = append(got, "missing:"+m.ID)
		default:
			got = append(got, "none")
		}
	}
	want := []string{"lai-chau/2022/100-ubnd-vx", "dien-bien/2022/100-ubnd-vx", "missing:" + index.DocID(model.Central, 0, mustNumber(t, "364/TB-VPCP"))}
	if !slices.Equal(got, want) {
		t.Errorf("Lookup = %q, want %q", got, want)
	}
	// Without its date or issuer, the same number names two documents here.
	if to, m := g.Lookup(from, cite.Citation{Number: mustNumber(t, "100/UBND-VX")}); to != nil || m != nil {
		t.Errorf("an undated, issuer-less 100/UBND-VX was linked to %v %v", to, m)
	}
}

// A draft's number resolves to nothing: no link, no missing page.
func TestHiddenResolvesToNothing(t *testing.T) {
	ix, g, _ := archive(t, "2024-01-01",
		doc{file: "draft.md", number: "7/UBND-VX", date: "2022-01-01", extra: "draft: true\n"},
		doc{file: "a.md", number: "8/UBND-VX", date: "2022-02-01", body: "Theo Công văn số 7/UBND-VX ngày 01/01/2022.\n"})
	if got := targets(g, entry(t, ix, "a.md")); len(got) != 0 || len(g.Missing()) != 0 {
		t.Errorf("links = %q, missing = %d", got, len(g.Missing()))
	}
}

func mustNumber(t *testing.T, s string) model.Number {
	t.Helper()
	n, ok := model.ParseNumber(s)
	if !ok {
		t.Fatalf("bad number %q", s)
	}
	return n
}

func TestJurisdictionOf(t *testing.T) {
	reg := province.Default()
	laiChau := &index.Entry{Jurisdiction: "lai-chau"}
	central := &index.Entry{Jurisdiction: model.Central}
	unknown := &index.Entry{}
	tests := []struct {
		from   *index.Entry
		number string
		issuer string
		want   string
	}{
		// symbols of central bodies
		{laiChau, "364/TB-VPCP", "", model.Central},
		{laiChau, "778/CĐ-TTg", "", model.Central},
		{laiChau, "11554/VPCP-V.I", "", model.Central},
		{laiChau, "6860/BYT-DP", "", model.Central},
		{laiChau, "1557/KH-BYT-BGDĐT", "", model.Central},
		{laiChau, "80/2023/QH15", "", model.Central},
		{laiChau, "30/2020/NĐ-CP", "", model.Central},
		{laiChau, "25-CT/TW", "", model.Central},
		{laiChau, "9151-CV/BTCTW", "", model.Central},
		{laiChau, "12/2022/TT-BTC", "", model.Central},
		{laiChau, "35/UBTVQH15", "", model.Central},
		{unknown, "494/TB-VPCP", "", model.Central},
		// symbols of local bodies
		{laiChau, "4588/UBND-VX", "", "lai-chau"},
		{laiChau, "1234/QĐ-UBND", "", "lai-chau"},
		{laiChau, "15/NQ-HĐND", "", "lai-chau"},
		{laiChau, "120-CV/TU", "", "lai-chau"},
		{laiChau, "45-KL/HU", "", "lai-chau"},
		{laiChau, "88-CV/BTGTU", "", "lai-chau"},
		{laiChau, "2100/SYT-NVY", "", "lai-chau"},
		{laiChau, "31-CV/BCĐ", "", "lai-chau"},
		{laiChau, "77/BC-BQL", "", "lai-chau"}, // Ban quản lý, not a ministry
		{central, "100/UBND-VX", "", ""},
		{unknown, "31-CV/BCĐ", "", ""},
		// issuer phrases win over symbols
		{laiChau, "100/UBND-VX", "UBND tỉnh Điện Biên", "dien-bien"},
		{laiChau, "100/UBND-VX", "Ủy ban nhân dân Thành phố Hà Nội", "ha-noi"},
		{central, "100/UBND-VX", "UBND tỉnh Lai Châu", "lai-chau"},
		{laiChau, "5/KH-UBND", "UBND tỉnh Thừa Thiên Huế", "hue"},
		{laiChau, "120-CV/TU", "Tỉnh ủy Điện Biên", "dien-bien"},
		{laiChau, "31-CV/BCĐ", "Ban Chỉ đạo Quốc gia phòng, chống dịch Covid-19", model.Central},
		{laiChau, "31-CV/BCĐ", "Ban Chỉ đạo cấp tỉnh", "lai-chau"},
		{laiChau, "100/SYT", "Sở Y tế", "lai-chau"},
		{central, "100/SYT", "Sở Y tế", ""},
		{laiChau, "2/HD", "Bộ Lao động - Thương binh và Xã hội", model.Central},
		{laiChau, "99/VP", "Văn phòng Chính phủ", model.Central},
		{laiChau, "99/VP", "UBND huyện Tam Đường", "lai-chau"},
		// shapes it cannot read fall back to the citing directive's own jurisdiction
		{laiChau, "7/ABC-XYZ", "", "lai-chau"},
		{central, "7/ABC-XYZ", "", model.Central},
	}
	for _, tt := range tests {
		n := mustNumber(t, tt.number)
		if got := jurisdictionOf(reg, tt.from, n, tt.issuer); got != tt.want {
			t.Errorf("jurisdictionOf(from %q, %s, %q) = %q, want %q", tt.from.Jurisdiction, tt.number, tt.issuer, got, tt.want)
		}
	}
}
