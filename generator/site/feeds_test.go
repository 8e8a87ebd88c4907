package site

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"vanban"
	"vanban/generator/config"
	"vanban/generator/model"
	"vanban/generator/vn"
)

// fdArchive is a small archive with every kind of event: a replacement, an
// amendment, an expiry, a directive with two editions, a central directive,
// one without a number or province, and citations in the text.
func fdArchive() fstest.MapFS {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{
		"lai-chau/2023/qd-100.md": file(`---
number: 100/QĐ-UBND
type: quyet-dinh
title: Ban hành quy chế phối hợp phòng, chống dịch
issuer: Ủy ban nhân dân tỉnh Lai Châu
province: lai-chau
date: 2023-01-10
published: "2023-01-11T08:00:00+07:00"
topics: ["Phòng, chống dịch COVID-19"]
---
Ban hành kèm theo Quyết định này quy chế phối hợp.
`),
		"lai-chau/2023/qd-200.md": file(`---
number: 200/QĐ-UBND
type: quyet-dinh
title: Ban hành quy chế phối hợp phòng, chống dịch (thay thế)
issuer: Ủy ban nhân dân tỉnh Lai Châu
province: lai-chau
date: 2023-06-01
topics: ["Phòng, chống dịch COVID-19", Y tế cơ sở]
replaces: [100/QĐ-UBND]
---
Quyết định này thay thế Quyết định số 100/QĐ-UBND ngày 10/01/2023 của UBND tỉnh.
Thực hiện Thông báo số 364/TB-VPCP ngày 29/11/2022 của Văn phòng Chính phủ.
`),
		"lai-chau/2023/cv-300/ban-1.md": file(`---
number: 300/UBND-VX
type: cong-van
title: V/v tiêm vắc xin
issuer: Ủy ban nhân dân tỉnh Lai Châu
province: lai-chau
date: 2023-03-01
edition: {number: 1, date: 2023-03-01}
---
Đề nghị các đơn vị tổ chức tiêm vắc xin.
`),
		"lai-chau/2023/cv-300/ban-2.md": file(`---
number: 300/UBND-VX
type: cong-van
title: V/v tiêm vắc xin cho trẻ em
issuer: Ủy ban nhân dân tỉnh Lai Châu
province: lai-chau
date: 2023-03-01
edition: {number: 2, date: 2023-03-05, note: Đính chính trích yếu}
---
Đề nghị các đơn vị tổ chức tiêm vắc xin cho trẻ em.
`),
		"trung-uong/2023/ct-25.md": file(`---
number: 25/CT-TTg
type: chi-thi
title: Về tăng cường phòng, chống dịch
issuer: Thủ tướng Chính phủ
province: trung-uong
date: 2023-02-01
expires: 2024-01-01
topics: ["Phòng, chống dịch COVID-19"]
---
Các bộ, ngành, địa phương thực hiện.
`),
		"trung-uong/2023/ct-30.md": file(`---
number: 30/CT-TTg
type: chi-thi
title: Sửa đổi Chỉ thị 25/CT-TTg
issuer: Thủ tướng Chính phủ
province: trung-uong
date: 2023-08-01
amends: [25/CT-TTg]
---
Sửa đổi Chỉ thị số 25/CT-TTg ngày 01/02/2023 của Thủ tướng Chính phủ.
`),
		"khong-ro/tin.md": file(`---
id: tin-khong-ro
type: van-ban
title: Chủ động ứng phó dịch bệnh
issuer: Ủy ban nhân dân tỉnh
---
UBND tỉnh yêu cầu các sở thực hiện Thông báo số 494/TB-VPCP ngày 29/11/2023 của Văn phòng Chính phủ.
`),
	}
}

func fdConfig(base string) config.Config {
	c := config.Default()
	c.Clock = "2025-01-01T00:00:00+07:00"
	if err := c.SetBaseURL(base); err != nil {
		panic(err)
	}
	return c
}

// fdBuild builds content into a fresh directory and returns it.
func fdBuild(t *testing.T, content fs.FS, cfg config.Config) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	res, err := Build(context.Background(), Options{Content: content, Templates: vanban.Templates(), Out: out, Config: cfg})
	if err != nil {
		t.Fatalf("build: %v\n%v", err, res.Diags)
	}
	return out
}

