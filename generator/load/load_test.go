package load

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"vanban/generator/diag"
)

// Every front matter problem is reported at file:line:col counted from the
// top of the file; these cases pin the exact message of each.
var (
	knownKeys  = keyNames(fields)
	knownTypes = typeSlugs()
	numberHelp = "is not a number and symbol such as 4588/UBND-VX, 30/2020/NĐ-CP or 25-CT/TW (write /UBND-VX when the number was left blank)"
)

func TestParseFileDiagnostics(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		noDoc bool     // the front matter cannot be read at all
		want  []string // every diagnostic, sorted
	}{
		{
			name:  "unclosed",
			src:   "---\ntype: cong-van\ntitle: Về việc\n\nNội dung.\n",
			noDoc: true,
			want:  []string{`f.md:1:1: front matter opened with "---" at line 1 is never closed (add a "---" line after it)`},
		},
		{
			name:  "unclosed after blank lines",
			src:   "\n\n---\ntype: cong-van\n",
			noDoc: true,
			want:  []string{`f.md:3:1: front matter opened with "---" at line 3 is never closed (add a "---" line after it)`},
		},
		{
			name:  "unclosed toml",
			src:   "+++\ntype = \"cong-van\"\n",
			noDoc: true,
			want:  []string{`f.md:1:1: front matter opened with "+++" at line 1 is never closed (add a "+++" line after it)`},
		},
		{
			name:  "no front matter",
			src:   "\nChỉ có nội dung.\n",
			noDoc: true,
			want:  []string{`f.md:2:1: no front matter: a directive file starts with a "---" line, its fields, and another "---" line`},
		},
		{
			name: "month 13",
			src:  "---\ntype: cong-van\ntitle: x\ndate: 2022-13-07\n---\nNội dung.\n",
			want: []string{`f.md:4:7: date: month 13 does not exist`},
		},
		{
			name: "30 February",
			src:  "---\ntype: cong-van\ntitle: x\ndate: 2022-02-30\n---\nNội dung.\n",
			want: []string{`f.md:4:7: date: February has no day 30`},
		},
		{
			name: "date not a date",
			src:  "---\ntype: cong-van\ntitle: x\neffective: \"mai\"\n---\nNội dung.\n",
			want: []string{`f.md:4:12: effective: date "mai": want YYYY-MM-DD, YYYY-MM or YYYY`},
		},
		{
			name: "year out of range",
			src:  "---\ntype: cong-van\ntitle: x\ndate: 1900-01-01\n---\nNội dung.\n",
			want: []string{`f.md:4:7: date: year 1900 is out of range (1945–2200)`},
		},
		{
			name: "bad publication time",
			src:  "---\ntype: cong-van\ntitle: x\npublished: 01/01/2023 12:00:00 SA\n---\nNội dung.\n",
			want: []string{`f.md:4:12: published: time "01/01/2023 12:00:00 SA": want YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+07:00`},
		},
		{
			name: "unknown key with suggestion",
			src:  "---\ntype: cong-van\ntitel: x\n---\nNội dung.\n",
			want: []string{
				`f.md:1:1: missing key "title" (the trích yếu)`,
				`f.md:3:1: unknown key "titel"; did you mean "title"? (known keys: ` + knownKeys + `)`,
			},
		},
		{
			name: "unknown key without suggestion",
			src:  "---\ntype: cong-van\ntitle: x\nauthor: y\n---\nNội dung.\n",
			want: []string{`f.md:4:1: unknown key "author" (known keys: ` + knownKeys + `)`},
		},
		{
			name: "unknown nested key",
			src:  "---\ntype: cong-van\ntitle: x\nsigner:\n  nam: A\n---\nNội dung.\n",
			want: []string{`f.md:5:3: unknown key "signer.nam"; did you mean "name"? (known keys: authority, title, name)`},
		},
		{
			name: "key given twice",
			src:  "---\ntype: cong-van\ntitle: x\ntitle: y\n---\nNội dung.\n",
			want: []string{`f.md:4:1: key "title" is given twice`},
		},
		{
			name: "list for title",
			src:  "---\ntype: cong-van\ntitle: [a, b]\n---\nNội dung.\n",
			want: []string{`f.md:3:8: title: want text, got a list`},
		},
		{
			name: "mapping for number",
			src:  "---\ntype: cong-van\ntitle: x\nnumber: {seq: 1}\n---\nNội dung.\n",
			want: []string{`f.md:4:9: number: want text, got a mapping`},
		},
		{
			name: "mapping for topics",
			src:  "---\ntype: cong-van\ntitle: x\ntopics:\n  a: b\n---\nNội dung.\n",
			want: []string{`f.md:5:3: topics: want a list of text, got a mapping`},
		},
		{
			name: "text for signer",
			src:  "---\ntype: cong-van\ntitle: x\nsigner: Nguyễn Văn A\n---\nNội dung.\n",
			want: []string{`f.md:4:9: signer: want a mapping of authority, title, name`},
		},
		{
			name: "bad number",
			src:  "---\ntype: cong-van\ntitle: x\nnumber: 07/12/2022\n---\nNội dung.\n",
			want: []string{`f.md:4:9: number: "07/12/2022" ` + numberHelp},
		},
		{
			name: "unknown type",
			src:  "---\ntype: cong-vn\ntitle: x\n---\nNội dung.\n",
			want: []string{`f.md:2:7: type: unknown document type "cong-vn" (known: ` + knownTypes + `)`},
		},
		{
			name: "province not a slug",
			src:  "---\ntype: cong-van\ntitle: x\nprovince: Lai Châu\n---\nNội dung.\n",
			want: []string{`f.md:4:11: province: "Lai Châu" is not a slug (lower-case ASCII letters, digits and hyphens); did you mean "lai-chau"?`},
		},
		{
			name: "draft not a boolean",
			src:  "---\ntype: cong-van\ntitle: x\ndraft: yes\n---\nNội dung.\n",
			want: []string{`f.md:4:8: draft: want true or false, got "yes"`},
		},
		{
			name: "source kind",
			src:  "---\ntype: cong-van\ntitle: x\nsource:\n  kind: rumour\n---\nNội dung.\n",
			want: []string{`f.md:5:9: source.kind: "rumour" is not one of full-text, news-report, summary`},
		},
		{
			name: "relation problems",
			src:  "---\ntype: cong-van\ntitle: x\nbasis:\n  - 12\n  - /UBND-VX\n  - number: 364/TB-VPCP\n    page: 2\n  - date: 2022-11-29\n  - [a]\n---\nNội dung.\n",
			want: []string{
				`f.md:5:5: basis: "12" ` + numberHelp,
				`f.md:6:5: basis: "/UBND-VX" has no number; a relation must name a document`,
				`f.md:8:5: unknown key "basis.page" (known keys: number, date, issuer, note)`,
				`f.md:9:5: basis: each entry needs a number`,
				`f.md:10:5: basis: want a number or {number, date, issuer, note}, got a list`,
			},
		},
		{
			name: "missing type and title",
			src:  "\n---\nissuer: x\n---\nNội dung.\n",
			want: []string{
				`f.md:2:1: missing key "title" (the trích yếu)`,
				`f.md:2:1: missing key "type" (one of ` + knownTypes + `)`,
			},
		},
		{
			name: "empty front matter",
			src:  "---\n---\nNội dung.\n",
			want: []string{
				`f.md:1:1: missing key "title" (the trích yếu)`,
				`f.md:1:1: missing key "type" (one of ` + knownTypes + `)`,
			},
		},
		{
			name: "front matter is a list",
			src:  "---\n- a\n---\nNội dung.\n",
			want: []string{
				`f.md:1:1: missing key "title" (the trích yếu)`,
				`f.md:1:1: missing key "type" (one of ` + knownTypes + `)`,
				`f.md:2:1: front matter: want a mapping of ` + knownKeys,
			},
		},
		{
			name:  "yaml syntax error counted from the top of the file",
			src:   "\n\n---\ntype: cong-van\ntitle: x\n  bad: value\n---\nNội dung.\n",
			noDoc: true,
			want:  []string{`f.md:6: front matter: line 3 of the front matter: mapping values are not allowed in this context`},
		},
		{
			name:  "yaml unterminated quote",
			src:   "\n\n---\ntype: cong-van\ntitle: \"x\n---\nNội dung.\n",
			noDoc: true,
			want:  []string{`f.md:5: front matter: line 2 of the front matter: found unexpected end of stream`},
		},
		{
			name: "byte order mark",
			src:  "\ufeff---\ntype: cong-van\ntitle: x\ndate: 2022-13-07\n---\nNội dung.\n",
			want: []string{`f.md:4:7: date: month 13 does not exist`},
		},
		{
			name:  "not UTF-8",
			src:   "---\ntype: cong-van\ntitle: C\xf4ng v\xe3n\n---\n",
			noDoc: true,
			want:  []string{`f.md:3:9: the file is not UTF-8 text; save it as UTF-8`},
		},
		{
			name: "empty body",
			src:  "---\ntype: cong-van\ntitle: x\n---\n",
			want: []string{`f.md:5: warning: the body is empty: the page will show only the front matter`},
		},
		{
			name: "CRLF line ends",
			src:  "---\r\ntype: cong-van\r\ntitle: x\r\ndate: 2022-13-07\r\n---\r\nNội dung.\r\n",
			want: []string{`f.md:4:7: date: month 13 does not exist`},
		},
		{
			name: "three problems at once",
			src:  "---\ntype: cong-van\ntitle: x\ndate: 2022-13-07\ntitel: y\nnumber: [1]\n---\nNội dung.\n",
			want: []string{
				`f.md:4:7: date: month 13 does not exist`,
				`f.md:5:1: unknown key "titel"; did you mean "title"? (known keys: ` + knownKeys + `)`,
				`f.md:6:9: number: want text, got a list`,
			},
		},
		{
			name: "toml",
			src:  "\n+++\ntype = \"cong-van\"\ntitle = \"x\"\ndate = \"2022-13-07\"\ntitel = 1\n\n[signer]\n  title = \"PHÓ CHỦ TỊCH\"\n  nam = \"A\"\n\n[[basis]]\nnumber = \"364/TB-VPCP\"\n[[basis]]\nnumber = \"zz\"\nfoo = 1\n+++\nNội dung.\n",
			want: []string{
				`f.md:5:8: date: month 13 does not exist`,
				`f.md:6:1: unknown key "titel"; did you mean "title"? (known keys: ` + knownKeys + `)`,
				`f.md:10:3: unknown key "signer.nam"; did you mean "name"? (known keys: authority, title, name)`,
				`f.md:15:10: number: "zz" ` + numberHelp,
				`f.md:16:1: unknown key "basis.foo" (known keys: number, date, issuer, note)`,
			},
		},
		{
			name:  "toml syntax error",
			src:   "+++\ntype = \"cong-van\"\ntitle = \"x\"\ndate = 2022-13-07\n+++\nNội dung.\n",
			noDoc: true,
			want:  []string{`f.md:4: front matter: Near line 3 of the front matter (last key parsed 'date'): Invalid TOML Datetime: "2022-13-07".`},
		},
		{
			name: "json",
			src:  "{\n  \"type\": \"cong-van\",\n  \"title\": \"x\",\n  \"date\": \"2022-13-01\",\n  \"signer\": {\"nam\": \"A\"}\n}\n\nNội dung.\n",
			want: []string{
				`f.md:4:11: date: month 13 does not exist`,
				`f.md:5:14: unknown key "signer.nam"; did you mean "name"? (known keys: authority, title, name)`,
			},
		},
		{
			name: "json missing title",
			src:  "\n{\n  \"type\": \"cong-van\"\n}\n\nNội dung.\n",
			want: []string{`f.md:2:1: missing key "title" (the trích yếu)`},
		},
		{
			name:  "json not followed by a blank line",
			src:   "{\n  \"type\": \"cong-van\",\n  \"title\": \"x\"\n}\nNội dung.\n",
			noDoc: true,
			want:  []string{`f.md:1:1: JSON front matter opened with "{" at line 1 is never closed (end it with a line holding only "}", followed by a blank line)`},
		},
		{
			name: "edition problems",
			src:  "---\ntype: cong-van\ntitle: x\nedition:\n  number: 0\n  date: 2023-02-30\n---\nNội dung.\n",
			want: []string{
				`f.md:5:11: edition.number: want a whole number from 1, got "0"`,
				`f.md:6:9: date: February has no day 30`,
			},
		},
		{
			name: "edition without number",
			src:  "---\ntype: cong-van\ntitle: x\nedition:\n  note: Đính chính\n---\nNội dung.\n",
			want: []string{`f.md:4:1: edition: needs a number (1 for the original)`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, diags := ParseFile("f.md", []byte(tt.src))
			if (doc == nil) != tt.noDoc {
				t.Errorf("document returned = %v, want %v", doc != nil, !tt.noDoc)
			}
			got := lines(diags)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("diagnostics:\n got: %s\nwant: %s", strings.Join(got, "\n      "), strings.Join(tt.want, "\n      "))
			}
		})
	}
}

