package model

import (
	"strconv"
	"strings"
	"testing"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in                   string
		text, seq            string
		year                 int
		symbol, code, issuer string
		party                bool
		key, slug            string
	}{
		{"364/TB-VPCP", "364/TB-VPCP", "364", 0, "TB-VPCP", "TB", "VPCP", false, "364/TB-VPCP", "364-tb-vpcp"},
		{"4588/UBND-VX", "4588/UBND-VX", "4588", 0, "UBND-VX", "", "UBND-VX", false, "4588/UBND-VX", "4588-ubnd-vx"},
		{"778/CD-TTg", "778/CĐ-TTg", "778", 0, "CĐ-TTg", "CĐ", "TTg", false, "778/CĐ-TTg", "778-cd-ttg"},
		{"778/CĐ-TTg", "778/CĐ-TTg", "778", 0, "CĐ-TTg", "CĐ", "TTg", false, "778/CĐ-TTg", "778-cd-ttg"},
		{"30/2020/NĐ-CP", "30/2020/NĐ-CP", "30", 2020, "NĐ-CP", "NĐ", "CP", false, "30/2020/NĐ-CP", "30-2020-nd-cp"},
		{"30/2020/ND-CP", "30/2020/ND-CP", "30", 2020, "ND-CP", "", "ND-CP", false, "30/2020/ND-CP", "30-2020-nd-cp"},
		{"30/2020/NÐ-CP", "30/2020/NĐ-CP", "30", 2020, "NĐ-CP", "NĐ", "CP", false, "30/2020/NĐ-CP", "30-2020-nd-cp"}, // U+00D0
		{"80/2023/QH15", "80/2023/QH15", "80", 2023, "QH15", "", "QH15", false, "80/2023/QH15", "80-2023-qh15"},
		{"76/2025/UBTVQH15", "76/2025/UBTVQH15", "76", 2025, "UBTVQH15", "", "UBTVQH15", false, "76/2025/UBTVQH15", "76-2025-ubtvqh15"},
		{"25-CT/TW", "25-CT/TW", "25", 0, "CT/TW", "CT", "TW", true, "25-CT/TW", "25-ct-tw"},
		{"08-QĐi/TW", "08-QĐi/TW", "08", 0, "QĐi/TW", "QĐi", "TW", true, "8-QĐi/TW", "8-qdi-tw"},
		{"9151- CV/BTCTW", "9151-CV/BTCTW", "9151", 0, "CV/BTCTW", "CV", "BTCTW", true, "9151-CV/BTCTW", "9151-cv-btctw"},
		{"169-CP", "169-CP", "169", 0, "CP", "", "CP", false, "169-CP", "169-cp"},
		{"299/TTg", "299/TTg", "299", 0, "TTg", "", "TTg", false, "299/TTg", "299-ttg"},
		{"010/CT-UBND", "010/CT-UBND", "010", 0, "CT-UBND", "CT", "UBND", false, "10/CT-UBND", "10-ct-ubnd"},
		{"1557/KH-BYT-BGDĐT", "1557/KH-BYT-BGDĐT", "1557", 0, "KH-BYT-BGDĐT", "KH", "BYT-BGDĐT", false, "1557/KH-BYT-BGDĐT", "1557-kh-byt-bgddt"},
		{"11554/VPCP-V.I", "11554/VPCP-V.I", "11554", 0, "VPCP-V.I", "", "VPCP-V.I", false, "11554/VPCP-V.I", ""},
		{"86 /NQ-CP", "86/NQ-CP", "86", 0, "NQ-CP", "NQ", "CP", false, "86/NQ-CP", "86-nq-cp"},
		{"164/BC- BKTNS", "164/BC-BKTNS", "164", 0, "BC-BKTNS", "BC", "BKTNS", false, "164/BC-BKTNS", "164-bc-bktns"},
		{"416/QĐ-\nTTg", "416/QĐ-TTg", "416", 0, "QĐ-TTg", "QĐ", "TTg", false, "416/QĐ-TTg", "416-qd-ttg"},
		{"203**/2025/QH15", "203/2025/QH15", "203", 2025, "QH15", "", "QH15", false, "203/2025/QH15", "203-2025-qh15"},
		{"1254 –KL/TU", "1254-KL/TU", "1254", 0, "KL/TU", "KL", "TU", true, "1254-KL/TU", "1254-kl-tu"},
		{"/UBND-VX", "/UBND-VX", "", 0, "UBND-VX", "", "UBND-VX", false, "/UBND-VX", "ubnd-vx"},
		{"454/TTr-SoNNMT", "454/TTr-SoNNMT", "454", 0, "TTr-SoNNMT", "TTr", "SoNNMT", false, "454/TTr-SoNNMT", "454-ttr-sonnmt"},
		{"5/HD-UBND", "5/HD-UBND", "5", 0, "HD-UBND", "HD", "UBND", false, "5/HD-UBND", "5-hd-ubnd"},
		{"5/HĐ-UBND", "5/HĐ-UBND", "5", 0, "HĐ-UBND", "HĐ", "UBND", false, "5/HĐ-UBND", "5-hd-ubnd"},
	}
	for _, tt := range tests {
		n, ok := ParseNumber(tt.in)
		if !ok {
			t.Errorf("ParseNumber(%q): not ok", tt.in)
			continue
		}
		if n.Text != tt.text || n.Seq != tt.seq || n.Year != tt.year || n.Symbol != tt.symbol ||
			n.Code != tt.code || n.Issuer != tt.issuer || n.Party != tt.party {
			t.Errorf("ParseNumber(%q) = %+v", tt.in, n)
		}
		if got := n.Key(); got != tt.key {
			t.Errorf("ParseNumber(%q).Key() = %q, want %q", tt.in, got, tt.key)
		}
		if tt.slug != "" && n.Slug() != tt.slug {
			t.Errorf("ParseNumber(%q).Slug() = %q, want %q", tt.in, n.Slug(), tt.slug)
		}
		if n.String() != n.Text || n.Known() != (tt.seq != "") {
			t.Errorf("ParseNumber(%q): String %q Known %v", tt.in, n.String(), n.Known())
		}
	}
}

