package province_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"vanban/generator/model"
	"vanban/generator/province"
	"vanban/generator/vn"
)

const (
	before = "2025-06-30"
	after  = "2025-07-01"
)

func registry(t *testing.T) *province.Registry {
	t.Helper()
	r, err := province.Load()
	if err != nil {
		t.Fatalf("embedded provinces.yaml: %v", err)
	}
	if province.Default() != r {
		t.Fatal("Default and Load disagree")
	}
	return r
}

func slugs(ps []*province.Province) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Slug)
	}
	return out
}

func TestCounts(t *testing.T) {
	r := registry(t)
	tests := []struct {
		date string
		want int
	}{
		{"2020-01-01", 63},
		{"2024-12-31", 63},
		{"2025-01-01", 63},
		{before, 63},
		{after, 34},
		{"2030-01-01", 34},
	}
	for _, tt := range tests {
		if got := len(r.Units(tt.date)); got != tt.want {
			t.Errorf("Units(%s): %d units, want %d", tt.date, got, tt.want)
		}
	}
	if got := len(r.All()); got != 64 {
		t.Errorf("All: %d units, want 63 + central", got)
	}
}

func TestCities(t *testing.T) {
	r := registry(t)
	tests := []struct {
		date string
		want []string
	}{
		{"2024-12-31", []string{"can-tho", "da-nang", "ha-noi", "hai-phong", "ho-chi-minh"}},
		{before, []string{"can-tho", "da-nang", "ha-noi", "hai-phong", "ho-chi-minh", "hue"}},
		{after, []string{"can-tho", "da-nang", "ha-noi", "hai-phong", "ho-chi-minh", "hue"}},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range r.Units(tt.date) {
			if _, _, kind := p.NameOn(tt.date); kind == province.KindCity {
				got = append(got, p.Slug)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("cities on %s = %v, want %v", tt.date, got, tt.want)
		}
	}
}

var unchanged = []string{
	"cao-bang", "dien-bien", "ha-noi", "ha-tinh", "hue", "lai-chau",
	"lang-son", "nghe-an", "quang-ninh", "son-la", "thanh-hoa",
}

func TestUnchanged(t *testing.T) {
	r := registry(t)
	var got []string
	for _, p := range r.Units(after) {
		if p.ValidOn(before) && p.Successor == "" && len(r.Predecessors(p.Slug)) == 0 {
			got = append(got, p.Slug)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, unchanged) {
		t.Errorf("unchanged units = %v, want %v", got, unchanged)
	}
	for _, s := range []string{"lai-chau", "dien-bien"} {
		p, ok := r.BySlug(s)
		if !ok || !p.ValidOn(before) || !p.ValidOn(after) || p.To != "" || p.Successor != "" {
			t.Errorf("%s should be unchanged: %+v", s, p)
		}
	}
}

// TestMergers checks every merger of Nghị quyết 202/2025/QH15.
func TestMergers(t *testing.T) {
	r := registry(t)
	tests := []struct {
		into     string
		absorbed []string // in collation order of name
	}{
		{"tuyen-quang", []string{"ha-giang"}},
		{"lao-cai", []string{"yen-bai"}},
		{"thai-nguyen", []string{"bac-kan"}},
		{"phu-tho", []string{"hoa-binh", "vinh-phuc"}},
		{"bac-ninh", []string{"bac-giang"}},
		{"hung-yen", []string{"thai-binh"}},
		{"hai-phong", []string{"hai-duong"}},
		{"ninh-binh", []string{"ha-nam", "nam-dinh"}},
		{"quang-tri", []string{"quang-binh"}},
		{"da-nang", []string{"quang-nam"}},
		{"quang-ngai", []string{"kon-tum"}},
		{"gia-lai", []string{"binh-dinh"}},
		{"khanh-hoa", []string{"ninh-thuan"}},
		{"lam-dong", []string{"binh-thuan", "dak-nong"}},
		{"dak-lak", []string{"phu-yen"}},
		{"ho-chi-minh", []string{"ba-ria-vung-tau", "binh-duong"}},
		{"dong-nai", []string{"binh-phuoc"}},
		{"tay-ninh", []string{"long-an"}},
		{"can-tho", []string{"hau-giang", "soc-trang"}},
		{"vinh-long", []string{"ben-tre", "tra-vinh"}},
		{"dong-thap", []string{"tien-giang"}},
		{"ca-mau", []string{"bac-lieu"}},
		{"an-giang", []string{"kien-giang"}},
	}
	if len(tests) != 23 {
		t.Fatalf("%d mergers in the table, want 23", len(tests))
	}
	absorbed := 0
	for _, tt := range tests {
		p, ok := r.BySlug(tt.into)
		if !ok || p.To != "" || p.Successor != "" || !p.ValidOn(before) || !p.ValidOn(after) {
			t.Errorf("%s should continue: %+v", tt.into, p)
		}
		if got := slugs(r.Predecessors(tt.into)); !slices.Equal(got, tt.absorbed) {
			t.Errorf("Predecessors(%s) = %v, want %v", tt.into, got, tt.absorbed)
		}
		for _, a := range tt.absorbed {
			absorbed++
			q, ok := r.BySlug(a)
			if !ok || q.To != before || q.Successor != tt.into || q.ValidOn(after) {
				t.Errorf("%s should end %s into %s: %+v", a, before, tt.into, q)
			}
			if got := slugs(r.Successors(a)); !slices.Equal(got, []string{tt.into}) {
				t.Errorf("Successors(%s) = %v, want [%s]", a, got, tt.into)
			}
			if c, ok := r.Current(a); !ok || c.Slug != tt.into {
				t.Errorf("Current(%s) = %v", a, c)
			}
			if o, ok := r.On(a, before); !ok || o.Slug != a {
				t.Errorf("On(%s, %s) = %v", a, before, o)
			}
			if o, ok := r.On(a, after); !ok || o.Slug != tt.into {
				t.Errorf("On(%s, %s) = %v", a, after, o)
			}
		}
	}
	if absorbed != 29 {
		t.Errorf("%d absorbed units, want 29", absorbed)
	}
	// 11 unchanged + 52 merged = 63; 11 + 23 = 34.
	if got := len(unchanged) + len(tests) + absorbed; got != 63 {
		t.Errorf("unchanged + merged = %d, want 63", got)
	}
}

func TestSuccessorsValid(t *testing.T) {
	r := registry(t)
	for _, p := range r.All() {
		if p.Successor == "" {
			if p.To != "" {
				t.Errorf("%s ends %s without a successor", p.Slug, p.To)
			}
			continue
		}
		s, ok := r.BySlug(p.Successor)
		switch {
		case !ok:
			t.Errorf("%s: unknown successor %q", p.Slug, p.Successor)
		case !s.ValidOn(after) || s.Successor != "":
			t.Errorf("%s: successor %s is not a unit of %s", p.Slug, s.Slug, after)
		}
	}
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func TestSlugsAndNames(t *testing.T) {
	r := registry(t)
	seen := map[string]bool{}
	for _, p := range r.All() {
		all := []string{p.Slug}
		for _, f := range p.Former {
			all = append(all, f.Slug)
		}
		for _, s := range all {
			if !slugRE.MatchString(s) {
				t.Errorf("slug %q is not [a-z0-9-]", s)
			}
			if seen[s] {
				t.Errorf("duplicate slug %q", s)
			}
			seen[s] = true
		}
		if got := vn.Slug(p.Name); got != p.Slug {
			t.Errorf("%s: slug of name %q is %q", p.Slug, p.Name, got)
		}
		if p.Name != vn.Normalize(p.Name) {
			t.Errorf("%s: name %q is not NFC", p.Slug, p.Name)
		}
		for _, bad := range []string{"oà", "oá", "oả", "oã", "oạ", "uý", "uỳ", "uỷ", "uỹ", "uỵ"} {
			if strings.Contains(p.Name, bad) {
				t.Errorf("%s: name %q uses old-style tone placement %q", p.Slug, p.Name, bad)
			}
		}
		if p.Central != (p.Slug == model.Central) {
			t.Errorf("%s: Central = %v", p.Slug, p.Central)
		}
	}
	for slug, name := range map[string]string{
		"dien-bien": "Điện Biên", "dak-lak": "Đắk Lắk", "dak-nong": "Đắk Nông",
		"ba-ria-vung-tau": "Bà Rịa – Vũng Tàu", "ho-chi-minh": "Hồ Chí Minh",
		"hoa-binh": "Hòa Bình", "thanh-hoa": "Thanh Hóa", "khanh-hoa": "Khánh Hòa",
		"hue": "Huế", "trung-uong": "Trung ương", "bac-kan": "Bắc Kạn",
	} {
		if p, ok := r.BySlug(slug); !ok || p.Name != name {
			t.Errorf("BySlug(%s) = %v, want %s", slug, p, name)
		}
	}
}

func TestFullName(t *testing.T) {
	r := registry(t)
	for slug, want := range map[string]string{
		"lai-chau":    "tỉnh Lai Châu",
		"ha-noi":      "Thành phố Hà Nội",
		"ho-chi-minh": "Thành phố Hồ Chí Minh",
		"hue":         "Thành phố Huế",
		"trung-uong":  "Trung ương",
	} {
		if p, _ := r.BySlug(slug); p == nil || p.FullName != want {
			t.Errorf("FullName(%s) = %v, want %q", slug, p, want)
		}
	}
}

func TestLookup(t *testing.T) {
	r := registry(t)
	tests := []struct {
		name, want string // want "" = no match
	}{
		{"Lai Châu", "lai-chau"},
		{"Lai Chau", "lai-chau"},
		{"lai chau", "lai-chau"},
		{"LAI CHÂU", "lai-chau"},
		{"tỉnh Lai Châu", "lai-chau"},
		{"Tỉnh  Lai   Châu", "lai-chau"},
		{" Lai Châu ", "lai-chau"},
		{"Lai Cha\u0302u", "lai-chau"}, // NFD
		{"Thành phố Hà Nội", "ha-noi"},
		{"thành phố Hà Nội", "ha-noi"},
		{"TP Hà Nội", "ha-noi"},
		{"Thủ đô Hà Nội", "ha-noi"},
		{"Ha Noi", "ha-noi"},
		{"TP.HCM", "ho-chi-minh"},
		{"TP. HCM", "ho-chi-minh"},
		{"Tp.HCM", "ho-chi-minh"},
		{"TPHCM", "ho-chi-minh"},
		{"TP. Hồ Chí Minh", "ho-chi-minh"},
		{"TP.Hồ Chí Minh", "ho-chi-minh"},
		{"Thành phố Hồ Chí Minh", "ho-chi-minh"},
		{"Hồ Chí Minh", "ho-chi-minh"},
		{"Hoà Bình", "hoa-binh"},
		{"Hòa Bình", "hoa-binh"},
		{"Thanh Hoá", "thanh-hoa"},
		{"Khánh Hoà", "khanh-hoa"},
		{"Thừa Thiên Huế", "hue"},
		{"tỉnh Thừa Thiên Huế", "hue"},
		{"Thừa Thiên - Huế", "hue"},
		{"Thừa Thiên-Huế", "hue"},
		{"Huế", "hue"},
		{"Thành phố Huế", "hue"},
		{"Bà Rịa – Vũng Tàu", "ba-ria-vung-tau"},
		{"Bà Rịa - Vũng Tàu", "ba-ria-vung-tau"},
		{"Bà Rịa-Vũng Tàu", "ba-ria-vung-tau"},
		{"Bà Rịa — Vũng Tàu", "ba-ria-vung-tau"},
		{"Bà Rịa Vũng Tàu", "ba-ria-vung-tau"},
		{"tỉnh Bà Rịa – Vũng Tàu", "ba-ria-vung-tau"},
		{"Điện Biên", "dien-bien"},
		{"Ðiện Biên", "dien-bien"}, // U+00D0 eth
		{"Dien Bien", "dien-bien"},
		{"Đắk Lắk", "dak-lak"},
		{"Đăk Lăk", "dak-lak"},
		{"Dak Lak", "dak-lak"},
		{"Đắk Nông", "dak-nong"},
		{"Hà Giang", "ha-giang"},
		{"Trung ương", "trung-uong"},
		{"Hải Phòng", "hai-phong"},
		{"TP Hải Phòng", "hai-phong"},
		{"Đà Nẵng", "da-nang"},
		{"Cần Thơ", "can-tho"},
		{"", ""},
		{"tỉnh", ""},
		{"UBND tỉnh Lai Châu", ""},
		{"Sài Gòn", ""},
		{"Hà Tây", ""},
		{"Lai", ""},
	}
	for _, tt := range tests {
		p, ok := r.Lookup(tt.name)
		got := ""
		if ok {
			got = p.Slug
		}
		if got != tt.want {
			t.Errorf("Lookup(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
	// Every unit is found by its name, full name and aliases.
	for _, p := range r.All() {
		for _, n := range append([]string{p.Name, p.FullName, vn.Fold(p.Name)}, p.Aliases...) {
			if q, ok := r.Lookup(n); !ok || q != p {
				t.Errorf("Lookup(%q) = %v, want %s", n, q, p.Slug)
			}
		}
	}
}

func TestHue(t *testing.T) {
	r := registry(t)
	p, ok := r.BySlug("hue")
	if !ok {
		t.Fatal("no hue")
	}
	if _, ok := r.BySlug("thua-thien-hue"); ok {
		t.Error("BySlug(thua-thien-hue) should not match: it is a former slug")
	}
	if q, ok := r.Canonical("thua-thien-hue"); !ok || q != p {
		t.Errorf("Canonical(thua-thien-hue) = %v", q)
	}
	if q, ok := r.Current("thua-thien-hue"); !ok || q != p {
		t.Errorf("Current(thua-thien-hue) = %v", q)
	}
	tests := []struct {
		date, name, full, kind string
	}{
		{"2020-05-01", "Thừa Thiên Huế", "tỉnh Thừa Thiên Huế", province.KindProvince},
		{"2024-12-31", "Thừa Thiên Huế", "tỉnh Thừa Thiên Huế", province.KindProvince},
		{"2025-01-01", "Huế", "Thành phố Huế", province.KindCity},
		{after, "Huế", "Thành phố Huế", province.KindCity},
	}
	for _, tt := range tests {
		name, full, kind := p.NameOn(tt.date)
		if name != tt.name || full != tt.full || kind != tt.kind {
			t.Errorf("NameOn(%s) = %q, %q, %q; want %q, %q, %q", tt.date, name, full, kind, tt.name, tt.full, tt.kind)
		}
	}
	if got := r.Predecessors("hue"); len(got) != 0 {
		t.Errorf("Predecessors(hue) = %v, want none (a rename is not a merger)", slugs(got))
	}
}

// TestCollation pins what golang.org/x/text/collate does for Vietnamese:
// letters in the Vietnamese alphabet order (a < ă < â, d < đ, o < ô < ơ),
// tones secondary, a space before any letter (word by word).
func TestCollation(t *testing.T) {
	r := registry(t)
	all := r.All()
	if last := all[len(all)-1]; !last.Central {
		t.Errorf("last unit is %s, want the central jurisdiction", last.Slug)
	}
	pos := map[string]int{}
	for i, p := range all {
		pos[p.Name] = i
	}
	order := [][2]string{
		{"An Giang", "Bà Rịa – Vũng Tàu"},
		{"Bắc Ninh", "Bến Tre"},
		{"Bình Dương", "Bình Định"}, // d < đ
		{"Cà Mau", "Cao Bằng"},      // word by word
		{"Cao Bằng", "Cần Thơ"},     // a < â
		{"Cà Mau", "Đà Nẵng"},
		{"Cần Thơ", "Đà Nẵng"},
		{"Đà Nẵng", "Đắk Lắk"}, // a < ă
		{"Đắk Nông", "Điện Biên"},
		{"Đà Nẵng", "Điện Biên"},
		{"Điện Biên", "Đồng Nai"},
		{"Đồng Tháp", "Gia Lai"}, // đ < g
		{"Hà Tĩnh", "Hải Dương"},
		{"Hòa Bình", "Hồ Chí Minh"}, // o < ô
		{"Hồ Chí Minh", "Huế"},
		{"Huế", "Hưng Yên"}, // u < ư
		{"Lai Châu", "Lạng Sơn"},
		{"Lào Cai", "Lâm Đồng"},
		{"Thái Nguyên", "Thanh Hóa"},
		{"Trà Vinh", "Tuyên Quang"},
		{"Vĩnh Phúc", "Yên Bái"},
	}
	for _, o := range order {
		a, okA := pos[o[0]]
		b, okB := pos[o[1]]
		if !okA || !okB || a >= b {
			t.Errorf("%q (%d) should sort before %q (%d)", o[0], a, o[1], b)
		}
	}
	if all[0].Name != "An Giang" || all[len(all)-2].Name != "Yên Bái" {
		t.Errorf("first %q, last before central %q", all[0].Name, all[len(all)-2].Name)
	}
	// Deterministic and independent of the caller's copy.
	again := r.All()
	again[0] = nil
	if !slices.Equal(slugs(all), slugs(r.All())) {
		t.Error("All is not stable")
	}
	// Units and Predecessors keep the same order.
	c := vn.NewCollator()
	for _, list := range [][]*province.Province{r.Units(before), r.Units(after), r.Predecessors("ho-chi-minh")} {
		if !slices.IsSortedFunc(list, func(a, b *province.Province) int { return c.Compare(a.Name, b.Name) }) {
			t.Errorf("not in collation order: %v", slugs(list))
		}
	}
}

func TestParseErrors(t *testing.T) {
	const ok = "units:\n  - {slug: trung-uong, name: Trung ương, central: true}\n"
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown field", ok + "  - {slug: a, name: A, kind: tỉnh, colour: red}\n", "colour"},
		{"bad slug", ok + "  - {slug: Lai_Chau, name: Lai Châu, kind: tỉnh}\n", "slug"},
		{"duplicate slug", ok + "  - {slug: a, name: A, kind: tỉnh}\n  - {slug: a, name: B, kind: tỉnh}\n", "duplicate slug"},
		{"bad kind", ok + "  - {slug: a, name: A, kind: huyện}\n", "kind"},
		{"bad date", ok + "  - {slug: a, name: A, kind: tỉnh, to: 2025-06-31, successor: b}\n  - {slug: b, name: B, kind: tỉnh}\n", "YYYY-MM-DD"},
		{"unknown successor", ok + "  - {slug: a, name: A, kind: tỉnh, to: 2025-06-30, successor: b}\n", "unknown successor"},
		{"successor without end", ok + "  - {slug: a, name: A, kind: tỉnh, successor: b}\n  - {slug: b, name: B, kind: tỉnh}\n", "end date"},
		{"successor not valid after", ok + "  - {slug: a, name: A, kind: tỉnh, to: 2025-06-30, successor: b}\n  - {slug: b, name: B, kind: tỉnh, to: 2025-06-30}\n", "not valid"},
		{"cycle", ok + "  - {slug: a, name: A, kind: tỉnh, to: 2025-06-30, successor: b}\n  - {slug: b, name: B, kind: tỉnh, to: 2025-06-30, successor: a}\n", "cycle"},
		{"name clash", ok + "  - {slug: hoa-binh, name: Hòa Bình, kind: tỉnh}\n  - {slug: hoa-binh-2, name: Hoà Bình, kind: tỉnh}\n", "also a name"},
		{"no central", "units:\n  - {slug: a, name: A, kind: tỉnh}\n", "central"},
		{"not NFC", ok + "  - {slug: a, name: \"Cha\u0302u\", kind: tỉnh}\n", "NFC"},
		{"former slug clash", ok + "  - {slug: a, name: A, kind: tỉnh, former: [{slug: b, name: C, kind: tỉnh, to: 2020-01-01}]}\n  - {slug: b, name: B, kind: tỉnh}\n", "former slug"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := province.Parse([]byte(tt.yaml))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse: error %v, want one containing %q", err, tt.want)
			}
		})
	}
	if _, err := province.Parse([]byte(ok)); err != nil {
		t.Errorf("minimal file: %v", err)
	}
}
