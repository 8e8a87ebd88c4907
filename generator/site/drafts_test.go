package site_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"vanban"
	"vanban/generator/config"
	"vanban/generator/site"
)

// The markers: each hidden directive carries its own in every field that
// could reach an output file. They are ASCII and compared case-insensitively
// so that slugs ("chu-de/zqxdraftmarkertopic/") and escaped text match too.
const (
	draftMarker   = "Zqxdraftmarker"
	embargoMarker = "Zqxembargomarker"
)

// The hidden directives' numbers as they appear in URLs: a link or a page
// for either would contain its slug.
var hiddenSlugs = []string{"777-ubnd-vx", "888-tb-ubnd"}

func markerArchive() fstest.MapFS {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s), Mode: 0o644} }
	return fstest.MapFS{
		// A published directive citing both hidden ones, in its text and in
		// a declared relation.
		"lai-chau/2023/cong-van-100-ubnd-vx.md": file(`---
number: 100/UBND-VX
type: cong-van
title: "V/v triển khai công tác phòng, chống dịch"
issuer: Ủy ban nhân dân tỉnh Lai Châu
province: lai-chau
date: 2023-05-10
published: "2023-05-11T08:00:00+07:00"
topics:
  - Phòng, chống dịch COVID-19
basis:
  - number: 888/TB-UBND
    date: 2023-05-20
---

Thực hiện Công văn số 777/UBND-VX ngày 02/05/2023 của UBND tỉnh và Thông báo số 888/TB-UBND ngày 20/05/2023 của UBND tỉnh, đồng thời căn cứ Thông báo số 364/TB-VPCP ngày 29/11/2022 của Văn phòng Chính phủ, yêu cầu các sở, ngành triển khai thực hiện.
`),
		// A draft.
		"lai-chau/2023/cong-van-777-ubnd-vx.md": file(`---
number: 777/UBND-VX
type: cong-van
title: "V/v Zqxdraftmarker trích yếu"
issuer: Ủy ban Zqxdraftmarker tỉnh Lai Châu
issuer_parent: Zqxdraftmarker cấp trên
province: lai-chau
date: 2023-05-02
place: Zqxdraftmarkerplace
signer:
  authority: KT. CHỦ TỊCH
  title: PHÓ CHỦ TỊCH
  name: Zqxdraftmarker Name
topics:
  - Zqxdraftmarkertopic
addressees:
  - Zqxdraftmarker addressee
notes: "Zqxdraftmarker note"
cites:
  - 364/TB-VPCP
draft: true
---

Nội dung Zqxdraftmarker của dự thảo, dẫn Thông báo số 364/TB-VPCP ngày 29/11/2022 và Công văn số 100/UBND-VX ngày 10/05/2023.
`),
		// An embargoed directive: published after the clock, though issued before it.
		"lai-chau/2023/thong-bao-888-tb-ubnd.md": file(`---
number: 888/TB-UBND
type: thong-bao
title: "Zqxembargomarker thông báo"
issuer: Zqxembargomarker Ủy ban nhân dân tỉnh Lai Châu
province: lai-chau
date: 2023-05-20
published: "2023-06-02T09:00:00+07:00"
topics:
  - Zqxembargomarkertopic
implements:
  - 100/UBND-VX
---

Nội dung Zqxembargomarker, thực hiện Công văn số 100/UBND-VX ngày 10/05/2023 và Thông báo số 364/TB-VPCP ngày 29/11/2022.
`),
	}
}

func markerBuild(t *testing.T, drafts bool) (string, *site.Result) {
	t.Helper()
	cfg := config.Default()
	cfg.Clock = "2023-06-01T00:00:00+07:00"
	out := filepath.Join(t.TempDir(), "public")
	res, err := site.Build(context.Background(), site.Options{
		Content: markerArchive(), ContentName: "content", Templates: vanban.Templates(),
		Out: out, Config: cfg, Drafts: drafts,
	})
	if err != nil {
		t.Fatalf("build (drafts=%v): %v\n%v", drafts, err, res.Diags)
	}
	return out, res
}

// outputFiles returns every file of a build: slash path → contents.
func outputFiles(t *testing.T, out string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("the build wrote nothing")
	}
	return files
}

func TestDraftsAndEmbargoLeaveNoTrace(t *testing.T) {
	out, res := markerBuild(t, false)
	if res.Directives != 1 {
		t.Errorf("the build admitted %d directives, want only the published one", res.Directives)
	}
	files := outputFiles(t, out)
	needles := append([]string{draftMarker, embargoMarker}, hiddenSlugs...)
	for name, text := range files {
		lname, ltext := strings.ToLower(name), strings.ToLower(text)
		for _, n := range needles {
			n = strings.ToLower(n)
			if strings.Contains(lname, n) {
				t.Errorf("output file %s is named after a hidden directive (%s)", name, n)
			}
			if i := strings.Index(ltext, n); i >= 0 {
				t.Errorf("%s leaks %q: …%s…", name, n, text[max(0, i-120):min(len(text), i+len(n)+60)])
			}
		}
	}

	// The citing directive's page is there and names both numbers as plain
	// text; the cited document that is merely absent (364/TB-VPCP) still
	// gets its "missing document" page and link.
	page, ok := files["van-ban/lai-chau/2023/100-ubnd-vx/index.html"]
	if !ok {
		t.Fatalf("no page for the published directive; files: %d", len(files))
	}
	for _, num := range []string{"777/UBND-VX", "888/TB-UBND"} {
		if !strings.Contains(page, num) {
			t.Errorf("the citing page lost the text %q", num)
		}
	}
	if _, ok := files["van-ban/trung-uong/2022/364-tb-vpcp/index.html"]; !ok {
		t.Errorf("the page of the missing 364/TB-VPCP is gone: the test no longer shows that only hidden numbers are unlinked")
	}
	if !strings.Contains(page, "364-tb-vpcp") {
		t.Errorf("the citing page does not link 364/TB-VPCP")
	}
}

func TestDraftsPreviewShowsThem(t *testing.T) {
	out, res := markerBuild(t, true)
	if res.Directives != 3 {
		t.Errorf("the preview admitted %d directives, want 3", res.Directives)
	}
	files := outputFiles(t, out)
	for _, p := range []string{"van-ban/lai-chau/2023/777-ubnd-vx/index.html", "van-ban/lai-chau/2023/888-tb-ubnd/index.html"} {
		page, ok := files[p]
		if !ok {
			t.Errorf("the preview has no page %s", p)
			continue
		}
		if !strings.Contains(page, draftMarker) && !strings.Contains(page, embargoMarker) {
			t.Errorf("%s does not show its directive's marker", p)
		}
	}
	citing := files["van-ban/lai-chau/2023/100-ubnd-vx/index.html"]
	for _, slug := range hiddenSlugs {
		if !strings.Contains(citing, slug) {
			t.Errorf("in preview, the citing page does not link %s", slug)
		}
	}
}
