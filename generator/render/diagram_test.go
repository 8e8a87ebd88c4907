package render

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"vanban/generator/index"
	"vanban/generator/load"
	"vanban/generator/model"
	"vanban/generator/province"
	"vanban/generator/resolve"
)

// graphOf resolves a fictional archive given as file name → Markdown.
func graphOf(t *testing.T, files map[string]string, names ...string) (*index.Index, *resolve.Graph) {
	t.Helper()
	var dirs []*model.Directive
	for _, name := range names {
		doc, diags := load.ParseFile(name, []byte(files[name]))
		if diags.HasErrors() {
			t.Fatalf("%s: %v", name, diags)
		}
		dirs = append(dirs, &model.Directive{Editions: []*model.Document{doc}})
	}
	clock := time.Date(2024, 6, 1, 0, 0, 0, 0, model.Zone())
	ix, diags := index.Build(dirs, index.Options{Clock: clock, Provinces: province.Default()})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	g, diags := resolve.Resolve(ix)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return ix, g
}

func qd(n int, date string, extra string) string {
	return fmt.Sprintf("---\nnumber: \"%d/QĐ-UBND\"\ntype: quyet-dinh\ntitle: Quyết định %d\nprovince: lai-chau\ndate: %s\n%s---\nNội dung.\n", n, n, date, extra)
}

func byNumber(t *testing.T, ix *index.Index, number string) *index.Entry {
	t.Helper()
	for _, e := range ix.Entries() {
		if e.Doc.Number.Text == number {
			return e
		}
	}
	t.Fatalf("no %s", number)
	return nil
}

func parse(t *testing.T, h string) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(h))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// A chain 1 ← 2 ← 3 (3 replaces 2, which replaces 1) and 2 → missing
// Thông báo: the diagram of 2 shows both sides; of 1, two steps in.
func TestDiagramTwoSteps(t *testing.T) {
	files := map[string]string{
		"1.md": qd(1, "2022-01-01", ""),
		"2.md": qd(2, "2023-01-01", "replaces: [\"1/QĐ-UBND\"]\nimplements: [\"364/TB-VPCP\"]\n"),
		"3.md": qd(3, "2024-01-01", "replaces: [\"2/QĐ-UBND\"]\n"),
	}
	ix, g := graphOf(t, files, "1.md", "2.md", "3.md")
	site := &Site{BasePath: "/"}

	h := string(Diagram(g, byNumber(t, ix, "2/QĐ-UBND"), site))
	d := parse(t, h)
	svg := d.Find("div.diagram > svg")
	if svg.Length() != 1 {
		t.Fatalf("no svg:\n%s", h)
	}
	if role, _ := svg.Attr("role"); role != "img" {
		t.Errorf("svg role = %q", role)
	}
	labelled, _ := svg.Attr("aria-labelledby")
	for _, id := range strings.Fields(labelled) {
		if svg.Find("#"+id).Length() != 1 {
			t.Errorf("aria-labelledby names %q, which the svg does not hold", id)
		}
	}
	if got := svg.Find("title").Text(); got != "Lược đồ quan hệ của Quyết định 2/QĐ-UBND" {
		t.Errorf("title = %q", got)
	}
	desc := svg.Find("desc").Text()
	for _, want := range []string{"Văn bản này dựa trên: Quyết định 1/QĐ-UBND (bị thay thế · 01/01/2022 · Bị thay thế)", "Thông báo 364/TB-VPCP (được thực hiện · chưa có trong kho)",
		"Văn bản dựa trên văn bản này: Quyết định 3/QĐ-UBND (thay thế · 01/01/2024 · Còn hiệu lực)"} {
		if !strings.Contains(desc, want) {
			t.Errorf("desc %q lacks %q", desc, want)
		}
	}
	if d.Find("script").Length() != 0 || strings.Contains(h, "onclick") {
		t.Error("the diagram needs script")
	}
	var hrefs []string
	d.Find("details.diagram-list a").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		hrefs = append(hrefs, a.Text()+" "+href)
	})
	want := []string{
		"Quyết định 1/QĐ-UBND /van-ban/lai-chau/2022/1-qd-ubnd/",
		"Thông báo 364/TB-VPCP /van-ban/trung-uong/khong-ro-nam/364-tb-vpcp/",
		"Quyết định 3/QĐ-UBND /van-ban/lai-chau/2024/3-qd-ubnd/",
	}
	if strings.Join(hrefs, "\n") != strings.Join(want, "\n") {
		t.Errorf("list links:\n%s\nwant:\n%s", strings.Join(hrefs, "\n"), strings.Join(want, "\n"))
	}

	// Two steps: 1 is replaced by 2, which is replaced by 3.
	d = parse(t, string(Diagram(g, byNumber(t, ix, "1/QĐ-UBND"), site)))
	nested := d.Find("details.diagram-list li li a").Text()
	if nested != "Quyết định 3/QĐ-UBND" {
		t.Errorf("second step = %q, want Quyết định 3/QĐ-UBND", nested)
	}
	if got := d.Find("svg text").Length(); got != 1+2*2+1 { // side title, 2 nodes of 2 lines, the directive
		t.Errorf("svg has %d text elements", got)
	}
}

