package markdown

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"vanban/generator/cite"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fakeLinker links every citation except the numbers in skip, and records
// what it was asked.
type fakeLinker struct {
	skip  map[string]bool
	mu    sync.Mutex
	asked []string
}

func (f *fakeLinker) LinkCitation(c cite.Citation) (string, string, bool) {
	f.mu.Lock()
	f.asked = append(f.asked, c.Number.Text)
	f.mu.Unlock()
	if f.skip[c.Number.Text] {
		return "", "", false
	}
	return "/van-ban/" + c.Number.Slug() + "/", "Văn bản " + c.Number.Text, true
}

func render(t *testing.T, opt Options, src string, l Linker) string {
	t.Helper()
	var b bytes.Buffer
	if err := New(opt).Render(&b, []byte(src), l); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func link(num, slug string) string {
	return `<a href="/van-ban/` + slug + `/" title="Văn bản ` + num + `">` + num + `</a>`
}

func TestCitationLinks(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"plain text", "Thực hiện Thông báo số 364/TB-VPCP ngày 29/11/2022.",
			"<p>Thực hiện Thông báo số " + link("364/TB-VPCP", "364-tb-vpcp") + " ngày 29/11/2022.</p>\n"},
		{"two in one text", "Công văn 1/UBND-VX và 2/UBND-VX.",
			"<p>Công văn " + link("1/UBND-VX", "1-ubnd-vx") + " và " + link("2/UBND-VX", "2-ubnd-vx") + ".</p>\n"},
		{"at the very start and end", "364/TB-VPCP",
			"<p>" + link("364/TB-VPCP", "364-tb-vpcp") + "</p>\n"},
		{"unresolved stays text", "Công văn số 999/XX-YY ngày 1/1/2022.",
			"<p>Công văn số 999/XX-YY ngày 1/1/2022.</p>\n"},
		{"inside emphasis", "Theo **Chỉ thị 25-CT/TW** nhé.",
			"<p>Theo <strong>Chỉ thị " + link("25-CT/TW", "25-ct-tw") + "</strong> nhé.</p>\n"},
		{"across a soft line break", "Thông báo\nsố 364/TB-VPCP.",
			"<p>Thông báo\nsố " + link("364/TB-VPCP", "364-tb-vpcp") + ".</p>\n"},
		{"code span untouched", "Xem `364/TB-VPCP`.",
			"<p>Xem <code>364/TB-VPCP</code>.</p>\n"},
		{"fenced code untouched", "```\n364/TB-VPCP\n```",
			"<pre><code>364/TB-VPCP\n</code></pre>\n"},
		{"indented code untouched", "    364/TB-VPCP",
			"<pre><code>364/TB-VPCP\n</code></pre>\n"},
		{"existing link untouched", "[Thông báo 364/TB-VPCP](https://x.example/364)",
			`<p><a href="https://x.example/364">Thông báo 364/TB-VPCP</a></p>` + "\n"},
		{"autolink untouched", "<https://x.example/364/TB-VPCP>",
			`<p><a href="https://x.example/364/TB-VPCP">https://x.example/364/TB-VPCP</a></p>` + "\n"},
		{"image untouched", "![Ảnh 364/TB-VPCP](a.png)",
			`<p><img src="a.png" alt="Ảnh 364/TB-VPCP"></p>` + "\n"},
		{"heading untouched (and shifted)", "# Thông báo 364/TB-VPCP",
			"<h2>Thông báo 364/TB-VPCP</h2>\n"},
		{"table cell", "| a |\n|---|\n| 131/CĐ-TTg |",
			"<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>" + link("131/CĐ-TTg", "131-cd-ttg") + "</td>\n</tr>\n</tbody>\n</table>\n"},
		{"date is not a citation", "ngày 07/12/2022", "<p>ngày 07/12/2022</p>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &fakeLinker{skip: map[string]bool{"999/XX-YY": true}}
			if got := render(t, Options{}, tt.src, l); got != tt.want {
				t.Errorf("Render:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestNoLinkerNoLinks(t *testing.T) {
	got := render(t, Options{}, "Thông báo 364/TB-VPCP", nil)
	if got != "<p>Thông báo 364/TB-VPCP</p>\n" {
		t.Errorf("Render without a linker = %q", got)
	}
}

func TestHeadingShift(t *testing.T) {
	got := render(t, Options{}, "# Một\n\n## Hai\n\n### Ba\n\n##### Năm\n\n###### Sáu\n\nTiêu đề setext\n==============\n", nil)
	want := "<h2>Một</h2>\n<h3>Hai</h3>\n<h4>Ba</h4>\n<h6>Năm</h6>\n<h6>Sáu</h6>\n<h2>Tiêu đề setext</h2>\n"
	if got != want {
		t.Errorf("heading shift:\n got %q\nwant %q", got, want)
	}
}

func TestRawHTML(t *testing.T) {
	src := "Chữ <b>đậm</b> & <script>alert(1)</script>\n\n<div onclick=\"x()\">khối</div>\n"
	escaped := render(t, Options{}, src, nil)
	wantEscaped := "<p>Chữ &lt;b&gt;đậm&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;</p>\n" +
		"<pre class=\"raw-html\">&lt;div onclick=&quot;x()&quot;&gt;khối&lt;/div&gt;\n</pre>\n"
	if escaped != wantEscaped {
		t.Errorf("escaped:\n got %q\nwant %q", escaped, wantEscaped)
	}
	for _, bad := range []string{"<b>", "<script", "<div"} {
		if strings.Contains(escaped, bad) {
			t.Errorf("raw %s reached the output", bad)
		}
	}
	allowed := render(t, Options{AllowHTML: true}, src, nil)
	wantAllowed := "<p>Chữ <b>đậm</b> &amp; <script>alert(1)</script></p>\n<div onclick=\"x()\">khối</div>\n"
	if allowed != wantAllowed {
		t.Errorf("allowed:\n got %q\nwant %q", allowed, wantAllowed)
	}
}

func TestHasRawHTML(t *testing.T) {
	c := New(Options{})
	tests := []struct {
		src  string
		line int
		ok   bool
	}{
		{"Không có HTML.\n\n`<b>` trong mã.\n", 0, false},
		{"Dòng một.\n\nDòng <b>ba</b>.\n", 3, true},
		{"A\n\nB\n\n<div>\nx\n</div>\n", 5, true},
		{"```\n<b>\n```\n", 0, false},
	}
	for _, tt := range tests {
		line, ok := c.HasRawHTML([]byte(tt.src))
		if line != tt.line || ok != tt.ok {
			t.Errorf("HasRawHTML(%q) = %d, %v; want %d, %v", tt.src, line, ok, tt.line, tt.ok)
		}
	}
}

func TestPlainText(t *testing.T) {
	src := "# Tiêu đề\n\nĐoạn *một* với `mã` và [liên kết](https://x) và <https://a.example/b>.\nDòng sau.\n\n- mục 1\n- mục 2\n\n```\nkhối mã\n```\n\n<div>bỏ</div>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
	got := New(Options{}).PlainText([]byte(src))
	want := "Tiêu đề\nĐoạn một với mã và liên kết và https://a.example/b. Dòng sau.\nmục 1\nmục 2\nkhối mã\na\nb\n1\n2"
	if got != want {
		t.Errorf("PlainText:\n got %q\nwant %q", got, want)
	}
	if New(Options{}).PlainText(nil) != "" {
		t.Error("PlainText of nothing")
	}
}

// The converter is shared by every page of a build.
func TestConcurrentRender(t *testing.T) {
	c := New(Options{})
	src := []byte("Thông báo 364/TB-VPCP và Công văn 4588/UBND-VX.")
	want := render(t, Options{}, string(src), &fakeLinker{})
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			var b bytes.Buffer
			if err := c.Render(&b, src, &fakeLinker{}); err != nil || b.String() != want {
				t.Errorf("concurrent render = %q, %v", b.String(), err)
			}
		})
	}
	wg.Wait()
}