// catalogue is api/van-ban.json with the per-directive topics added.
type fdEntry struct {
	ID       string  `json:"id"`
	Number   *string `json:"number"`
	Type     struct{ Slug, Name string }
	Title    string `json:"title"`
	Issuer   string `json:"issuer"`
	Jur      string `json:"jurisdiction"`
	Date     string `json:"date"`
	Publ     string `json:"published"`
	URL      string `json:"url"`
	API      string `json:"api_url"`
	Topics   []string
	Editions []struct {
		Number int
		Date   string
		Note   string
		URL    string
	}
	StatusHistory []struct{ Code, Since string } `json:"status_history"`
}

// fdClock is the fdBuild clock of the last catalogue read.
var fdClock time.Time

func fdCatalogue(t *testing.T, out, base string) []*fdEntry {
	t.Helper()
	var cat struct {
		Clock      string
		Count      int
		Directives []*fdEntry
	}
	fdReadJSON(t, filepath.Join(out, "api/van-ban.json"), &cat)
	var err error
	if fdClock, err = time.Parse(time.RFC3339, cat.Clock); err != nil {
		t.Fatal(err)
	}
	if cat.Count != len(cat.Directives) || cat.Count == 0 {
		t.Fatalf("catalogue: count %d, %d directives", cat.Count, len(cat.Directives))
	}
	for _, e := range cat.Directives {
		fdReadJSON(t, filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(e.API, base))), e)
	}
	return cat.Directives
}

func fdReadJSON(t *testing.T, file string, v any) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