func lines(l diag.List) []string {
	var out []string
	for _, d := range l.Sorted() {
		out = append(out, d.Error())
	}
	return out
}

// A valid file in each of the three formats decodes to the same document.
func TestParseFileFormats(t *testing.T) {
	yaml := `---
number: 4588/UBND-VX
type: cong-van
title: "V/v thực hiện kết luận"
issuer: Ủy ban nhân dân tỉnh Lai Châu
province: lai-chau
date: 2022-12-07
published: "2023-01-01T00:00:00+07:00"
signer:
  authority: KT. CHỦ TỊCH
  title: PHÓ CHỦ TỊCH
  name: Tống Thanh Hải
topics: [COVID-19]
implements:
  - number: 364/TB-VPCP
    date: 2022-11-29
---

Nội dung.
`
	toml := `+++
number = "4588/UBND-VX"
type = "cong-van"
title = "V/v thực hiện kết luận"
issuer = "Ủy ban nhân dân tỉnh Lai Châu"
province = "lai-chau"
date = 2022-12-07
published = 2023-01-01T00:00:00+07:00
topics = ["COVID-19"]

[signer]
authority = "KT. CHỦ TỊCH"
title = "PHÓ CHỦ TỊCH"
name = "Tống Thanh Hải"

[[implements]]
number = "364/TB-VPCP"
date = 2022-11-29
+++

Nội dung.
`
	json := `{
  "number": "4588/UBND-VX",
  "type": "cong-van",
  "title": "V/v thực hiện kết luận",
  "issuer": "Ủy ban nhân dân tỉnh Lai Châu",
  "province": "lai-chau",
  "date": "2022-12-07",
  "published": "2023-01-01T00:00:00+07:00",
  "signer": {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Tống Thanh Hải"},
  "topics": ["COVID-19"],
  "implements": [{"number": "364/TB-VPCP", "date": "2022-11-29"}]
}

Nội dung.
`
	for name, src := range map[string]string{"yaml": yaml, "toml": toml, "json": json} {
		t.Run(name, func(t *testing.T) {
			doc, diags := ParseFile("f.md", []byte(src))
			if len(diags) > 0 {
				t.Fatalf("unexpected diagnostics:\n%s", diags.Error())
			}
			got := fmt.Sprintf("%s|%s|%s|%s|%s|%s|%s|%s/%s/%s|%v|%s %s %s|%s|%d",
				doc.Number.Text, doc.Type.Slug, doc.Title, doc.Issuer, doc.Province, doc.Date,
				doc.Published.Format("2006-01-02T15:04:05Z07:00"),
				doc.Signer.Authority, doc.Signer.Title, doc.Signer.Name, doc.Topics,
				doc.Relations[0].Kind, doc.Relations[0].Number.Text, doc.Relations[0].Date,
				doc.Source.Kind, doc.Edition.Number)
			want := "4588/UBND-VX|cong-van|V/v thực hiện kết luận|Ủy ban nhân dân tỉnh Lai Châu|lai-chau|2022-12-07|2023-01-01T00:00:00+07:00|KT. CHỦ TỊCH/PHÓ CHỦ TỊCH/Tống Thanh Hải|[COVID-19]|implements 364/TB-VPCP 2022-11-29|full-text|1"
			if got != want {
				t.Errorf("decoded\n got %s\nwant %s", got, want)
			}
			if strings.TrimSpace(doc.Body) != "Nội dung." {
				t.Errorf("body = %q", doc.Body)
			}
			if l := strings.Count(src[:strings.Index(src, "Nội dung.")], "\n") + 1; doc.BodyLine > l || doc.BodyLine < l-1 {
				t.Errorf("BodyLine = %d, want the line after the front matter (body text at %d)", doc.BodyLine, l)
			}
		})
	}
}

