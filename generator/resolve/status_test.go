package resolve

import (
	"slices"
	"strings"
	"testing"
)

// rel writes a relation in front matter: rel("replaces", "1/QĐ-UBND").
func rel(kind string, numbers ...string) string {
	var b strings.Builder
	b.WriteString(kind + ":\n")
	for _, n := range numbers {
		b.WriteString("  - \"" + n + "\"\n")
	}
	return b.String()
}

// TestStatus derives each status at a fixed clock, 2024-06-15.
func TestStatus(t *testing.T) {
	const clock = "2024-06-15"
	qd := func(number, date, extra string) doc {
		return doc{file: strings.ReplaceAll(number, "/", "-") + ".md", number: number, typ: "quyet-dinh", date: date, extra: extra}
	}
	tests := []struct {
		name    string
		docs    []doc
		subject string // number of the directive whose status is checked
		code    StatusCode
		since   string   // "" for zero
		by      []string // numbers of the directives that caused it
	}{
		{"in force since its issue date",
			[]doc{qd("1/QĐ-UBND", "2024-01-10", "")}, "1/QĐ-UBND", InForce, "2024-01-10", nil},
		{"in force since its effective date",
			[]doc{qd("1/QĐ-UBND", "2024-01-10", "effective: 2024-02-01\n")}, "1/QĐ-UBND", InForce, "2024-02-01", nil},
		{"takes effect on the clock's day",
			[]doc{qd("1/QĐ-UBND", "2024-06-01", "effective: 2024-06-15\n")}, "1/QĐ-UBND", InForce, "2024-06-15", nil},
		{"not yet in effect",
			[]doc{qd("1/QĐ-UBND", "2024-06-01", "effective: 2024-07-01\n")}, "1/QĐ-UBND", NotYet, "", nil},
		{"expired on the clock's day",
			[]doc{qd("1/QĐ-UBND", "2024-01-10", "expires: 2024-06-15\n")}, "1/QĐ-UBND", Expired, "2024-06-15", nil},
		{"expires after the clock",
			[]doc{qd("1/QĐ-UBND", "2024-01-10", "expires: 2024-06-16\n")}, "1/QĐ-UBND", InForce, "2024-01-10", nil},
		{"amended, by which and since when",
			[]doc{qd("1/QĐ-UBND", "2024-01-10", ""), qd("2/QĐ-UBND", "2024-03-01", rel("amends", "1/QĐ-UBND")),
				qd("3/QĐ-UBND", "2024-05-01", "effective: 2024-05-10\n"+rel("amends", "1/QĐ-UBND"))},
			"1/QĐ-UBND", Amended, "2024-03-01", []string{"2/QĐ-UBND", "3/QĐ-UBND"}},
		{"amendment not in effect yet does not count",
			[]doc{qd("1/QĐ-UBND", "2024-01-10", ""), qd("2/QĐ-UBND", "2024-06-10", "effective: 2024-07-01\n"+rel("amends", "1/QĐ-UBND"))},
			"1/QĐ-UBND", InForce, "2024-01-10", nil},
		{"replaced",
			[]doc{qd("1/QĐ-UBND", "2023-01-10", ""), qd("2/QĐ-UBND", "2024-03-01", rel("replaces", "1/QĐ-UBND"))},
			"1/QĐ-UBND", Replaced, "2024-03-01", []string{"2/QĐ-UBND"}},
		{"replacement not in effect yet does not count",
			[]doc{qd("1/QĐ-UBND", "2023-01-10", ""), qd("2/QĐ-UBND", "2024-06-01", "effective: 2024-08-01\n"+rel("replaces", "1/QĐ-UBND"))},
			"1/QĐ-UBND", InForce, "2023-01-10", nil},
		{"repealed",
			[]doc{qd("1/QĐ-UBND", "2023-01-10", ""), qd("2/QĐ-UBND", "2024-03-01", rel("repeals", "1/QĐ-UBND"))},
			"1/QĐ-UBND", Repealed, "2024-03-01", []string{"2/QĐ-UBND"}},
		{"amended, then replaced: replaced",
			[]doc{qd("1/QĐ-UBND", "2023-01-10", ""), qd("2/QĐ-UBND", "2023-05-01", rel("amends", "1/QĐ-UBND")),
				qd("3/QĐ-UBND", "2024-03-01", rel("replaces", "1/QĐ-UBND"))},
			"1/QĐ-UBND", Replaced, "2024-03-01", []string{"3/QĐ-UBND"}},
		{"replaced, then repealed: the earliest ending stands",
			[]doc{qd("1/QĐ-UBND", "2023-01-10", ""), qd("2/QĐ-UBND", "2023-05-01", rel("replaces", "1/QĐ-UBND")),
				qd("3/QĐ-UBND", "2024-03-01", rel("repeals", "1/QĐ-UBND"))},
			"1/QĐ-UBND", Replaced, "2023-05-01", []string{"2/QĐ-UBND"}},
		{"expired, then replaced: expired",
			[]doc{qd("1/QĐ-UBND", "2023-01-10", "expires: 2023-12-31\n"), qd("2/QĐ-UBND", "2024-03-01", rel("replaces", "1/QĐ-UBND"))},
			"1/QĐ-UBND", Expired, "2023-12-31", nil},
		{"replaced and repealed the same day: repealed",
			[]doc{qd("1/QĐ-UBND", "2023-01-10", ""), qd("2/QĐ-UBND", "2024-03-01", rel("replaces", "1/QĐ-UBND")),
				qd("3/QĐ-UBND", "2024-03-01", rel("repeals", "1/QĐ-UBND"))},
			"1/QĐ-UBND", Repealed, "2024-03-01", []string{"3/QĐ-UBND"}},
		{"replaced on the day it expires: replaced",
			[]doc{qd("1/QĐ-UBND", "2023-01-10", "expires: 2024-03-01\n"), qd("2/QĐ-UBND", "2024-03-01", rel("replaces", "1/QĐ-UBND"))},
			"1/QĐ-UBND", Replaced, "2024-03-01", []string{"2/QĐ-UBND"}},
		{"not yet in effect but amended: not yet",
			[]doc{qd("1/QĐ-UBND", "2024-06-01", "effective: 2024-09-01\n"), qd("2/QĐ-UBND", "2024-06-10", rel("amends", "1/QĐ-UBND"))},
			"1/QĐ-UBND", NotYet, "", nil},
		{"repealed before it took effect: repealed",
			[]doc{qd("1/QĐ-UBND", "2024-06-01", "effective: 2024-09-01\n"), qd("2/QĐ-UBND", "2024-06-10", rel("repeals", "1/QĐ-UBND"))},
			"1/QĐ-UBND", Repealed, "2024-06-10", []string{"2/QĐ-UBND"}},
		{"implemented and cited: still in force",
			[]doc{qd("1/QĐ-UBND", "2024-01-10", ""), qd("2/QĐ-UBND", "2024-03-01", rel("implements", "1/QĐ-UBND")+rel("basis", "9/QĐ-UBND")),
				{file: "c.md", number: "3/UBND-VX", date: "2024-04-01", body: "Theo Quyết định số 1/QĐ-UBND.\n"}},
			"1/QĐ-UBND", InForce, "2024-01-10", nil},
		{"corrected: still in force",
			[]doc{qd("1/QĐ-UBND", "2024-01-10", ""), qd("2/QĐ-UBND", "2024-01-20", rel("corrects", "1/QĐ-UBND"))},
			"1/QĐ-UBND", InForce, "2024-01-10", nil},
		{"replaced by a directive of unknown date: replaced, undated",
			[]doc{qd("1/QĐ-UBND", "2023-01-10", ""), {file: "u.md", typ: "quyet-dinh", extra: rel("replaces", "1/QĐ-UBND")}},
			"1/QĐ-UBND", Replaced, "", []string{""}},
		{"unknown date: in force, since unknown",
			[]doc{qd("1/QĐ-UBND", "", "")}, "1/QĐ-UBND", InForce, "", nil},
		{"the replacing directive's own status is unaffected",
			[]doc{qd("1/QĐ-UBND", "2023-01-10", ""), qd("2/QĐ-UBND", "2024-03-01", rel("replaces", "1/QĐ-UBND"))},
			"2/QĐ-UBND", InForce, "2024-03-01", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, g, diags := archive(t, clock, tt.docs...)
			if diags.HasErrors() {
				t.Fatal(messages(diags))
			}
			var st Status
			found := false
			for _, e := range ix.Entries() {
				if e.Doc.Number.Text == tt.subject {
					st, found = g.Status(e), true
				}
			}
			if !found {
				t.Fatalf("no directive %s", tt.subject)
			}
			if st.Code != tt.code || st.Since.String() != tt.since {
				t.Errorf("status = %s since %q, want %s since %q", st.Code, st.Since, tt.code, tt.since)
			}
			var by []string
			for _, e := range st.By {
				by = append(by, e.Doc.Number.Text)
			}
			if !slices.Equal(by, tt.by) {
				t.Errorf("by = %q, want %q", by, tt.by)
			}
			if !slices.IsSortedFunc(st.Events, func(a, b Event) int { return a.Since.Compare(b.Since) }) {
				t.Errorf("events not oldest first: %v", st.Events)
			}
		})
	}
}

func TestStatusLabels(t *testing.T) {
	want := map[StatusCode]string{
		InForce: "Còn hiệu lực", NotYet: "Chưa có hiệu lực", Amended: "Bị sửa đổi, bổ sung",
		Replaced: "Bị thay thế", Repealed: "Bị bãi bỏ", Expired: "Hết hiệu lực",
	}
	for code, label := range want {
		if code.Label() != label {
			t.Errorf("%s.Label() = %q, want %q", code, code.Label(), label)
		}
		if code.InEffect() != (code == InForce || code == Amended) {
			t.Errorf("%s.InEffect() = %v", code, code.InEffect())
		}
	}
}
