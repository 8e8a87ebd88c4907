package site

import (
	"strings"
	"testing"
	"testing/fstest"

	"vanban/generator/index"
	"vanban/generator/model"
)

// A released body comes back from its file as it was; a file changed since
// it was resolved is an error, never a page with the other text.
func TestBodyStoreReadsBack(t *testing.T) {
	const head, body = "---\ntitle: x\n---\n", "Nội dung văn bản.\n"
	fsys := fstest.MapFS{"a.md": {Data: []byte(head + body)}, "b.md": {Data: []byte(head + body)}}
	doc := func(name string, at int) *model.Document {
		return &model.Document{File: name, Body: body, BodyAt: at}
	}
	a, b, kept := doc("a.md", len(head)), doc("b.md", len(head)), doc("c.md", 0)
	s := newBodyStore(fsys, nil)
	s.release([]*index.Entry{{Dir: &model.Directive{Editions: []*model.Document{a, b, kept}}}})
	if a.Body != "" || b.Body != "" || kept.Body != body {
		t.Fatalf("released %q %q, kept %q", a.Body, b.Body, kept.Body)
	}
	for _, d := range []*model.Document{a, kept} {
		if got, err := s.body(d); err != nil || got != body {
			t.Errorf("%s: %q %v", d.File, got, err)
		}
	}
	fsys["b.md"] = &fstest.MapFile{Data: []byte(head + "Nội dung khác.\n")}
	if _, err := s.body(b); err == nil || !strings.Contains(err.Error(), "b.md: changed during the build") {
		t.Errorf("changed file: %v", err)
	}
	withBody, err := s.withBody(a)
	if err != nil || withBody.Body != body || a.Body != "" {
		t.Errorf("withBody: %+v %v; the released document must stay released", withBody, err)
	}
}