func TestDiagramEmptyAndDeterministic(t *testing.T) {
	site := &Site{BasePath: "/kho/"}
	lone, lg := graphOf(t, map[string]string{"9.md": qd(9, "2022-01-01", "")}, "9.md")
	if h := Diagram(lg, byNumber(t, lone, "9/QĐ-UBND"), site); h != "" {
		t.Errorf("a directive without relations has a diagram:\n%s", h)
	}
	files := map[string]string{"1.md": qd(1, "2022-01-01", ""), "2.md": qd(2, "2022-02-01", "basis: [\"1/QĐ-UBND\"]\n")}
	ix, g := graphOf(t, files, "1.md", "2.md")
	a := Diagram(g, byNumber(t, ix, "1/QĐ-UBND"), site)
	if a != Diagram(g, byNumber(t, ix, "1/QĐ-UBND"), site) {
		t.Error("two renderings differ")
	}
	if !strings.Contains(string(a), `href="/kho/van-ban/lai-chau/2022/2-qd-ubnd/"`) {
		t.Errorf("links ignore the base path:\n%s", a)
	}
}

// Fifteen directives implement one: the diagram draws DiagramCap of them
// and counts the rest, in the picture and in the list.
func TestDiagramCap(t *testing.T) {
	files := map[string]string{"1.md": qd(1, "2022-01-01", "")}
	names := []string{"1.md"}
	for i := 2; i <= 16; i++ {
		name := fmt.Sprintf("%02d.md", i)
		files[name] = qd(i, fmt.Sprintf("2023-01-%02d", i), "implements: [\"1/QĐ-UBND\"]\n")
		names = append(names, name)
	}
	// and one of them is itself cited by 6 more: 4 drawn under it at most
	for i := 20; i < 26; i++ {
		name := fmt.Sprintf("%02d.md", i)
		files[name] = qd(i, fmt.Sprintf("2024-02-%02d", i-10), "basis: [\"16/QĐ-UBND\"]\n")
		names = append(names, name)
	}
	ix, g := graphOf(t, files, names...)
	h := string(Diagram(g, byNumber(t, ix, "1/QĐ-UBND"), &Site{BasePath: "/"}))
	d := parse(t, h)
	top := d.Find("details.diagram-list > ul > li")
	if top.Length() != DiagramCap+1 {
		t.Errorf("%d first-step items, want %d and a count", top.Length(), DiagramCap+1)
	}
	if last := top.Last().Text(); last != "và 3 văn bản khác" {
		t.Errorf("last item = %q", last)
	}
	if first := top.First().Find("a").First().Text(); first != "Quyết định 16/QĐ-UBND" {
		t.Errorf("first item = %q, want the newest", first)
	}
	// The 12 first-step nodes use the whole budget: the six under 16 are counted.
	if got := top.First().Find("li").Last().Text(); got != "và 6 văn bản khác" {
		t.Errorf("under the first node: %q", got)
	}
	if !strings.Contains(d.Find("svg").Text(), "và 3 văn bản khác") || !strings.Contains(d.Find("desc").Text(), "và 3 văn bản khác") {
		t.Error("the picture does not count the documents left out")
	}
}
