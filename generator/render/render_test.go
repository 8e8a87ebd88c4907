package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"vanban/generator/model"
	"vanban/generator/resolve"
)

// TestPartialOnceABuild checks what the "partial" function promises the
// templates: the template's own output, rendered once per directive for
// the Renderer's life, and every time for a document missing from the
// archive, whose card differs with each citation.
func TestPartialOnceABuild(t *testing.T) {
	r, err := New(os.DirFS("../../templates"))
	if err != nil {
		t.Fatal(err)
	}
	s := &Site{BasePath: "/", BaseURL: "https://x/"}
	decision := model.DocType{Slug: "quyet-dinh", Name: "Quyết định", Code: "QĐ"}
	card := Card{ID: "lai-chau/2024/12-qd-ubnd", Path: "van-ban/lai-chau/2024/12-qd-ubnd/", Number: "12/QĐ-UBND",
		Type: decision, Title: "Về việc <phòng, chống> thiên tai", Date: model.Date{Year: 2024, Month: 3, Day: 7},
		Status: resolve.Status{Code: resolve.InForce}}
	view := "directive"
	set := r.views[view]

	for _, name := range []string{"card", "link"} {
		var want strings.Builder
		if err := set.ExecuteTemplate(&want, name, siteCard{s, card}); err != nil {
			t.Fatal(err)
		}
		got, err := r.partial(view, set, name, s, card)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want.String() {
			t.Errorf("%s: partial gave\n%s\nthe template gives\n%s", name, got, want.String())
		}
		if !strings.Contains(string(got), "&lt;phòng, chống&gt;") || !strings.Contains(string(got), `href="/van-ban/lai-chau/2024/12-qd-ubnd/"`) {
			t.Errorf("%s: not escaped or not linked: %s", name, got)
		}
		// The same directive again: the first output, not rendered anew.
		changed := card
		changed.Title = "khác"
		again, _ := r.partial(view, set, name, s, changed)
		if again != got {
			t.Errorf("%s: rendered twice for one directive: %s", name, again)
		}
	}

	// A missing document: each citation's card is rendered.
	missing := Card{ID: "trung-uong/2022/22-bc-btc", Path: "van-ban/trung-uong/2022/22-bc-btc/", Number: "22/BC-BTC",
		Type: decision, Date: model.Date{Year: 2022, Month: 5, Day: 25}, Missing: true}
	first, _ := r.partial(view, set, "link", s, missing)
	missing.Date = model.Date{Year: 2022, Month: 4, Day: 8}
	second, _ := r.partial(view, set, "link", s, missing)
	if first == second || !strings.Contains(string(second), "ngày 08 tháng 4 năm 2022") {
		t.Errorf("missing document rendered once for two citations:\n%s\n%s", first, second)
	}

	// A card that names no directive is not kept either.
	anon := Card{Type: decision, Title: "một"}
	one, _ := r.partial(view, set, "card", s, anon)
	anon.Title = "hai"
	two, _ := r.partial(view, set, "card", s, anon)
	if one == two {
		t.Errorf("cards without an ID share one output: %s", two)
	}
}

// TestPartialSpaces checks which views share a partial's outputs: those
// whose templates for it are the same (partials.html, base.html), not a
// view that redefines the partial or something it calls.
func TestPartialSpaces(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, name := range append(views(), "base", "partials") {
		data, err := os.ReadFile(filepath.Join("../../templates", name+".html"))
		if err != nil {
			t.Fatal(err)
		}
		fsys[name+".html"] = &fstest.MapFile{Data: data}
	}
	// partials.html's "card" calls "stamp", which the home page redefines;
	// the province page redefines "card" itself.
	partials := strings.Replace(string(fsys["partials.html"].Data), `{{define "card" -}}`, `{{define "stamp"}}{{end}}{{define "card" -}}{{template "stamp"}}`, 1)
	fsys["partials.html"].Data = []byte(partials)
	fsys["home.html"].Data = append(fsys["home.html"].Data, `{{define "stamp"}}trang chủ{{end}}`...)
	fsys["province.html"].Data = append(fsys["province.html"].Data, `{{define "card"}}{{.Card.Title}}{{end}}`...)
	r, err := New(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ view, name, space string }{
		{"list", "card", ""},
		{"missing-list", "card", ""},
		{"home", "card", "home"},         // calls a template home.html redefines
		{"province", "card", "province"}, // redefined
		{"directive", "link", "directive"},
		{"directive", "card", ""},
	} {
		if got := r.spaces[c.view][c.name]; got != c.space {
			t.Errorf("%s %q: space %q, want %q", c.view, c.name, got, c.space)
		}
	}
}
