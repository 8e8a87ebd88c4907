package vn

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Lai Châu", "Lai Châu"},
		{"Ðiện Biên", "Điện Biên"},                             // Icelandic eth U+00D0 → U+0110
		{"ðồng", "đồng"},                                       // U+00F0 → U+0111
		{"U\u0309y ban", "Ủy ban"},                             // decomposed → NFC
		{"Ha\u0300 Nô\u0323i", "Hà Nội"},                       // combining grave and dot below
		{"4588/UBND-VX", "4588/UBND-VX"},                       // ASCII untouched
		{"Ð\u0300", "Đ\u0300"},                                 // no precomposed form: stays combining
		{"ngày\u00a007", "ngày\u00a007"},                       // white space is not its business
		{"Thừa Thiên Huế", "Thừa Thiên Huế"},                   // already NFC
		{"Ð" + "a\u0306\u0301k", "Đắk"},                        // both at once
		{"Đắk Lắk", "Đắk Lắk"},                                 // U+0110 stays
		{"Nghị định 30/2020/NĐ-CP", "Nghị định 30/2020/NĐ-CP"}, // unchanged
	}
	for _, tt := range tests {
		got := Normalize(tt.in)
		if got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if !norm.NFC.IsNormalString(got) {
			t.Errorf("Normalize(%q) = %q is not NFC", tt.in, got)
		}
		if Normalize(got) != got {
			t.Errorf("Normalize is not idempotent on %q", tt.in)
		}
	}
}

func TestFoldKeySlug(t *testing.T) {
	tests := []struct{ in, fold, key, slug string }{
		{"Điện Biên", "Dien Bien", "dien bien", "dien-bien"},
		{"Đắk Lắk", "Dak Lak", "dak lak", "dak-lak"},
		{"Ðà Nẵng", "Da Nang", "da nang", "da-nang"},
		{"ĐẮK NÔNG", "DAK NONG", "dak nong", "dak-nong"},
		{"Thừa Thiên Huế", "Thua Thien Hue", "thua thien hue", "thua-thien-hue"},
		{"  Bà Rịa –  Vũng Tàu ", "  Ba Ria –  Vung Tau ", "ba ria – vung tau", "ba-ria-vung-tau"},
		{"Hòa Bình", "Hoa Binh", "hoa binh", "hoa-binh"},
		{"Hoà Bình", "Hoa Binh", "hoa binh", "hoa-binh"}, // old-style tone placement
		{"Uỷ ban", "Uy ban", "uy ban", "uy-ban"},
		{"U\u031b\u0309y ban", "Uy ban", "uy ban", "uy-ban"}, // decomposed input
		{"Công văn 4588/UBND-VX", "Cong van 4588/UBND-VX", "cong van 4588/ubnd-vx", "cong-van-4588-ubnd-vx"},
		{"30/2020/NĐ-CP", "30/2020/ND-CP", "30/2020/nd-cp", "30-2020-nd-cp"},
		{"--a--b--", "--a--b--", "--a--b--", "a-b"},
		{"", "", "", ""},
		{"¿?", "¿?", "¿?", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.fold {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.fold)
		}
		if got := Key(tt.in); got != tt.key {
			t.Errorf("Key(%q) = %q, want %q", tt.in, got, tt.key)
		}
		if got := Slug(tt.in); got != tt.slug {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.slug)
		}
		if s := Slug(tt.in); Slug(s) != s {
			t.Errorf("Slug is not idempotent on %q", tt.in)
		}
	}
}

// Slugs are the ASCII letters, digits and single inner hyphens only.
func TestSlugAlphabet(t *testing.T) {
	in := "Tỉnh ủy — Ban Chỉ đạo Quốc gia phòng, chống dịch Covid-19 (Phiên họp thứ 18)!"
	s := Slug(in)
	if s != "tinh-uy-ban-chi-dao-quoc-gia-phong-chong-dich-covid-19-phien-hop-thu-18" {
		t.Errorf("Slug = %q", s)
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			t.Fatalf("Slug(%q) = %q has %q", in, s, r)
		}
	}
	if strings.Contains(s, "--") || strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-") {
		t.Errorf("Slug(%q) = %q has stray hyphens", in, s)
	}
}

func TestCollator(t *testing.T) {
	want := []string{
		"An Giang", "Ăn", "Ân", "Bà Rịa", "Bạc Liêu", "Bắc Giang", "Cà Mau", "dê", "Đà Nẵng",
		"Đắk Lắk", "Điện Biên", "Hà Nội", "Hải Phòng", "Hậu Giang", "Lai Châu", "Lạng Sơn",
		"Lào Cai", "Lâm Đồng", "Long An", "O", "Ô", "Ơ", "Yên Bái",
	}
	got := slices.Clone(want)
	slices.Reverse(got)
	c := NewCollator()
	slices.SortStableFunc(got, c.Compare)
	if !slices.Equal(got, want) {
		t.Errorf("Vietnamese order:\n got %q\nwant %q", got, want)
	}
	if c.Compare("Hà Nội", "Hà Nội") != 0 {
		t.Error("a name does not equal itself")
	}
	// đ sorts after every d, not among them as a folded d would.
	if c.Compare("đa", "dz") <= 0 {
		t.Error(`"đa" should sort after "dz"`)
	}
}

func TestFormatDate(t *testing.T) {
	tests := []struct {
		y, m, d     int
		long, short string
	}{
		{2022, 12, 7, "ngày 07 tháng 12 năm 2022", "07/12/2022"},
		{2024, 2, 5, "ngày 05 tháng 02 năm 2024", "05/02/2024"},
		{2024, 1, 31, "ngày 31 tháng 01 năm 2024", "31/01/2024"},
		{2023, 3, 10, "ngày 10 tháng 3 năm 2023", "10/03/2023"},
		{2022, 9, 0, "tháng 9 năm 2022", "09/2022"},
		{2022, 1, 0, "tháng 01 năm 2022", "01/2022"},
		{2022, 0, 0, "năm 2022", "2022"},
		{0, 0, 0, "không rõ ngày", "?"},
	}
	for _, tt := range tests {
		if got := FormatDate(tt.y, tt.m, tt.d); got != tt.long {
			t.Errorf("FormatDate(%d, %d, %d) = %q, want %q", tt.y, tt.m, tt.d, got, tt.long)
		}
		if got := FormatShortDate(tt.y, tt.m, tt.d); got != tt.short {
			t.Errorf("FormatShortDate(%d, %d, %d) = %q, want %q", tt.y, tt.m, tt.d, got, tt.short)
		}
	}
}