func TestParseNumberRejects(t *testing.T) {
	for _, in := range []string{"", "364", "TB-VPCP", "07/12/2022", "10/10", "5-11", "2026 - 2031", "-CT/TW", "12/", "12-", "0213.3791.558"} {
		if n, ok := ParseNumber(in); ok {
			t.Errorf("ParseNumber(%q) = %+v, want not ok", in, n)
		}
	}
}

// Folding is lossy only where it is safe: HD (hướng dẫn) and HĐ (hợp đồng),
// DA (dự án) and ĐA (đề án) stay different numbers.
func TestKeyKeepsLossyPairsApart(t *testing.T) {
	pairs := [][2]string{{"5/HD-UBND", "5/HĐ-UBND"}, {"7/DA-UBND", "7/ĐA-UBND"}, {"299/TTg", "299/TTG"}}
	for _, p := range pairs {
		a, _ := ParseNumber(p[0])
		b, _ := ParseNumber(p[1])
		if a.Key() == b.Key() {
			t.Errorf("%q and %q share the key %q", p[0], p[1], a.Key())
		}
	}
	same := [][2]string{{"010/CT-UBND", "10/CT-UBND"}, {"778/CD-TTg", "778/CĐ-TTg"}, {"30/2020/NÐ-CP", "30/2020/NĐ-CP"}, {"9151- CV/BTCTW", "9151-CV/BTCTW"}}
	for _, p := range same {
		a, _ := ParseNumber(p[0])
		b, _ := ParseNumber(p[1])
		if a.Key() != b.Key() {
			t.Errorf("%q and %q: keys %q and %q differ", p[0], p[1], a.Key(), b.Key())
		}
	}
}

