package index

import (
	"slices"
	"strings"
	"testing"
	"time"

	"vanban/generator/model"
	"vanban/generator/province"
)

var clock = time.Date(2023, 6, 1, 0, 0, 0, 0, model.Zone())

// doc makes a one-edition directive. Fields are "key=value" pairs.
func doc(file string, kv ...string) *model.Directive {
	d := &model.Document{File: file, Type: model.DocTypes()[0], Title: "x"}
	for i, f := range kv {
		k, v, _ := strings.Cut(f, "=")
		d.Keys = append(d.Keys, model.KeyPos{Key: k, Line: int32(i + 2), Col: 1})
		switch k {
		case "number":
			n, ok := model.ParseNumber(v)
			if !ok {
				panic(v)
			}
			d.Number = n
		case "id":
			d.ID = v
		case "province":
			d.Province = v
		case "date":
			dt, err := model.ParseDate(v)
			if err != nil {
				panic(err)
			}
			d.Date = dt
		case "published":
			t, err := model.ParseTime(v)
			if err != nil {
				panic(err)
			}
			d.Published = t
		case "draft":
			d.Draft = true
		default:
			panic(k)
		}
	}
	return &model.Directive{Editions: []*model.Document{d}}
}

func build(t *testing.T, opt Options, dirs ...*model.Directive) (*Index, []string) {
	t.Helper()
	if opt.Clock.IsZero() {
		opt.Clock = clock
	}
	ix, diags := Build(dirs, opt)
	var msgs []string
	for _, d := range diags.Sorted() {
		msgs = append(msgs, d.Error())
	}
	return ix, msgs
}

func ids(ix *Index) []string {
	var out []string
	for _, e := range ix.Entries() {
		out = append(out, e.ID)
	}
	return out
}