// Text is normalized: NFC, and the look-alike Ð becomes Đ.
func TestParseFileNormalizes(t *testing.T) {
	decomposed := "Ủy" // U+0055 U+031B U+0309 y
	src := "---\ntype: cong-van\ntitle: \"Ðiện Biên\"\nissuer: \"" + decomposed + " ban\"\n---\nÐây là nội dung.\n"
	doc, diags := ParseFile("f.md", []byte(src))
	if len(diags) > 0 {
		t.Fatal(diags.Error())
	}
	if doc.Title != "Điện Biên" || doc.Issuer != "Ủy ban" || !strings.HasPrefix(doc.Body, "Đây") {
		t.Errorf("not normalized: title %q issuer %q body %q", doc.Title, doc.Issuer, doc.Body)
	}
}

func TestLoadGroupsEditions(t *testing.T) {
	ed := func(n int, date string) *fstest.MapFile {
		return &fstest.MapFile{Data: fmt.Appendf(nil, "---\nnumber: 1/TB-X\ntype: thong-bao\ntitle: x\nedition:\n  number: %d\n  date: %s\n---\nBản %d.\n", n, date, n)}
	}
	plain := &fstest.MapFile{Data: []byte("---\ntype: thong-bao\ntitle: y\n---\nNội dung.\n")}
	tests := []struct {
		name  string
		files fstest.MapFS
		want  string // directives: files of each, in order
		diags []string
	}{
		{
			name: "editions in one folder, sorted by number",
			files: fstest.MapFS{
				"a/b.md":       ed(2, "2023-01-05"),
				"a/a.md":       ed(1, "2023-01-01"),
				"a/c.md":       ed(3, "2023-02-01"),
				"other.md":     plain,
				"z/README.md":  plain,
				"_drafts/x.md": plain,
				".git/y.md":    plain,
				"a/notes.txt":  plain,
			},
			want: "a/a.md a/b.md a/c.md; other.md",
		},
		{
			name: "a plain file in an edition folder is its own directive",
			files: fstest.MapFS{
				"a/1.md": ed(1, "2023-01-01"),
				"a/2.md": plain,
				"a/3.md": ed(2, "2023-01-02"),
			},
			want: "a/1.md a/3.md; a/2.md",
		},
		{
			name: "duplicate edition number and dates out of order",
			files: fstest.MapFS{
				"a/1.md": ed(1, "2023-01-05"),
				"a/2.md": ed(1, "2023-01-06"),
				"a/3.md": ed(2, "2023-01-01"),
			},
			want: "a/1.md a/2.md a/3.md",
			diags: []string{
				"a/2.md:5:1: edition 1 is also declared in a/1.md",
				"a/3.md:5:1: edition 2 is dated 2023-01-01, before edition 1 (2023-01-06)",
			},
		},
		{
			name: "editions of different numbers in one folder",
			files: fstest.MapFS{
				"a/1.md": ed(1, "2023-01-01"),
				"a/2.md": {Data: []byte("---\nnumber: 2/TB-X\ntype: thong-bao\ntitle: x\nedition:\n  number: 2\n---\nB.\n")},
			},
			want:  "a/1.md a/2.md",
			diags: []string{"a/2.md:2:1: warning: edition 2 is numbered 2/TB-X but a/1.md (edition 1, same folder) is 1/TB-X: a folder holds the editions of one directive"},
		},
		{
			name: "broken files are left out, their problems kept",
			files: fstest.MapFS{
				"a.md": {Data: []byte("---\ntype: thong-bao\n")},
				"b.md": plain,
			},
			want:  "b.md",
			diags: []string{`a.md:1:1: front matter opened with "---" at line 1 is never closed (add a "---" line after it)`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Load(context.Background(), tt.files)
			if err != nil {
				t.Fatal(err)
			}
			var groups []string
			for _, d := range res.Directives {
				var files []string
				for _, e := range d.Editions {
					files = append(files, e.File)
				}
				groups = append(groups, strings.Join(files, " "))
			}
			if got := strings.Join(groups, "; "); got != tt.want {
				t.Errorf("directives = %q, want %q", got, tt.want)
			}
			if got := lines(res.Diags); strings.Join(got, "\n") != strings.Join(tt.diags, "\n") {
				t.Errorf("diagnostics:\n got: %q\nwant: %q", got, tt.diags)
			}
		})
	}
}