func TestCanonical(t *testing.T) {
	tests := map[string]string{
		"86 /NQ-CP":          "86/NQ-CP",
		"203**/2025/QH15**":  "203/2025/QH15",
		"1254 –KL/TU":        "1254-KL/TU",
		"131/CD-TTg":         "131/CĐ-TTg",
		"30/2020/NÐ-CP":      "30/2020/NĐ-CP",
		"27/NQ- TW":          "27/NQ-TW",
		"416/QĐ-\nTTg":       "416/QĐ-TTg",
		"12/\u200bQĐ‑UBND":   "12/QĐ-UBND",
		"010/CT-UBND":        "010/CT-UBND",
		"5/HD-UBND":          "5/HD-UBND",
		"12/QĐ-UBND\u00a0":   "12/QĐ-UBND",
		"_364/TB-VPCP_":      "364/TB-VPCP",
		"08-QĐi/TW":          "08-QĐi/TW",
		"11554/VPCP-V.I":     "11554/VPCP-V.I",
		"9151- CV/BTCTW":     "9151-CV/BTCTW",
		"1557/KH-BYT-BGDĐT ": "1557/KH-BYT-BGDĐT",
	}
	for in, want := range tests {
		if got := Canonical(in); got != want {
			t.Errorf("Canonical(%q) = %q, want %q", in, got, want)
		}
	}
}

// Key returns the text itself when the text is the key; it must give
// exactly what building the key gives, whatever the fields say.
func TestKeyMatchesDefinition(t *testing.T) {
	built := func(n Number) string {
		seq := strings.TrimLeft(n.Seq, "0")
		if seq == "" && n.Seq != "" {
			seq = "0"
		}
		if n.Party {
			return seq + "-" + n.Symbol
		}
		if n.Symbol != "" && n.Seq != "" && !strings.Contains(n.Text, "/") {
			return seq + "-" + n.Symbol
		}
		year := ""
		if n.Year != 0 {
			year = strconv.Itoa(n.Year) + "/"
		}
		return seq + "/" + year + n.Symbol
	}
	numbers := []Number{
		{Text: "30/2020/NĐ-CP", Seq: "30", Year: 2020, Symbol: "NĐ-CP"},
		{Text: "30/+202/NĐ-CP", Seq: "30", Year: 202, Symbol: "NĐ-CP"},
		{Text: "30/2020/NĐ-CP", Seq: "30", Year: 2021, Symbol: "NĐ-CP"},
		{Text: "30/2020/NĐ-CP", Seq: "30", Symbol: "2020/NĐ-CP"},
		{Text: "25-CT/TW", Seq: "25", Symbol: "CT/TW", Party: true},
		{Text: "25-CT/TW", Seq: "25", Year: 2020, Symbol: "CT/TW", Party: true},
		{Text: "25/CT/TW", Seq: "25", Symbol: "CT/TW", Party: true},
		{Text: "169-CP", Seq: "169", Symbol: "CP"},
		{Text: "169-CP", Seq: "169", Year: 1990, Symbol: "CP"},
		{Text: "010/CT-UBND", Seq: "010", Symbol: "CT-UBND"},
		{Text: "000/CT-UBND", Seq: "000", Symbol: "CT-UBND"},
		{Text: "/UBND-VX", Symbol: "UBND-VX"},
		{Text: "", Seq: "", Symbol: ""},
		{Text: "5/HD-UBND", Seq: "5", Symbol: "HĐ-UBND"},
		{Text: "5/HĐ-UBND", Seq: "5", Symbol: "HĐ-UBND"},
		{Text: "5/HĐ-UBND", Seq: "6", Symbol: "HĐ-UBND"},
		{Text: "5-HĐ-UBND", Seq: "5", Symbol: "HĐ-UBND"},
		{Text: "5/1/HĐ", Seq: "5", Year: -1, Symbol: "HĐ"},
		{Text: "5/-1/HĐ", Seq: "5", Year: -1, Symbol: "HĐ"},
		{Text: "x5/HĐ", Seq: "5", Symbol: "HĐ"},
	}
	for _, n := range numbers {
		if got, want := n.Key(), built(n); got != want {
			t.Errorf("%+v: Key() = %q, want %q", n, got, want)
		}
	}
}

func TestKeyOfCanonicalTextAllocatesNothing(t *testing.T) {
	for _, s := range []string{"30/2020/NĐ-CP", "25-CT/TW", "169-CP", "4588/UBND-VX", "/UBND-VX"} {
		n, _ := ParseNumber(s)
		if allocs := testing.AllocsPerRun(10, func() { _ = n.Key() }); allocs != 0 {
			t.Errorf("%s: Key allocates %.0f times", s, allocs)
		}
	}
}
