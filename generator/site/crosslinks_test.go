package site_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vanban"
	"vanban/generator/config"
	"vanban/generator/site"
)

// xlBuild builds a content tree at clock into a temporary directory.
func xlBuild(t *testing.T, content, clock string) string {
	t.Helper()
	cfg := config.Default()
	cfg.Clock = clock
	out := filepath.Join(t.TempDir(), "public")
	res, err := site.Build(context.Background(), site.Options{
		Content: os.DirFS(content), ContentName: "content", Templates: vanban.Templates(), Out: out, Config: cfg,
	})
	if err != nil {
		t.Fatalf("build %s: %v\n%v", content, err, res.Diags)
	}
	for _, d := range res.Diags {
		t.Logf("%s", d.Error())
	}
	return out
}

// xlPage parses one output page ("van-ban/lai-chau/2024/200-qd-ubnd/").
func xlPage(t *testing.T, out, page string) *goquery.Document {
	t.Helper()
	f, err := os.Open(filepath.Join(out, filepath.FromSlash(page), "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := goquery.NewDocumentFromReader(f)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// xlRelated returns the hrefs listed under the h3 with the given label in
// the relations section, or nil when there is no such heading.
func xlRelated(d *goquery.Document, label string) []string {
	var hrefs []string
	found := false
	d.Find("section.relations h3").Each(func(_ int, h *goquery.Selection) {
		if squash(h.Text()) != label {
			return
		}
		found = true
		h.NextFiltered("ul").Find("li > a").Each(func(_ int, a *goquery.Selection) {
			href, _ := a.Attr("href")
			hrefs = append(hrefs, href)
		})
	})
	if !found {
		return nil
	}
	return hrefs
}

const xlClock = "2024-06-15T12:00:00+07:00"

// The fictional archive in testdata/crosslinks (see its README): each
// directive page shows the status at the clock, both sides of every
// relation and the diagram; the listings show the same status.
func TestCrosslinksArchive(t *testing.T) {
	out := xlBuild(t, "testdata/crosslinks", xlClock)
	const (
		qd100 = "van-ban/lai-chau/2023/100-qd-ubnd/"
		qd200 = "van-ban/lai-chau/2024/200-qd-ubnd/"
		qd300 = "van-ban/lai-chau/2024/300-qd-ubnd/"
		ct05  = "van-ban/lai-chau/2022/5-ct-ubnd/"
		qd310 = "van-ban/lai-chau/2024/310-qd-ubnd/"
		kh45  = "van-ban/lai-chau/2024/45-kh-ubnd/"
		qd400 = "van-ban/lai-chau/2024/400-qd-ubnd/"
		lc12  = "van-ban/lai-chau/2023/1200-ubnd-vx/"
		db12  = "van-ban/dien-bien/2023/1200-ubnd-vx/"
		db13  = "van-ban/dien-bien/2023/1300-ubnd-vx/"
		tb77  = "van-ban/trung-uong/2024/77-tb-vpcp/"
	)
	pages := []struct {
		path   string
		status string // the badge, without its visually hidden prefix
		code   string // status-… class
	}{
		{qd100, "Bị thay thế từ ngày 01 tháng 02 năm 2024 theo Quyết định 200/QĐ-UBND", "replaced"},
		{qd200, "Bị sửa đổi, bổ sung từ ngày 01 tháng 4 năm 2024 theo Quyết định 300/QĐ-UBND", "amended"},
		{qd300, "Còn hiệu lực từ ngày 01 tháng 4 năm 2024", "in-force"},
		{ct05, "Bị bãi bỏ từ ngày 01 tháng 5 năm 2024 theo Quyết định 310/QĐ-UBND", "repealed"},
		{qd310, "Còn hiệu lực từ ngày 01 tháng 5 năm 2024", "in-force"},
		// 400 replaces 45 but takes effect only on 1/7/2024: 45 is still in force.
		{kh45, "Còn hiệu lực từ ngày 05 tháng 3 năm 2024", "in-force"},
		{qd400, "Chưa có hiệu lực (có hiệu lực từ ngày 01 tháng 7 năm 2024)", "not-yet"},
		{lc12, "Hết hiệu lực từ ngày 31 tháng 12 năm 2023", "expired"},
		{db12, "Còn hiệu lực từ ngày 05 tháng 6 năm 2023", "in-force"},
		{db13, "Còn hiệu lực từ ngày 10 tháng 7 năm 2023", "in-force"},
	}
	badges := map[string]string{}
	for _, p := range pages {
		d := xlPage(t, out, p.path)
		badge := d.Find("article.directive header p.status")
		got := squash(strings.TrimPrefix(squash(badge.Text()), "Tình trạng:"))
		if got != p.status {
			t.Errorf("%s: status %q, want %q", p.path, got, p.status)
		}
		if !badge.HasClass("status-" + p.code) {
			t.Errorf("%s: badge class %q, want status-%s", p.path, badge.AttrOr("class", ""), p.code)
		}
		badges["/"+p.path] = p.code
	}

	// Both sides of each relation, with the right label, linking each other.
	relations := []struct {
		from, outLabel, to, inLabel string
	}{
		{qd200, "Văn bản này thay thế", qd100, "Bị thay thế bởi"},
		{qd300, "Văn bản này sửa đổi, bổ sung", qd200, "Được sửa đổi, bổ sung bởi"},
		{qd310, "Văn bản này bãi bỏ", ct05, "Bị bãi bỏ bởi"},
		{kh45, "Văn bản này thực hiện", qd200, "Được thực hiện bởi"},
		{qd400, "Văn bản này thay thế", kh45, "Bị thay thế bởi"},
		{kh45, "Văn bản này trích dẫn", qd300, "Được trích dẫn bởi"},
		{kh45, "Văn bản này trích dẫn", lc12, "Được trích dẫn bởi"},
		{db13, "Văn bản này trích dẫn", db12, "Được trích dẫn bởi"},
	}
	for _, r := range relations {
		if got := xlRelated(xlPage(t, out, r.from), r.outLabel); !contains(got, "/"+r.to) {
			t.Errorf("%s: %q lists %q, want %s", r.from, r.outLabel, got, r.to)
		}
		if got := xlRelated(xlPage(t, out, r.to), r.inLabel); !contains(got, "/"+r.from) {
			t.Errorf("%s: %q lists %q, want %s", r.to, r.inLabel, got, r.from)
		}
	}
	// Lai Châu's citation of 1200/UBND-VX never reaches Điện Biên's.
	if got := xlRelated(xlPage(t, out, db12), "Được trích dẫn bởi"); contains(got, "/"+kh45) {
		t.Errorf("Điện Biên's 1200/UBND-VX is cited by Lai Châu's 45/KH-UBND: %q", got)
	}
	// The citation of a missing document points at its page, which says who
	// cites it; the listing of missing documents has it under central bodies.
	kh := xlPage(t, out, kh45)
	if got := xlRelated(kh, "Văn bản này trích dẫn"); !contains(got, "/"+tb77) {
		t.Errorf("45/KH-UBND cites %q, want the missing page %s", got, tb77)
	}
	if href, _ := kh.Find(`section.body a:contains("77/TB-VPCP")`).Attr("href"); href != "/"+tb77 {
		t.Errorf("77/TB-VPCP in the text links to %q", href)
	}
	for _, text := range []string{"10/10", "24/24h"} {
		if kh.Find("a:contains('"+text+"')").Length() > 0 {
			t.Errorf("%q is linked", text)
		}
	}
	missing := xlPage(t, out, tb77)
	if href, _ := missing.Find("ul.links a").Attr("href"); href != "/"+kh45 {
		t.Errorf("missing page: cited by %q", href)
	}
	if list := xlPage(t, out, "chua-co-trong-kho/"); list.Find(`a[href="/`+tb77+`"]`).Length() != 1 {
		t.Error("the missing list does not link 77/TB-VPCP")
	}

	// The diagram: a picture with a name and the same tree as links.
	d := xlPage(t, out, qd200)
	svg := d.Find("section.relations div.diagram svg[role=img]")
	if svg.Length() != 1 || !strings.Contains(svg.Find("title").Text(), "Quyết định 200/QĐ-UBND") {
		t.Fatalf("no diagram on %s", qd200)
	}
	var diagramLinks []string
	d.Find("div.diagram details a").Each(func(_ int, a *goquery.Selection) { diagramLinks = append(diagramLinks, a.AttrOr("href", "")) })
	for _, want := range []string{qd100, qd300, kh45, qd400} { // qd400 is two steps away, through kh45
		if !contains(diagramLinks, "/"+want) {
			t.Errorf("diagram of %s lacks %s: %q", qd200, want, diagramLinks)
		}
	}

	// Listings show each directive with the same status.
	for _, listing := range []string{"", "tinh/lai-chau/", "tinh/dien-bien/", "loai/quyet-dinh/", "loai/cong-van/", "loai/chi-thi/", "loai/ke-hoach/", "nam/2024/"} {
		cards := 0
		xlPage(t, out, listing).Find("article.card").Each(func(_ int, c *goquery.Selection) {
			href := c.Find("h3 a").AttrOr("href", "")
			want, ok := badges[href]
			if !ok {
				return
			}
			cards++
			if st := c.Find("p.status"); !st.HasClass("status-" + want) {
				t.Errorf("listing /%s: %s shows %q (%s), want status-%s", listing, href, squash(st.Text()), st.AttrOr("class", ""), want)
			}
		})
		if cards == 0 {
			t.Errorf("listing /%s shows none of the directives", listing)
		}
	}
	home := xlPage(t, out, "")
	if got := squash(home.Find(`article.card:has(a[href="/` + qd100 + `"]) p.status`).Text()); got != "Bị thay thế" {
		t.Errorf("home: 100/QĐ-UBND shows %q", got)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// The sample archive: the citations named in issue 3 are linked (to the
// document, or to its cited-but-missing page), and look-alikes are not.
func TestCrosslinksSampleContent(t *testing.T) {
	out := xlBuild(t, "../../content", "2026-11-23T00:00:00+07:00") // the sample config's clock
	check := func(page string, numbers ...string) {
		t.Helper()
		d := xlPage(t, out, page)
		for _, n := range numbers {
			a := d.Find("section.body a").FilterFunction(func(_ int, a *goquery.Selection) bool { return squash(a.Text()) == n })
			if a.Length() == 0 {
				t.Errorf("%s: %s is not linked in the text", page, n)
				continue
			}
			href := a.AttrOr("href", "")
			if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(href, "/")), "index.html")); err != nil {
				t.Errorf("%s: %s links to %s, which has no page", page, n, href)
			}
			rel := d.Find("section.relations ul.links a").FilterFunction(func(_ int, r *goquery.Selection) bool { return r.AttrOr("href", "") == href })
			if rel.Length() == 0 {
				t.Errorf("%s: %s (%s) is not in the related documents", page, n, href)
			}
		}
		// No look-alike is ever a link.
		d.Find("a").Each(func(_ int, a *goquery.Selection) {
			for _, bad := range []string{"10/10 huyện", "10/10", "24/24h", "5-11 tuổi", "5-11", "Covid-19", "COVID-19"} {
				if strings.Contains(a.Text(), bad) && !strings.HasPrefix(a.AttrOr("href", ""), "/chu-de/") {
					t.Errorf("%s: a link's text %q contains %q", page, squash(a.Text()), bad)
				}
			}
		})
	}
	check("van-ban/lai-chau/2022/4588-ubnd-vx/", "364/TB-VPCP", "6860/BYT-DP", "1557/KH-BYT-BGDĐT")
	check("van-ban/khong-ro/khong-ro-nam/khong-ro-vb-6d732f1c13b056f9/", "494/TB-VPCP", "80/2023/QH15", "31-CV/BCĐ", "25-CT/TW", "99/2023/QH15")
	for _, page := range []string{"van-ban/lai-chau/2022/lai-chau-2022-cv-566c0aa35f654784/", "van-ban/lai-chau/2021/lai-chau-2021-kl-7e063405cb1d57d9/", "van-ban/dien-bien/2022/dien-bien-2022-kl-df118615be450511/"} {
		check(page)
	}
	// The missing page of 364/TB-VPCP names the directive that cites it.
	m := xlPage(t, out, "van-ban/trung-uong/2022/364-tb-vpcp/")
	if m.Find(`ul.links a[href="/van-ban/lai-chau/2022/4588-ubnd-vx/"]`).Length() != 1 {
		t.Error("the page of 364/TB-VPCP does not name Công văn 4588/UBND-VX")
	}
}
