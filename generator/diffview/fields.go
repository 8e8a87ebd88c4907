package diffview

import (
	"strings"

	"vanban/generator/model"
)

// Field is one item of a directive's information (number, date, signer…)
// that differs between two editions, with each side's words marked.
type Field struct {
	Label string
	Old   []Span // the older value; removed words are Delete spans
	New   []Span // the newer value; inserted words are Insert spans
}

// relationNames are short names of relations for the comparison table.
var relationNames = map[model.RelationKind]string{
	model.Basis:      "căn cứ",
	model.Implements: "thực hiện",
	model.Amends:     "sửa đổi, bổ sung",
	model.Replaces:   "thay thế",
	model.Repeals:    "bãi bỏ",
	model.Corrects:   "đính chính",
	model.Cites:      "dẫn chiếu",
}

// values lists a document's information as the comparison shows it, in
// the order of the directive page. province names a province slug.
func values(d *model.Document, province func(string) string) [][2]string {
	date := func(x model.Date) string {
		if x.IsZero() {
			return ""
		}
		return x.Vietnamese()
	}
	issuer := d.Issuer
	if d.Parent != "" {
		issuer += " (" + d.Parent + ")"
	}
	prov := d.Province
	if prov != "" && province != nil {
		prov = province(prov)
	}
	published := ""
	if !d.Published.IsZero() {
		published = d.Published.Format("15:04 02/01/2006")
	}
	var signer []string
	for _, s := range []string{d.Signer.Authority, d.Signer.Title, d.Signer.Name} {
		if s != "" {
			signer = append(signer, s)
		}
	}
	var source []string
	for _, s := range []string{d.Source.Kind, d.Source.URL, d.Source.File, d.Source.Note} {
		if s != "" {
			source = append(source, s)
		}
	}
	var rels []string
	for _, r := range d.Relations {
		s := relationNames[r.Kind] + " " + r.Number.Text
		if !r.Date.IsZero() {
			s += " " + r.Date.Short()
		}
		if r.Note != "" {
			s += " (" + r.Note + ")"
		}
		rels = append(rels, s)
	}
	return [][2]string{
		{"Số, ký hiệu", d.Number.Text},
		{"Loại văn bản", d.Type.Name},
		{"Trích yếu", d.Title},
		{"Cơ quan ban hành", issuer},
		{"Tỉnh, thành phố", prov},
		{"Ngày ban hành", date(d.Date)},
		{"Nơi ban hành", d.Place},
		{"Ngày hiệu lực", date(d.Effective)},
		{"Ngày hết hiệu lực", date(d.Expires)},
		{"Ngày đăng", published},
		{"Người ký", strings.Join(signer, " – ")},
		{"Kính gửi", strings.Join(d.Addressees, "; ")},
		{"Nơi nhận", strings.Join(d.Distribution, "; ")},
		{"Chủ đề", strings.Join(d.Topics, "; ")},
		{"Nguồn", strings.Join(source, " – ")},
		{"Văn bản liên quan", strings.Join(rels, "; ")},
		{"Ghi chú biên tập", d.Notes},
	}
}

// Fields compares the information of two editions and returns the items
// that differ, in page order. The edition block itself (number, date and
// change note) is not compared: it always differs. province names a
// province slug; nil shows the slug.
func Fields(older, newer *model.Document, province func(string) string) []Field {
	a, b := values(older, province), values(newer, province)
	var out []Field
	for i := range a {
		if a[i][1] == b[i][1] {
			continue
		}
		f := Field{Label: a[i][0]}
		f.Old, f.New = Sides(a[i][1], b[i][1])
		out = append(out, f)
	}
	return out
}