func TestGolden(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "sample.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file string
		opt  Options
	}{
		{"sample.golden.html", Options{}},
		{"sample.allow-html.golden.html", Options{AllowHTML: true}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			l := &fakeLinker{skip: map[string]bool{"999/XX-YY": true}}
			got := render(t, tc.opt, string(src), l)
			got += "<!-- plain text:\n" + New(tc.opt).PlainText(src) + "\n-->\n"
			golden := filepath.Join("testdata", tc.file)
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs (run go test ./generator/markdown -update and review the diff):\n%s", golden, got)
			}
		})
	}
}

func TestCitationAcrossLineBreak(t *testing.T) {
	src := "Thực hiện Quyết định số 416/QĐ-\nTTg ngày 02/4/2025 của Thủ tướng.\n\nKhông nối: 10/10\nhuyện.\n"
	var buf bytes.Buffer
	c := New(Options{})
	if err := c.Render(&buf, []byte(src), linkAll{}); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	if !strings.Contains(got, "<a href=\"/x/416/Q%C4%90-TTg\">416/QĐ-\nTTg</a>") {
		t.Errorf("split citation not linked whole:\n%s", got)
	}
	if !strings.Contains(got, "10/10\nhuyện") {
		t.Errorf("unrelated lines changed:\n%s", got)
	}
}

// linkAll links every citation to /x/NUMBER.
type linkAll struct{}

func (linkAll) LinkCitation(c cite.Citation) (string, string, bool) {
	return "/x/" + c.Number.Text, "", true
}
