package resolve

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"vanban/generator/diag"
	"vanban/generator/index"
	"vanban/generator/load"
	"vanban/generator/model"
	"vanban/generator/province"
)

// doc describes one fictional directive for a test archive.
type doc struct {
	file     string // content path; default from number
	number   string
	typ      string // default cong-van
	province string // default lai-chau
	date     string
	extra    string // more front matter lines
	body     string
}

func (d doc) markdown() string {
	var b strings.Builder
	b.WriteString("---\n")
	if d.number != "" {
		fmt.Fprintf(&b, "number: %q\n", d.number)
	} else {
		fmt.Fprintf(&b, "id: %s\n", strings.TrimSuffix(d.name(), ".md"))
	}
	fmt.Fprintf(&b, "type: %s\n", cmpOr(d.typ, "cong-van"))
	fmt.Fprintf(&b, "title: \"Văn bản %s\"\n", d.number)
	if d.province != "-" {
		fmt.Fprintf(&b, "province: %s\n", cmpOr(d.province, "lai-chau"))
	}
	if d.date != "" {
		fmt.Fprintf(&b, "date: %s\n", d.date)
	}
	b.WriteString(d.extra)
	b.WriteString("---\n")
	b.WriteString(cmpOr(d.body, "Nội dung.\n"))
	return b.String()
}

func (d doc) name() string {
	if d.file != "" {
		return d.file
	}
	return strings.NewReplacer("/", "-", "Đ", "D").Replace(cmpOr(d.number, "x")) + "-" + cmpOr(d.province, "lai-chau") + "-" + d.date + ".md"
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// archive loads, indexes and resolves docs at clock ("2024-01-01").
func archive(t *testing.T, clock string, docs ...doc) (*index.Index, *Graph, diag.List) {
	t.Helper()
	var dirs []*model.Directive
	for _, d := range docs {
		parsed, diags := load.ParseFile(d.name(), []byte(d.markdown()))
		if diags.HasErrors() || parsed == nil {
			t.Fatalf("%s: %v\n%s", d.name(), diags, d.markdown())
		}
		dirs = append(dirs, &model.Directive{Editions: []*model.Document{parsed}})
	}
	at, err := time.ParseInLocation("2006-01-02", clock, model.Zone())
	if err != nil {
		t.Fatal(err)
	}
	ix, diags := index.Build(dirs, index.Options{Clock: at, Provinces: province.Default()})
	if diags.HasErrors() {
		t.Fatalf("index: %v", diags)
	}
	g, rd := Resolve(ix)
	return ix, g, rd
}

// entry finds the entry of a file.
func entry(t *testing.T, ix *index.Index, file string) *index.Entry {
	t.Helper()
	for _, e := range ix.Entries() {
		if e.Doc.File == file {
			return e
		}
	}
	t.Fatalf("no entry for %s", file)
	return nil
}

// targets lists where e's links go: entry IDs, "missing:ID", or
// "none:NUMBER" for links that resolve to nothing.
func targets(g *Graph, e *index.Entry) []string {
	var out []string
	for _, l := range g.Out(e) {
		switch {
		case l.To != nil:
			out = append(out, l.To.ID)
		case l.Missing != nil:
			out = append(out, "missing:"+l.Missing.ID)
		default:
			out = append(out, "none:"+l.Number.Text)
		}
	}
	slices.Sort(out)
	return out
}

func messages(l diag.List) string {
	var b strings.Builder
	for _, d := range l.Sorted() {
		b.WriteString(d.Error())
		b.WriteByte('\n')
	}
	return b.String()
}
