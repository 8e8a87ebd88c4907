package fingerprint

import (
	"regexp"
	"testing"

	"vanban/generator/diag"
	"vanban/generator/model"
)

func doc() *model.Document {
	n, _ := model.ParseNumber("12/TB-VD")
	return &model.Document{
		File:     "vi-du/12-tb-vd/ban-1.md",
		Number:   n,
		Type:     model.DocType{Slug: "thong-bao", Name: "Thông báo", Code: "TB"},
		Title:    "Về việc ví dụ",
		Issuer:   "Ủy ban ví dụ",
		Date:     model.Date{Year: 2023, Month: 3, Day: 1},
		Signer:   model.Signer{Authority: "KT. CHỦ TỊCH", Name: "Nguyễn Văn Ví Dụ", Pos: diag.Pos{File: "a.md", Line: 9}},
		Edition:  model.EditionInfo{Number: 1, Date: model.Date{Year: 2023, Month: 3, Day: 1}, Pos: diag.Pos{File: "a.md", Line: 3}},
		Body:     "Nội dung ví dụ.\n",
		BodyLine: 20,
		Keys:     []model.KeyPos{{Key: "title", Line: 4}},
	}
}

func TestEditionFormat(t *testing.T) {
	fp, err := Edition(doc())
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(fp) {
		t.Errorf("fingerprint %q: want 16 hex digits", fp)
	}
}

// TestEditionIgnoresPlace: moving or renaming a file, or reformatting its
// front matter, keeps the fingerprint.
func TestEditionIgnoresPlace(t *testing.T) {
	want, _ := Edition(doc())
	d := doc()
	d.File = "khac/ten-moi.md"
	d.BodyLine = 42
	d.Keys = []model.KeyPos{{Key: "title", Line: 17, Col: 3}}
	d.Signer.Pos = diag.Pos{}
	d.Edition.Pos = diag.Pos{File: "x.md", Line: 99}
	d.Draft = true
	if got, _ := Edition(d); got != want {
		t.Errorf("fingerprint changed with the file's place: %s, want %s", got, want)
	}
}

// TestEditionSeesContent: every change of what the office issued changes
// the fingerprint.
func TestEditionSeesContent(t *testing.T) {
	base, _ := Edition(doc())
	changes := map[string]func(*model.Document){
		"body":          func(d *model.Document) { d.Body = "Nội dung ví dụ đã sửa.\n" },
		"one diacritic": func(d *model.Document) { d.Body = "Nôi dung ví dụ.\n" },
		"title":         func(d *model.Document) { d.Title += "." },
		"date":          func(d *model.Document) { d.Date.Day = 2 },
		"number":        func(d *model.Document) { d.Number, _ = model.ParseNumber("13/TB-VD") },
		"signer":        func(d *model.Document) { d.Signer.Name = "Trần Văn Ví Dụ" },
		"edition note":  func(d *model.Document) { d.Edition.Note = "Đính chính" },
		"edition":       func(d *model.Document) { d.Edition.Number = 2 },
		"addressee":     func(d *model.Document) { d.Addressees = []string{"Các sở"} },
		"relation": func(d *model.Document) {
			n, _ := model.ParseNumber("1/QĐ-VD")
			d.Relations = []model.Ref{{Kind: model.Corrects, Number: n}}
		},
	}
	seen := map[string]string{base: "base"}
	for name, change := range changes {
		d := doc()
		change(d)
		got, err := Edition(d)
		if err != nil {
			t.Fatal(err)
		}
		if prev, dup := seen[got]; dup {
			t.Errorf("%s: fingerprint %s same as %s", name, got, prev)
		}
		seen[got] = name
	}
}

// TestEditionStable pins the fingerprint of a fixed edition: if it moves,
// every published "Mã kiểm tra" moves too, so raise Schema on purpose.
func TestEditionStable(t *testing.T) {
	a, _ := Edition(doc())
	b, _ := Edition(doc())
	if a != b {
		t.Fatalf("fingerprint not deterministic: %s vs %s", a, b)
	}
	const want = "6303197c174bdc57"
	if a != want {
		t.Errorf("Schema %d fingerprint changed: %s, want %s", Schema, a, want)
	}
}

// TestHashSequences: the streaming hash tells apart sequences that feed the
// same characters in other pieces, and is stable.
func TestHashSequences(t *testing.T) {
	tests := []struct {
		name string
		a, b Hash
	}{
		{"split strings", New().String("ab").String("c"), New().String("a").String("bc")},
		{"empty string", New().String(""), New()},
		{"order", New().Int(1).Int(2), New().Int(2).Int(1)},
		{"bool", New().Bool(true), New().Bool(false)},
	}
	for _, tt := range tests {
		if tt.a.Sum() == tt.b.Sum() {
			t.Errorf("%s: same fingerprint %x", tt.name, tt.a.Sum())
		}
	}
	if New().String("x").Int(7).Sum() != New().String("x").Int(7).Sum() {
		t.Error("not stable")
	}
}