func TestLoadCurrentEdition(t *testing.T) {
	files := fstest.MapFS{
		"d/v2.md": {Data: []byte("---\ntype: thong-bao\ntitle: Bản đính chính\nedition: {number: 2}\n---\nB.\n")},
		"d/v1.md": {Data: []byte("---\ntype: thong-bao\ntitle: Bản gốc\nedition: {number: 1}\n---\nA.\n")},
	}
	res, err := Load(context.Background(), files)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Directives) != 1 || res.Directives[0].Current().Title != "Bản đính chính" {
		t.Fatalf("current edition wrong: %+v", res.Directives)
	}
}

func TestLoadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Load(ctx, fstest.MapFS{"a.md": {Data: []byte("---\ntype: cong-van\ntitle: x\n---\nA\n")}}); err == nil {
		t.Fatal("Load with a cancelled context succeeded")
	}
}

// Every position is counted from the top of the file: the line each message
// names is the line holding the offending key.
func TestPositionsPointAtTheKey(t *testing.T) {
	src := "\n\n\n---\n# comment\n\ntype: cong-van\ntitle: x\n\n\ndate: 2022-02-30\nfoo: bar\n---\nNội dung.\n"
	_, diags := ParseFile("f.md", []byte(src))
	fileLines := strings.Split(src, "\n")
	for _, d := range diags {
		l := fileLines[d.Pos.Line-1]
		key := strings.Fields(d.Message)[0]
		key = strings.Trim(key, ":")
		if key == "unknown" {
			key = "foo"
		}
		if !strings.HasPrefix(l, key) {
			t.Errorf("%s: line %d is %q, want the line of %q", d.Error(), d.Pos.Line, l, key)
		}
	}
	if len(diags) != 2 {
		t.Errorf("want 2 diagnostics, got %d: %s", len(diags), diags.Error())
	}
}

func TestSuggest(t *testing.T) {
	for name, want := range map[string]string{
		"titel":      "title",
		"tilte":      "title",
		"nunber":     "number",
		"provice":    "province",
		"adressees":  "addressees",
		"publised":   "published",
		"dte":        "date",
		"page":       "",
		"author":     "",
		"x":          "",
		"implement":  "implements",
		"Issuer":     "issuer",
		"relaces":    "replaces",
		"distribute": "",
	} {
		got := suggest(name, fields)
		if want != "" {
			want = `; did you mean "` + want + `"?`
		}
		if got != want {
			t.Errorf("suggest(%q) = %q, want %q", name, got, want)
		}
	}
}