// fdFeedFiles lists every feed of the output, by directory.
func fdFeedFiles(t *testing.T, out string) map[string][]string {
	t.Helper()
	feeds := map[string][]string{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch d.Name() {
		case "rss.xml", "atom.xml", "feed.json":
			rel, _ := filepath.Rel(out, p)
			rel = filepath.ToSlash(rel)
			dir := strings.TrimSuffix(rel, d.Name())
			feeds[dir] = append(feeds[dir], rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return feeds
}

func fdParse(t *testing.T, file string) *gofeed.Feed {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	feed, err := gofeed.NewParser().Parse(f)
	if err != nil {
		t.Fatalf("%s: gofeed: %v", file, err)
	}
	return feed
}

// fdItemID is the permanent id gofeed reports: the RSS guid, the Atom id or
// the JSON Feed id.
func fdItemID(it *gofeed.Item) string { return it.GUID }

// fdExpected lists the catalogue entries a feed directory must carry, in
// order, or ok=false for the updates feeds.
func fdExpected(dir string, cat []*fdEntry) (want []*fdEntry, ok bool) {
	if strings.Contains(dir, updateDir) {
		return nil, false
	}
	keep := func(f func(*fdEntry) bool) []*fdEntry {
		var out []*fdEntry
		for _, e := range cat {
			if f(e) {
				out = append(out, e)
			}
		}
		return out
	}
	parts := strings.Split(strings.TrimSuffix(dir, "/"), "/")
	switch {
	case dir == "":
		return cat, true
	case parts[0] == "tinh":
		return keep(func(e *fdEntry) bool { return e.Jur == parts[1] }), true
	case parts[0] == "loai":
		return keep(func(e *fdEntry) bool { return e.Type.Slug == parts[1] }), true
	case parts[0] == "co-quan":
		return keep(func(e *fdEntry) bool { return vn.Slug(e.Issuer) == parts[1] }), true
	case parts[0] == "chu-de":
		return keep(func(e *fdEntry) bool {
			return slices.ContainsFunc(e.Topics, func(s string) bool { return vn.Slug(s) == parts[1] })
		}), true
	}
	return nil, true
}

func fdTitle(e *fdEntry) string {
	s := e.Type.Name
	if e.Number != nil {
		s += " số " + *e.Number
	}
	return s + ": " + e.Title
}

// fdPublished is when the catalogue says a directive became public: its
// publication time, else its issue date, else the fdBuild's clock.
func fdPublished(t *testing.T, e *fdEntry) time.Time {
	t.Helper()
	if e.Publ != "" {
		p, err := time.Parse(time.RFC3339, e.Publ)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	d, err := model.ParseDate(e.Date)
	if err != nil {
		t.Fatalf("%s: %v", e.ID, err)
	}
	if d.IsZero() {
		return fdClock
	}
	return d.Start()
}

// fdCheckFeeds parses every feed of out with gofeed and checks it against the
// catalogue, item by item. It returns every feed's item ids.
// fdText says which feeds carry the full text: the archive-wide ones when
// archive is set, every other one when slices is set too.
type fdText struct{ archive, slices bool }

func (x fdText) in(dir string) bool {
	return x.archive && (x.slices || dir == "" || dir == "cap-nhat/")
}

func fdCheckFeeds(t *testing.T, out, base string, limit int, text fdText) map[string][]string {
	t.Helper()
	cat := fdCatalogue(t, out, base)
	byURL := map[string]*fdEntry{}
	for _, e := range cat {
		byURL[e.URL] = e
	}
	ids := map[string][]string{}
	feeds := fdFeedFiles(t, out)
	if len(feeds) < 10 {
		t.Fatalf("only %d feed directories", len(feeds))
	}
	for dir, files := range feeds {
		if len(files) != 3 {
			t.Errorf("%s: %v, want RSS, Atom and JSON Feed", dir, files)
		}
		want, plain := fdExpected(dir, cat)
		fullText := text.in(dir)
		for _, file := range files {
			f := fdParse(t, filepath.Join(out, file))
			if f.Title == "" || !strings.HasPrefix(f.Link, base) {
				t.Errorf("%s: title %q, link %q", file, f.Title, f.Link)
			}
			if !strings.HasPrefix(f.FeedLink, base) {
				t.Errorf("%s: self link %q", file, f.FeedLink)
			}
			if len(f.Items) > limit {
				t.Errorf("%s: %d items, limit %d", file, len(f.Items), limit)
			}
			if plain && len(want) > limit {
				want = want[:limit]
			}
			if plain && len(f.Items) != len(want) {
				t.Errorf("%s: %d items, want %d", file, len(f.Items), len(want))
				continue
			}
			for i, it := range f.Items {
				ids[file] = append(ids[file], fdItemID(it))
				if !strings.HasPrefix(it.Link, base) {
					t.Errorf("%s: item %d: link %q is not absolute under %s", file, i, it.Link, base)
				}
				if it.PublishedParsed == nil {
					t.Errorf("%s: item %d: no published date", file, i)
					continue
				}
				if !plain {
					fdCheckUpdate(t, file, it, byURL)
					continue
				}
				e := want[i]
				if fdItemID(it) != e.URL || it.Link != e.URL {
					t.Errorf("%s: item %d: id %q link %q, want %q", file, i, fdItemID(it), it.Link, e.URL)
				}
				if it.Title != fdTitle(e) {
					t.Errorf("%s: item %d: title %q, want %q", file, i, it.Title, fdTitle(e))
				}
				if p := fdPublished(t, e); !it.PublishedParsed.Equal(p) {
					t.Errorf("%s: item %d (%s): published %v, want %v", file, i, e.ID, it.PublishedParsed, p)
				}
				hasText := it.Content != ""
				if strings.HasSuffix(file, ".json") && !fullText {
					hasText = it.Content != it.Description // content_text is the summary
				}
				if hasText != fullText {
					t.Errorf("%s: item %d: full text %v, want %v", file, i, hasText, fullText)
				}
				if strings.Contains(it.Content, ` href="/`) || strings.Contains(it.Content, ` src="/`) {
					t.Errorf("%s: item %d: full text has root-relative links", file, i)
				}
				if it.Description == "" && !strings.HasSuffix(file, ".json") {
					t.Errorf("%s: item %d: no summary", file, i)
				}
			}
		}
		for _, f := range files[1:] {
			if !slices.Equal(ids[f], ids[files[0]]) {
				t.Errorf("%s: ids %v differ from %s: %v", f, ids[f], files[0], ids[files[0]])
			}
		}
	}
	return ids
}

// fdCheckUpdate checks an item of an updates feed: its id is a permalink,
// the permalink of an edition (#ban-N) or of a status change
// (#trang-thai-CODE-DATE), and its date is the event's.
func fdCheckUpdate(t *testing.T, file string, it *gofeed.Item, byURL map[string]*fdEntry) {
	t.Helper()
	url, frag, _ := strings.Cut(fdItemID(it), "#")
	e := byURL[url]
	if e == nil {
		t.Errorf("%s: %q is no directive's permalink", file, fdItemID(it))
		return
	}
	var want time.Time
	switch {
	case frag == "":
		want = fdPublished(t, e)
		if it.Link != e.URL {
			t.Errorf("%s: %s: link %q", file, fdItemID(it), it.Link)
		}
	case strings.HasPrefix(frag, "ban-"):
		i := slices.IndexFunc(e.Editions, func(ed struct {
			Number int
			Date   string
			Note   string
			URL    string
		}) bool {
			return "ban-"+strconv.Itoa(ed.Number) == frag
		})
		if i < 1 {
			t.Errorf("%s: %s: no such edition after the first", file, fdItemID(it))
			return
		}
		ed := e.Editions[i]
		d, _ := model.ParseDate(ed.Date)
		want = d.Start()
		if it.Link != ed.URL || !strings.Contains(it.Title, ed.Note) {
			t.Errorf("%s: %s: link %q title %q, want %q and the note %q", file, fdItemID(it), it.Link, it.Title, ed.URL, ed.Note)
		}
	case strings.HasPrefix(frag, "trang-thai-"):
		found := false
		for _, ev := range e.StatusHistory {
			if frag == "trang-thai-"+ev.Code+"-"+ev.Since {
				d, _ := model.ParseDate(ev.Since)
				want, found = d.Start(), true
			}
		}
		if !found {
			t.Errorf("%s: %s: no such status change in the directive's history", file, fdItemID(it))
			return
		}
	default:
		t.Errorf("%s: unexpected id %q", file, fdItemID(it))
		return
	}
	if !it.PublishedParsed.Equal(want) {
		t.Errorf("%s: %s: published %v, want %v", file, fdItemID(it), it.PublishedParsed, want)
	}
}

func TestFeedsParseWithGofeed(t *testing.T) {
	for _, base := range []string{"https://vanban.example.gov.vn/", "https://example.org/archive/"} {
		cfg := fdConfig(base)
		// Full text in every feed under one base, in the archive-wide ones
		// only (the default) under the other.
		cfg.Feeds.SliceFullText = base == "https://example.org/archive/"
		out := fdBuild(t, fdArchive(), cfg)
		ids := fdCheckFeeds(t, out, cfg.BaseURL, cfg.Feeds.Items, fdText{true, cfg.Feeds.SliceFullText})

		// The updates feed has one item per event.
		got := ids["cap-nhat/atom.xml"]
		for _, w := range []string{
			"van-ban/trung-uong/2023/25-ct-ttg/#trang-thai-expired-2024-01-01",
			"van-ban/trung-uong/2023/30-ct-ttg/",
			"van-ban/trung-uong/2023/25-ct-ttg/#trang-thai-amended-2023-08-01",
			"van-ban/lai-chau/2023/200-qd-ubnd/",
			"van-ban/lai-chau/2023/100-qd-ubnd/#trang-thai-replaced-2023-06-01",
			"van-ban/lai-chau/2023/300-ubnd-vx/#ban-2",
			"van-ban/lai-chau/2023/300-ubnd-vx/",
			"van-ban/trung-uong/2023/25-ct-ttg/",
			"van-ban/lai-chau/2023/100-qd-ubnd/",
			"van-ban/khong-ro/khong-ro-nam/tin-khong-ro/",
		} {
			if !slices.Contains(got, cfg.BaseURL+w) {
				t.Errorf("%s: updates feed lacks %s; has %v", base, w, got)
			}
		}
		if len(got) != 10 {
			t.Errorf("%s: updates feed has %d items, want 10: %v", base, len(got), got)
		}
		prov := ids["tinh/trung-uong/cap-nhat/rss.xml"]
		if len(prov) != 4 || !slices.Contains(prov, cfg.BaseURL+"van-ban/trung-uong/2023/25-ct-ttg/#trang-thai-amended-2023-08-01") {
			t.Errorf("central updates feed: %v", prov)
		}
	}
}

func TestFeedsItemLimitAndSummaries(t *testing.T) {
	cfg := fdConfig("https://vanban.example.gov.vn/")
	cfg.Feeds.Items, cfg.Feeds.FullText = 2, false
	out := fdBuild(t, fdArchive(), cfg)
	ids := fdCheckFeeds(t, out, cfg.BaseURL, 2, fdText{})
	if n := len(ids["rss.xml"]); n != 2 {
		t.Errorf("archive feed: %d items, want 2", n)
	}
}

// Renaming content files (and moving a directive to another folder) changes
// no item id of any feed.
func TestRenameKeepsItemIDs(t *testing.T) {
	cfg := fdConfig("https://vanban.example.gov.vn/")
	before := fdCheckFeeds(t, fdBuild(t, fdArchive(), cfg), cfg.BaseURL, cfg.Feeds.Items, fdText{archive: true})
	renamed := fdArchive()
	for from, to := range map[string]string{
		"lai-chau/2023/qd-100.md":       "cu/quyet-dinh-so-100.md",
		"trung-uong/2023/ct-25.md":      "trung-uong/chi-thi-25-ttg.md",
		"khong-ro/tin.md":               "tin-tuc/bai-viet-ve-dich.md",
		"lai-chau/2023/cv-300/ban-1.md": "lai-chau/cong-van-300/a.md",
		"lai-chau/2023/cv-300/ban-2.md": "lai-chau/cong-van-300/b.md",
	} {
		renamed[to] = renamed[from]
		delete(renamed, from)
	}
	after := fdCheckFeeds(t, fdBuild(t, renamed, cfg), cfg.BaseURL, cfg.Feeds.Items, fdText{archive: true})
	if len(before) != len(after) {
		t.Fatalf("%d feeds before, %d after the rename", len(before), len(after))
	}
	n := 0
	for file, ids := range before {
		if !slices.Equal(ids, after[file]) {
			t.Errorf("%s: ids changed with the rename:\n%v\n%v", file, ids, after[file])
		}
		n += len(ids)
	}
	if n < 50 {
		t.Errorf("only %d item ids compared", n)
	}
}

// Every Atom feed is valid against the RFC 4287 RELAX NG schema.
func TestAtomValidatesWithJing(t *testing.T) {
	schema := schemaFile("atom.rnc")
	jing, err := exec.LookPath("jing")
	if err != nil {
		t.Skip("jing is not installed")
	}
	if _, err := os.Stat(schema); err != nil {
		t.Skip("no atom.rnc:", err)
	}
	out := fdBuild(t, fdArchive(), fdConfig("https://vanban.example.gov.vn/archive/"))
	args := []string{"-c", schema}
	for _, files := range fdFeedFiles(t, out) {
		for _, f := range files {
			if strings.HasSuffix(f, "atom.xml") {
				args = append(args, filepath.Join(out, f))
			}
		}
	}
	if len(args) < 10 {
		t.Fatalf("only %d Atom feeds", len(args)-2)
	}
	if msg, err := exec.Command(jing, args...).CombinedOutput(); err != nil {
		t.Fatalf("jing: %v\n%s", err, msg)
	}
}

func fdSchema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	file, err := filepath.Abs(filepath.Join("../../schema", name))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	s, err := c.Compile(file)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

func fdValidate(t *testing.T, s *jsonschema.Schema, file string) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if err := s.Validate(v); err != nil {
		t.Errorf("%s: %v", file, err)
	}
}

// The catalogue and every directive's JSON validate against the schemas in
// schema/, for the test fdArchive and the sample content.
func TestAPIMatchesSchema(t *testing.T) {
	cat, doc := fdSchema(t, "catalogue.schema.json"), fdSchema(t, "directive.schema.json")
	cfg := fdConfig("https://vanban.example.gov.vn/")
	for name, content := range map[string]fs.FS{"test archive": fdArchive(), "sample content": os.DirFS("../../content")} {
		out := fdBuild(t, content, cfg)
		fdValidate(t, cat, filepath.Join(out, "api/van-ban.json"))
		n := 0
		filepath.WalkDir(filepath.Join(out, "api/van-ban"), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				fdValidate(t, doc, p)
				n++
			}
			return err
		})
		if entries := fdCatalogue(t, out, cfg.BaseURL); n != len(entries) {
			t.Errorf("%s: %d directive documents, %d in the catalogue", name, n, len(entries))
		}
	}
}

type fdAPIDoc struct {
	ID     string
	Status struct {
		Code string
		By   []struct{ ID string }
	}
	Relations, Citations struct {
		Outgoing, Incoming []struct {
			Kind, ID, URL string
			InArchive     bool `json:"in_archive"`
			Status        *struct{ Code string }
		}
	}
	Editions []struct{ Number int }
}

func TestAPIRelationsBothWays(t *testing.T) {
	cfg := fdConfig("https://vanban.example.gov.vn/")
	out := fdBuild(t, fdArchive(), cfg)
	var old, repl, amended, ed fdAPIDoc
	fdReadJSON(t, filepath.Join(out, "api/van-ban/lai-chau/2023/100-qd-ubnd.json"), &old)
	fdReadJSON(t, filepath.Join(out, "api/van-ban/lai-chau/2023/200-qd-ubnd.json"), &repl)
	fdReadJSON(t, filepath.Join(out, "api/van-ban/trung-uong/2023/25-ct-ttg.json"), &amended)
	fdReadJSON(t, filepath.Join(out, "api/van-ban/lai-chau/2023/300-ubnd-vx.json"), &ed)
	if old.Status.Code != "replaced" || len(old.Status.By) != 1 || old.Status.By[0].ID != repl.ID {
		t.Errorf("replaced directive: status %+v", old.Status)
	}
	if r := old.Relations.Incoming; len(r) != 1 || r[0].Kind != "replaces" || r[0].ID != repl.ID || !r[0].InArchive {
		t.Errorf("replaced directive: incoming relations %+v", r)
	}
	if r := repl.Relations.Outgoing; len(r) != 1 || r[0].Kind != "replaces" || r[0].ID != old.ID || r[0].Status == nil || r[0].Status.Code != "replaced" {
		t.Errorf("replacing directive: outgoing relations %+v", r)
	}
	if c := repl.Citations.Outgoing; len(c) != 1 || c[0].ID != "trung-uong/2022/364-tb-vpcp" || c[0].InArchive {
		t.Errorf("replacing directive: citations %+v", c)
	}
	if amended.Status.Code != "expired" || len(amended.Relations.Incoming) != 1 || amended.Relations.Incoming[0].Kind != "amends" {
		t.Errorf("amended directive: %+v", amended)
	}
	if len(ed.Editions) != 2 {
		t.Errorf("directive with two editions: %+v", ed.Editions)
	}
}

// The per-directive JSON of Công văn 4588/UBND-VX lists its citations and
// relations.
func TestAPISample4588(t *testing.T) {
	cfg := fdConfig("https://vanban.example.gov.vn/")
	cfg.Clock = "2026-11-23T00:00:00+07:00" // the sample config's clock
	out := fdBuild(t, os.DirFS("../../content"), cfg)
	var d fdAPIDoc
	fdReadJSON(t, filepath.Join(out, "api/van-ban/lai-chau/2022/4588-ubnd-vx.json"), &d)
	if len(d.Relations.Outgoing) == 0 || d.Relations.Outgoing[0].Kind != "implements" || !strings.Contains(d.Relations.Outgoing[0].ID, "364-tb-vpcp") {
		t.Errorf("4588/UBND-VX: relations %+v", d.Relations)
	}
	var cited []string
	for _, c := range d.Citations.Outgoing {
		cited = append(cited, c.ID)
	}
	for _, w := range []string{"trung-uong/2022/6860-byt-dp", "trung-uong/2022/1557-kh-byt-bgddt"} {
		if !slices.Contains(cited, w) {
			t.Errorf("4588/UBND-VX: citations %v lack %s", cited, w)
		}
	}
}

// sitemap.xml lists every indexable HTML page and only those, and is valid
// against the sitemaps.org schema; robots.txt names it.
func TestSitemap(t *testing.T) {
	cfg := fdConfig("https://example.org/archive/")
	out := fdBuild(t, fdArchive(), cfg)
	var pages []string
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Name() == "index.html" {
			rel, _ := filepath.Rel(out, filepath.Dir(p))
			rel = filepath.ToSlash(rel) + "/"
			if rel == "./" {
				rel = ""
			}
			data, _ := os.ReadFile(p)
			if !strings.Contains(string(data), `<meta name="robots" content="noindex">`) {
				pages = append(pages, cfg.BaseURL+rel)
			}
		}
		return err
	})
	data, err := os.ReadFile(filepath.Join(out, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var locs []string
	for _, part := range strings.Split(string(data), "<loc>")[1:] {
		loc, _, _ := strings.Cut(part, "</loc>")
		locs = append(locs, loc)
	}
	slices.Sort(pages)
	if !slices.Equal(locs, pages) {
		t.Errorf("sitemap:\n%v\nindexable pages:\n%v", locs, pages)
	}
	robots, _ := os.ReadFile(filepath.Join(out, "robots.txt"))
	if !strings.Contains(string(robots), "\nSitemap: https://example.org/archive/sitemap.xml\n") {
		t.Errorf("robots.txt:\n%s", robots)
	}
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint is not installed")
	}
	schema := schemaFile("sitemap.xsd")
	if _, err := os.Stat(schema); err != nil {
		t.Skip("no sitemap.xsd:", err)
	}
	if msg, err := exec.Command(xmllint, "--noout", "--nonet", "--schema", schema, filepath.Join(out, "sitemap.xml")).CombinedOutput(); err != nil {
		t.Errorf("xmllint: %v\n%s", err, msg)
	}
}