func TestIDs(t *testing.T) {
	reg := province.Default()
	tests := []struct {
		name  string
		dir   *model.Directive
		id    string
		year  int
		jur   string
		prov  string // province name, "" when none
		diags []string
	}{
		{"numbered", doc("a.md", "number=4588/UBND-VX", "province=lai-chau", "date=2022-12-07"),
			"lai-chau/2022/4588-ubnd-vx", 2022, "lai-chau", "Lai Châu", nil},
		{"year from the number", doc("a.md", "number=30/2020/NĐ-CP", "province=trung-uong"),
			"trung-uong/2020/30-2020-nd-cp", 2020, "trung-uong", "Trung ương", nil},
		{"leading zeros dropped", doc("a.md", "number=010/CT-UBND", "province=dien-bien", "date=2021-03"),
			"dien-bien/2021/10-ct-ubnd", 2021, "dien-bien", "Điện Biên", nil},
		{"party number", doc("a.md", "number=25-CT/TW", "province=trung-uong", "date=2023"),
			"trung-uong/2023/25-ct-tw", 2023, "trung-uong", "Trung ương", nil},
		{"unnumbered with id", doc("a.md", "id=ket-luan-giao-ban", "province=lai-chau", "date=2022-09"),
			"lai-chau/2022/ket-luan-giao-ban", 2022, "lai-chau", "Lai Châu", nil},
		{"blank number with id", doc("a.md", "number=/UBND-VX", "id=cv-thang-9", "province=lai-chau", "date=2022-09"),
			"lai-chau/2022/cv-thang-9", 2022, "lai-chau", "Lai Châu", nil},
		{"unknown province and year", doc("a.md", "id=vb-1"),
			"khong-ro/khong-ro-nam/vb-1", 0, "", "", nil},
		{"unknown province, known year", doc("a.md", "number=12/TB-VPCP", "date=2022-01-05"),
			"khong-ro/2022/12-tb-vpcp", 2022, "", "", nil},
		{"no number and no id: the file name, with a warning", doc("lai-chau/2022/Công văn tháng 9.md", "province=lai-chau", "date=2022-09"),
			"lai-chau/2022/lai-chau-2022-cong-van-thang-9", 2022, "lai-chau", "Lai Châu",
			[]string{`lai-chau/2022/Công văn tháng 9.md:1: warning: no number and no id: the permanent URL falls back to the file name, which changes if the file is renamed; add an "id"`}},
		{"a former name is its unit", doc("a.md", "number=1/KH-UBND", "province=thua-thien-hue", "date=2022-05-01"),
			"hue/2022/1-kh-ubnd", 2022, "hue", "Huế", nil},
		{"a merged province keeps its own slug", doc("a.md", "number=2/KH-UBND", "province=yen-bai", "date=2022-05-01"),
			"yen-bai/2022/2-kh-ubnd", 2022, "yen-bai", "Yên Bái", nil},
		{"unknown province slug", doc("a.md", "number=3/KH-UBND", "province=lai-chao", "date=2022-05-01"),
			"lai-chao/2022/3-kh-ubnd", 2022, "lai-chao", "",
			[]string{`a.md:3:1: province: unknown province slug "lai-chao"; did you mean "lai-chau"?`}},
		{"province slug spelling a name", doc("a.md", "number=4/KH-UBND", "province=tp-ho-chi-minh", "date=2022-05-01"),
			"tp-ho-chi-minh/2022/4-kh-ubnd", 2022, "tp-ho-chi-minh", "",
			[]string{`a.md:3:1: province: unknown province slug "tp-ho-chi-minh"; did you mean "ho-chi-minh"?`}},
		{"unknown slug, nothing near", doc("a.md", "number=5/KH-UBND", "province=atlantis", "date=2022-05-01"),
			"atlantis/2022/5-kh-ubnd", 2022, "atlantis", "",
			[]string{`a.md:3:1: province: unknown province slug "atlantis"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, diags := build(t, Options{Provinces: reg}, tt.dir)
			if strings.Join(diags, "\n") != strings.Join(tt.diags, "\n") {
				t.Errorf("diagnostics:\n got %q\nwant %q", diags, tt.diags)
			}
			if len(ix.Entries()) != 1 {
				t.Fatalf("%d entries", len(ix.Entries()))
			}
			e := ix.Entries()[0]
			name := ""
			if e.Province != nil {
				name = e.Province.Name
			}
			if e.ID != tt.id || e.Year != tt.year || e.Jurisdiction != tt.jur || name != tt.prov {
				t.Errorf("entry = %q year %d jurisdiction %q province %q; want %q %d %q %q", e.ID, e.Year, e.Jurisdiction, name, tt.id, tt.year, tt.jur, tt.prov)
			}
			if e.Path() != "van-ban/"+tt.id+"/" {
				t.Errorf("Path = %q", e.Path())
			}
			if got, ok := ix.ByID(tt.id); !ok || got != e {
				t.Error("ByID does not find the entry")
			}
			if e.Doc.Number.Known() && !slices.Contains(ix.ByNumber(e.Doc.Number), e) {
				t.Error("ByNumber does not find the entry")
			}
		})
	}
}

func TestDocID(t *testing.T) {
	n, _ := model.ParseNumber("364/TB-VPCP")
	if got := DocID("trung-uong", 2022, n); got != "trung-uong/2022/364-tb-vpcp" {
		t.Errorf("DocID = %q", got)
	}
	if got := DocID("", 0, n); got != "khong-ro/khong-ro-nam/364-tb-vpcp" {
		t.Errorf("DocID unknown = %q", got)
	}
	if DocPath("a/b/c") != "van-ban/a/b/c/" {
		t.Error("DocPath")
	}
}

func TestDuplicates(t *testing.T) {
	reg := province.Default()
	ix, diags := build(t, Options{Provinces: reg},
		doc("a.md", "number=4588/UBND-VX", "province=lai-chau", "date=2022-12-07"),
		doc("b.md", "number=4588/UBND-VX", "province=lai-chau", "date=2022-12-09"),  // same year: same ID
		doc("c.md", "number=04588/UBND-VX", "province=lai-chau", "date=2022-01-01"), // zero-padded: same number
		doc("d.md", "number=4588/UBND-VX", "province=lai-chau", "date=2023-01-02"),  // numbers restart every year
		doc("e.md", "number=4588/UBND-VX", "province=dien-bien", "date=2022-12-07"), // another province
		doc("f.md", "id=x", "province=lai-chau", "date=2022"),
		doc("g.md", "id=x", "province=lai-chau", "date=2022-05"),
	)
	want := []string{
		`b.md:2:1: number 4588/UBND-VX is already used by a.md (same issuer jurisdiction, year and number)`,
		`c.md:2:1: number 04588/UBND-VX is already used by a.md (same issuer jurisdiction, year and number)`,
		`g.md:2:1: id x is already used by f.md (same issuer jurisdiction, year and number)`,
	}
	if strings.Join(diags, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n got %q\nwant %q", diags, want)
	}
	if got := ids(ix); !slices.Equal(got, []string{"lai-chau/2023/4588-ubnd-vx", "dien-bien/2022/4588-ubnd-vx", "lai-chau/2022/4588-ubnd-vx", "lai-chau/2022/x"}) {
		t.Errorf("entries = %q", got)
	}
	n, _ := model.ParseNumber("4588/UBND-VX")
	if got := len(ix.ByNumber(n)); got != 3 {
		t.Errorf("ByNumber finds %d, want 3 (2022 and 2023 in Lai Châu, 2022 in Điện Biên)", got)
	}
	if got := ids(&Index{entries: ix.ByNumber(n)}); !slices.Equal(got, []string{"lai-chau/2023/4588-ubnd-vx", "dien-bien/2022/4588-ubnd-vx", "lai-chau/2022/4588-ubnd-vx"}) {
		t.Errorf("ByNumber = %q, want catalogue order", got)
	}
	for _, tt := range []struct {
		year         int
		ofYear, none int
	}{{2022, 2, 0}, {2023, 1, 0}, {2021, 0, 0}, {0, 0, 0}} {
		ofYear, none := ix.ByNumberYears(n, tt.year)
		if len(ofYear) != tt.ofYear || len(none) != tt.none || !slices.Equal(ofYear, ix.ByNumberYear(n, tt.year)) {
			t.Errorf("ByNumberYears(%d) = %d, %d entries, want %d, %d", tt.year, len(ofYear), len(none), tt.ofYear, tt.none)
		}
		for _, e := range ofYear {
			if e.Year != tt.year {
				t.Errorf("ByNumberYear(%d) has %s", tt.year, e.ID)
			}
		}
	}
}

// Ordinal is the position in Entries, and -1 for an entry of no catalogue
// or of another one.
func TestOrdinal(t *testing.T) {
	dirs := []*model.Directive{
		doc("a.md", "number=1/TB-X", "date=2023-01-01"),
		doc("b.md", "number=2/TB-X", "date=2024-01-01"),
		doc("c.md", "number=3/TB-X", "date=2022-01-01"),
	}
	ix, _ := build(t, Options{}, dirs...)
	for i, e := range ix.Entries() {
		if got := ix.Ordinal(e); got != i {
			t.Errorf("Ordinal(%s) = %d, want %d", e.ID, got, i)
		}
	}
	other, _ := build(t, Options{}, dirs[1:]...)
	for _, e := range append(other.Entries(), &Entry{}, nil) {
		if got := ix.Ordinal(e); got != -1 {
			t.Errorf("Ordinal of an entry of another catalogue = %d, want -1", got)
		}
	}
}

func TestDraftsAndEmbargo(t *testing.T) {
	dirs := []*model.Directive{
		doc("public.md", "number=1/TB-X", "date=2023-01-01", "published=2023-01-02T08:00:00+07:00"),
		doc("draft.md", "number=2/TB-X", "date=2023-01-01", "draft=true"),
		doc("embargo.md", "number=3/TB-X", "date=2023-05-30", "published=2023-06-01T00:00:01+07:00"),
		doc("on-the-clock.md", "number=4/TB-X", "date=2023-05-30", "published=2023-06-01T00:00:00+07:00"),
		doc("no-publication-time.md", "number=5/TB-X", "date=2024-01-01"), // only publication embargoes
	}
	n := func(s string) model.Number { x, _ := model.ParseNumber(s); return x }

	ix, _ := build(t, Options{}, dirs...)
	got := ids(ix)
	want := []string{"khong-ro/2024/5-tb-x", "khong-ro/2023/4-tb-x", "khong-ro/2023/1-tb-x"}
	if !slices.Equal(got, want) {
		t.Errorf("published build: %q, want %q", got, want)
	}
	if !ix.Hidden(n("2/TB-X")) || !ix.Hidden(n("3/TB-X")) || ix.Hidden(n("1/TB-X")) {
		t.Error("Hidden does not name exactly the draft and the embargoed directive")
	}
	if !ix.Clock().Equal(clock) {
		t.Error("Clock")
	}

	// One second later the embargo is over.
	ix, _ = build(t, Options{Clock: clock.Add(time.Second)}, dirs...)
	if len(ix.Entries()) != 4 || ix.Hidden(n("3/TB-X")) {
		t.Errorf("after the embargo: %q", ids(ix))
	}

	// Previews admit everything, marked as drafts.
	ix, _ = build(t, Options{Drafts: true}, dirs...)
	var drafts []string
	for _, e := range ix.Entries() {
		if e.Draft {
			drafts = append(drafts, e.Doc.File)
		}
	}
	if len(ix.Entries()) != 5 || !slices.Equal(drafts, []string{"embargo.md", "draft.md"}) || ix.Hidden(n("2/TB-X")) {
		t.Errorf("preview: %q, drafts %q", ids(ix), drafts)
	}
}

// Newest orders by date, then publication, then ID: the same whatever the
// input order.
func TestNewestDeterministic(t *testing.T) {
	mk := func() []*model.Directive {
		return []*model.Directive{
			doc("a.md", "number=1/TB-X", "date=2022-12-07"),
			doc("b.md", "number=2/TB-X", "date=2022-12-07", "published=2022-12-08"),
			doc("c.md", "number=3/TB-X", "date=2022-12-07", "published=2022-12-09"),
			doc("d.md", "number=4/TB-X", "date=2022-12"),
			doc("e.md", "number=5/TB-X", "date=2022"),
			doc("f.md", "id=z"),
			doc("g.md", "id=a"),
			doc("h.md", "number=6/TB-X", "date=2023-01-01"),
			doc("i.md", "number=7/TB-X", "date=2022-12-07", "province=lai-chau"),
		}
	}
	want := []string{
		"khong-ro/2023/6-tb-x",
		"khong-ro/2022/3-tb-x", "khong-ro/2022/2-tb-x", // later publication first
		"khong-ro/2022/1-tb-x", "lai-chau/2022/7-tb-x", // then by ID
		"khong-ro/2022/4-tb-x", // a month sorts before its days
		"khong-ro/2022/5-tb-x",
		"khong-ro/khong-ro-nam/a", "khong-ro/khong-ro-nam/z",
	}
	base := mk()
	for i := range 20 {
		dirs := slices.Clone(base)
		// A fixed set of permutations: rotations and reversals.
		r := i % len(dirs)
		dirs = append(dirs[r:], dirs[:r]...)
		if i%2 == 1 {
			slices.Reverse(dirs)
		}
		ix, diags := build(t, Options{Provinces: province.Default()}, dirs...)
		if len(diags) != 0 {
			t.Fatal(diags)
		}
		if got := ids(ix); !slices.Equal(got, want) {
			t.Fatalf("order %d:\n got %q\nwant %q", i, got, want)
		}
	}
}
