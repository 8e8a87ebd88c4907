package diag

import (
	"errors"
	"strings"
	"testing"
)

func TestPosString(t *testing.T) {
	tests := []struct {
		p    Pos
		want string
	}{
		{Pos{File: "content/a.md", Line: 4, Col: 7}, "content/a.md:4:7"},
		{Pos{File: "content/a.md", Line: 4}, "content/a.md:4"},
		{Pos{File: "content/a.md"}, "content/a.md"},
		{Pos{File: "content/a.md", Col: 3}, "content/a.md"}, // a column without a line means nothing
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestDiagnosticError(t *testing.T) {
	var l List
	l.Errorf(Pos{File: "a.md", Line: 1, Col: 2}, "bad %s", "date")
	l.Warnf(Pos{File: "a.md", Line: 3}, "odd %d", 7)
	if got := l[0].Error(); got != "a.md:1:2: bad date" {
		t.Errorf("error = %q", got)
	}
	if got := l[1].Error(); got != "a.md:3: warning: odd 7" {
		t.Errorf("warning = %q", got)
	}
	if l[0].Severity.String() != "error" || l[1].Severity.String() != "warning" {
		t.Error("severity names")
	}
}

func TestHasErrors(t *testing.T) {
	var l List
	if l.HasErrors() {
		t.Error("empty list has errors")
	}
	l.Warnf(Pos{File: "a"}, "w")
	if l.HasErrors() {
		t.Error("warnings are not errors")
	}
	l.Errorf(Pos{File: "a"}, "e")
	if !l.HasErrors() {
		t.Error("error not seen")
	}
}

func TestSorted(t *testing.T) {
	var l List
	l.Errorf(Pos{File: "b.md", Line: 1, Col: 1}, "b")
	l.Errorf(Pos{File: "a.md", Line: 10, Col: 1}, "ten")
	l.Errorf(Pos{File: "a.md", Line: 2, Col: 5}, "two-five")
	l.Warnf(Pos{File: "a.md", Line: 2, Col: 1}, "warn")
	l.Errorf(Pos{File: "a.md", Line: 2, Col: 1}, "zeta")
	l.Errorf(Pos{File: "a.md", Line: 2, Col: 1}, "alpha")
	l.Errorf(Pos{File: "a.md", Line: 2, Col: 1}, "alpha") // duplicate: dropped
	l.Errorf(Pos{File: "a.md"}, "whole file")
	orig := append(List(nil), l...)
	want := []string{
		"a.md: whole file",
		"a.md:2:1: alpha",
		"a.md:2:1: zeta",
		"a.md:2:1: warning: warn", // errors before warnings at one position
		"a.md:2:5: two-five",
		"a.md:10:1: ten", // lines compare as numbers, not text
		"b.md:1:1: b",
	}
	var got []string
	for _, d := range l.Sorted() {
		got = append(got, d.Error())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Sorted:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i := range orig {
		if l[i] != orig[i] {
			t.Fatal("Sorted changed the list it was called on")
		}
	}
	if l.Error() != strings.Join(want, "\n") {
		t.Errorf("Error() = %q", l.Error())
	}
	var err error = l
	var as List
	if !errors.As(err, &as) || len(as) != len(l) {
		t.Error("a List is not usable as an error")
	}
}
