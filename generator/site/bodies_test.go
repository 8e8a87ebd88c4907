package site

import (
	"crypto/sha256"
	"strings"
	"testing"
	"testing/fstest"

	"vanban/generator/load"
	"vanban/generator/model"
)

// A body left in its file comes back as it was; a file changed since it
// was loaded is an error, never a page with the other text.
func TestBodyStoreReadsBack(t *testing.T) {
	const head, body = "---\ntitle: x\n---\n", "Nội dung văn bản.\n"
	file := []byte(head + body)
	fsys := fstest.MapFS{"a.md": {Data: file}, "b.md": {Data: file}}
	sum := load.FileSum(sha256.Sum256(file))
	s := &bodyStore{fsys: fsys, sums: map[string]load.FileSum{"a.md": sum, "b.md": sum, "c.md": sum}}
	a := &model.Document{File: "a.md", BodyAt: len(head)}
	b := &model.Document{File: "b.md", BodyAt: len(head)}
	held := &model.Document{File: "c.md", Body: body} // normalized by load: kept in memory
	for _, d := range []*model.Document{a, held} {
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
		t.Errorf("withBody: %+v %v; the document itself must stay without its body", withBody, err)
	}
}
