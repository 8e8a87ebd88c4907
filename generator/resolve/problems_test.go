package resolve

import (
	"strings"
	"testing"
)

// TestProblems checks the problems the resolver reports, each at the
// file:line:col of the relation in front matter.
func TestProblems(t *testing.T) {
	base := doc{file: "1.md", number: "1/QĐ-UBND", typ: "quyet-dinh", date: "2023-01-10"}
	tests := []struct {
		name  string
		docs  []doc
		want  []string // each a line of the output, in order
		fatal bool     // errors (the build fails), not only warnings
	}{
		{"a relation naming a document twice in one list",
			[]doc{base, {file: "2.md", number: "2/QĐ-UBND", typ: "quyet-dinh", date: "2023-02-01",
				extra: rel("replaces", "1/QĐ-UBND", "01/QĐ-UBND")}},
			[]string{`2.md:9:5: 01/QĐ-UBND is already named as "replaces" at line 8; declare each related document once`}, true},
		{"a document named in two relations",
			[]doc{base, {file: "2.md", number: "2/QĐ-UBND", typ: "quyet-dinh", date: "2023-02-01",
				extra: rel("basis", "1/QĐ-UBND") + rel("amends", "1/QĐ-UBND")}},
			[]string{`2.md:10:5: 1/QĐ-UBND is already named as "basis" at line 8; declare each related document once`}, true},
		{"a missing document named twice",
			[]doc{{file: "2.md", number: "2/QĐ-UBND", typ: "quyet-dinh", date: "2023-02-01",
				extra: rel("implements", "364/TB-VPCP") + rel("basis", "364/TB-VPCP")}},
			[]string{`2.md:10:5: 364/TB-VPCP is already named as "implements" at line 8; declare each related document once`}, true},
		{"a directive relating to itself",
			[]doc{{file: "2.md", number: "2/QĐ-UBND", typ: "quyet-dinh", date: "2023-02-01", extra: rel("amends", "2/QĐ-UBND")}},
			[]string{`2.md:8:5: a directive cannot relate to itself (2/QĐ-UBND)`}, true},
		{"a cycle of two",
			[]doc{{file: "a.md", number: "5/QĐ-UBND", typ: "quyet-dinh", date: "2023-02-01", extra: rel("replaces", "6/QĐ-UBND")},
				{file: "b.md", number: "6/QĐ-UBND", typ: "quyet-dinh", date: "2023-02-01", extra: rel("replaces", "5/QĐ-UBND")}},
			[]string{`b.md:8:5: relation cycle: 6/QĐ-UBND replaces 5/QĐ-UBND, 5/QĐ-UBND replaces 6/QĐ-UBND; a directive can only change one issued before it`}, true},
		{"a cycle of three kinds",
			[]doc{{file: "a.md", number: "5/QĐ-UBND", typ: "quyet-dinh", date: "2023-03-01", extra: rel("amends", "6/QĐ-UBND")},
				{file: "b.md", number: "6/QĐ-UBND", typ: "quyet-dinh", date: "2023-02-01", extra: rel("repeals", "7/QĐ-UBND")},
				{file: "c.md", number: "7/QĐ-UBND", typ: "quyet-dinh", date: "2023-01-01", extra: rel("replaces", "5/QĐ-UBND")}},
			[]string{"c.md:8:5: relation cycle: 7/QĐ-UBND replaces 5/QĐ-UBND, 5/QĐ-UBND amends 6/QĐ-UBND, 6/QĐ-UBND repeals 7/QĐ-UBND", "warning: replaces 5/QĐ-UBND was issued 01/03/2023, after this directive (01/01/2023)"}, true},
		{"replacing one issued after it",
			[]doc{base, {file: "0.md", number: "9/QĐ-UBND", typ: "quyet-dinh", date: "2022-12-01", extra: rel("replaces", "1/QĐ-UBND")}},
			[]string{`0.md:8:5: warning: replaces 1/QĐ-UBND was issued 10/01/2023, after this directive (01/12/2022)`}, false},
		{"implementing one issued after it is no change: no warning",
			[]doc{base, {file: "0.md", number: "9/QĐ-UBND", typ: "quyet-dinh", date: "2022-12-01", extra: rel("implements", "1/QĐ-UBND")}},
			nil, false},
		{"a chain without a cycle",
			[]doc{base, {file: "2.md", number: "2/QĐ-UBND", typ: "quyet-dinh", date: "2023-02-01", extra: rel("replaces", "1/QĐ-UBND")},
				{file: "3.md", number: "3/QĐ-UBND", typ: "quyet-dinh", date: "2023-03-01", extra: rel("replaces", "2/QĐ-UBND") + rel("amends", "1/QĐ-UBND")}},
			nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, diags := archive(t, "2024-01-01", tt.docs...)
			got := messages(diags)
			if diags.HasErrors() != tt.fatal {
				t.Errorf("errors = %v, want %v:\n%s", diags.HasErrors(), tt.fatal, got)
			}
			if tt.want == nil && got != "" {
				t.Errorf("unexpected diagnostics:\n%s", got)
			}
			rest := got
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Errorf("diagnostics:\n%swant (in order) %q", got, w)
					break
				}
				rest = rest[i+len(w):]
			}
			if n := strings.Count(got, "relation cycle"); n > 1 {
				t.Errorf("a cycle reported %d times:\n%s", n, got)
			}
		})
	}
}
