package importer

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"vanban/generator/model"
	"vanban/generator/province"
	"vanban/generator/vn"
)

// corpusDir is the shared corpus of real documents with its answer key.
const corpusDir = "../../../shared/corpus/real"

// TestCorpus imports every real document and measures each field against
// answers.tsv. Comparison rules (documented so the numbers mean something):
//
//   - number: the key's number parsed and canonicalised (model.ParseNumber)
//     equals ours, text for text (so "010/CT-UBND" must keep its zero); a
//     blank key means the text has no readable number, and ours must not be
//     known (blank "Số: /QĐ-UBND" or absent).
//   - type: slug equality.
//   - issuer: vn.Key equality (diacritics, case and spacing ignored) with
//     "Issuer (Parent)" when we read a parent, the key's convention for
//     departments ("Cục Thuế (Bộ Tài chính)"); the bare issuer is accepted
//     too when the key has no brackets.
//   - province: the key names a province ("Lai Châu") or "trung-uong"; we
//     return a slug: the key's name goes through province.Default().Lookup.
//   - date: the key holds full dates only; a blank key means the text leaves
//     the day blank, so ours must have less than day precision (blank or a
//     month / year left by "ngày   tháng   năm 2025").
//   - signer: vn.Key equality of the name; blank key, blank name.
//   - references: as sets of model.Number.Key() (number canonical: Đ, no
//     spaces, CD→CĐ). Reported two ways: per-file exact set match, and
//     micro precision/recall over all references. The 4 tin-bai news pages
//     count for references only.
//
// The test fails when a field is below 0.95 (references: per-file exact).
func TestCorpus(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(corpusDir, "answers.tsv"))
	if err != nil {
		t.Skipf("corpus not available (%v): run from a checkout with ../shared", err)
	}
	rows := strings.Split(strings.TrimSpace(string(raw)), "\n")
	type score struct{ ok, n int }
	fields := []string{"number", "type", "issuer", "province", "date", "signer", "references"}
	scores := map[string]*score{}
	for _, f := range fields {
		scores[f] = &score{}
	}
	var tp, fp, fn int
	var misses []string
	for _, row := range rows[1:] {
		c := strings.Split(row, "\t")
		for len(c) < 9 {
			c = append(c, "")
		}
		file, num, typ, iss, prov, date, signer, refs := c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]
		text, err := os.ReadFile(filepath.Join(corpusDir, file))
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		r, _ := Import(file, text)
		check := func(field string, ok bool, got, want string) {
			s := scores[field]
			s.n++
			if ok {
				s.ok++
			} else {
				misses = append(misses, fmt.Sprintf("%-10s %s: got %q, want %q", field, file, got, want))
			}
		}
		if typ != "tin-bai" {
			check("number", numberOK(r.Number, num), r.Number.Text, num)
			check("type", r.Type.Slug == typ, r.Type.Slug, typ)
			got := r.Issuer
			if r.IssuerParent != "" {
				got += " (" + r.IssuerParent + ")"
			}
			check("issuer", vn.Key(got) == vn.Key(iss) || (!strings.Contains(iss, "(") && vn.Key(r.Issuer) == vn.Key(iss)), got, iss)
			check("province", provinceOK(r.Province, prov), r.Province, prov)
			check("date", dateOK(r.Date, date), r.Date.String(), date)
			check("signer", vn.Key(r.Signer.Name) == vn.Key(signer), r.Signer.Name, signer)
		}
		want := refSet(strings.Split(refs, ";"))
		var gotRefs []string
		for _, ci := range r.Citations {
			gotRefs = append(gotRefs, ci.Number.Key())
		}
		got := refSet(gotRefs)
		same := slices.Equal(got, want)
		check("references", same, strings.Join(got, ";"), strings.Join(want, ";"))
		for _, g := range got {
			if slices.Contains(want, g) {
				tp++
			} else {
				fp++
			}
		}
		for _, w := range want {
			if !slices.Contains(got, w) {
				fn++
			}
		}
	}
	t.Logf("%-11s %8s %6s", "field", "correct", "acc")
	for _, f := range fields {
		s := scores[f]
		t.Logf("%-11s %4d/%-3d %6.3f", f, s.ok, s.n, float64(s.ok)/float64(max(s.n, 1)))
	}
	p := float64(tp) / float64(max(tp+fp, 1))
	rc := float64(tp) / float64(max(tp+fn, 1))
	t.Logf("references per reference: precision %.3f (%d/%d), recall %.3f (%d/%d)", p, tp, tp+fp, rc, tp, tp+fn)
	for _, m := range misses {
		t.Log("miss: " + m)
	}
	for _, f := range fields {
		s := scores[f]
		if acc := float64(s.ok) / float64(max(s.n, 1)); acc < 0.95 {
			t.Errorf("%s accuracy %.3f < 0.95", f, acc)
		}
	}
}

func numberOK(got model.Number, want string) bool {
	if want == "" {
		return !got.Known()
	}
	w, ok := model.ParseNumber(want)
	return ok && w.Text == got.Text
}

func provinceOK(got, want string) bool {
	if want == model.Central || want == "" {
		return got == want
	}
	p, ok := province.Default().Lookup(want)
	return ok && p.Slug == got
}

func dateOK(got model.Date, want string) bool {
	if want == "" {
		return got.Precision() < model.Day
	}
	return got.String() == want
}

func refSet(refs []string) []string {
	var out []string
	for _, r := range refs {
		if strings.TrimSpace(r) == "" {
			continue
		}
		n, ok := model.ParseNumber(r)
		k := n.Key()
		if !ok {
			k = model.Canonical(r)
		}
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}