var fdAtomLink = regexp.MustCompile(`<link rel="alternate" type="application/atom(\+|&#43;)xml" title="[^"]+" href="/[^"]*atom.xml">`)

// Every page offers feeds for discovery; issuer and topic pages offer their
// own.
func TestFeedDiscovery(t *testing.T) {
	cfg := fdConfig("https://vanban.example.gov.vn/")
	out := fdBuild(t, fdArchive(), cfg)
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, _ := os.ReadFile(p)
		if !fdAtomLink.Match(data) {
			t.Errorf("%s: no Atom feed link", p)
		}
		return nil
	})
	for _, page := range []string{"co-quan/thu-tuong-chinh-phu/index.html", "chu-de/y-te-co-so/index.html"} {
		data, err := os.ReadFile(filepath.Join(out, page))
		if err != nil {
			t.Fatal(err)
		}
		dir := strings.TrimSuffix(page, "index.html")
		if !strings.Contains(string(data), `href="/`+dir+`atom.xml"`) {
			t.Errorf("%s: does not offer its own feed", page)
		}
	}
	opml, err := os.ReadFile(filepath.Join(out, "nguon-tin/feeds.opml"))
	if err != nil || !strings.Contains(string(opml), `xmlUrl="https://vanban.example.gov.vn/chu-de/y-te-co-so/atom.xml"`) {
		t.Errorf("feeds.opml: %v\n%s", err, opml)
	}
	feedsPage, _ := os.ReadFile(filepath.Join(out, "nguon-tin/index.html"))
	for _, f := range []string{"/cap-nhat/feed.json", "/tinh/lai-chau/cap-nhat/atom.xml", "/co-quan/thu-tuong-chinh-phu/rss.xml", "/nguon-tin/feeds.opml"} {
		if !strings.Contains(string(feedsPage), `href="`+f+`"`) {
			t.Errorf("feeds page does not list %s", f)
		}
	}
}

// schemaFile is a schema of the shared validators: in $VANBAN_SCHEMAS when
// set (CI), else in ../shared/tools/schemas beside the repository.
func schemaFile(name string) string {
	if dir := os.Getenv("VANBAN_SCHEMAS"); dir != "" {
		return filepath.Join(dir, name)
	}
	return filepath.Join("../../../shared/tools/schemas", name)
}
