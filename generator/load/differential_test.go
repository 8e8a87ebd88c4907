package load

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/adrg/frontmatter"
	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"

	"vanban/generator/cite"
	"vanban/generator/diag"
	"vanban/generator/model"
	"vanban/generator/vn"
)

// The load stage parses front matter its own way for speed: it splits the
// file itself instead of through adrg/frontmatter, decodes the common YAML
// subset without yaml.v3, and skips normalizing text that is normal. These
// tests hold it to the straightforward way on every file at hand and on
// fuzzed input: the same documents and the same diagnostics, positions and
// all.

// benchArchive is the ready-made 10,000-directive archive of bench/run.sh,
// read when it exists (except with -short).
const benchArchive = "/tmp/vanban-bench/10000/content"

// refParseFile is ParseFile the straightforward way.
func refParseFile(name string, data []byte) (*model.Document, diag.List) {
	var diags diag.List
	if line, col, bad := invalidUTF8(data); bad {
		diags.Errorf(diag.Pos{File: name, Line: line, Col: col}, "the file is not UTF-8 text; save it as UTF-8")
		return nil, diags
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	rm, err := refSplit(data)
	if err != nil {
		diags.Errorf(diag.Pos{File: name, Line: firstNonBlankLine(data), Col: 1}, "%v", err)
		return nil, diags
	}
	if rm.err != nil {
		diags.Errorf(diag.Pos{File: name, Line: rm.errLine}, "front matter: %s", strings.TrimPrefix(yamlLineRe.ReplaceAllString(rm.err.Error(), "line $1 of the front matter"), "yaml: "))
		return nil, diags
	}
	doc := &model.Document{File: name}
	d := &decoder{file: name, doc: doc}
	root := rm.node
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	shift(root, rm.line-1)
	if root.Kind != 0 {
		d.mapping(nil, root, fields)
	}
	top := diag.Pos{File: name, Line: rm.delim, Col: 1}
	if !doc.Has("type") && doc.Type.Slug == "" {
		d.diags.Errorf(top, "missing key \"type\" (one of %s)", typeSlugs())
	}
	if !doc.Has("title") && doc.Title == "" {
		d.diags.Errorf(top, "missing key \"title\" (the trích yếu)")
	}
	if doc.Source.Kind == "" {
		doc.Source.Kind = model.FullText
	}
	if doc.Edition.Number == 0 {
		doc.Edition.Number = 1
	}
	doc.Body = vn.Normalize(string(rm.body))
	doc.BodyLine = rm.bodyLine
	doc.Mentions = refMentions(doc)
	if strings.TrimSpace(doc.Body) == "" {
		d.diags.Warnf(diag.Pos{File: name, Line: rm.bodyLine}, "the body is empty: the page will show only the front matter")
	}
	return doc, d.diags
}

// refMentions is what the resolver computed from a body before mentions
// were part of a parse: the citations without the document's own number,
// each at the file position of its start, with the sentence around it.
func refMentions(doc *model.Document) []model.Mention {
	var out []model.Mention
	for _, c := range cite.Exclude(cite.Find(doc.Body), doc.Number) {
		before := doc.Body[:c.Start]
		start := c.Start
		for start > 0 && !strings.ContainsRune(".;\n", rune(doc.Body[start-1])) {
			start--
		}
		end := c.End
		for end < len(doc.Body) && !strings.ContainsRune(".;\n", rune(doc.Body[end])) {
			end++
		}
		ctx := strings.Join(strings.Fields(strings.NewReplacer("**", "", "*", "", "__", "").Replace(doc.Body[start:end])), " ")
		if r := []rune(ctx); len(r) > 320 {
			ctx = string(r[:320]) + "…"
		}
		out = append(out, model.Mention{
			Number: c.Number, Date: c.Date, Issuer: c.Issuer, Kind: c.Kind,
			Line: doc.BodyLine + strings.Count(before, "\n"), Col: c.Start - strings.LastIndexByte(before, '\n'),
			Context: ctx,
		})
	}
	return out
}

// refSplit is splitFrontMatter through adrg/frontmatter and yaml.v3.
func refSplit(data []byte) (*rawMatter, error) {
	rm := &rawMatter{}
	delimLine := firstNonBlankLine(data)
	rm.delim, rm.line = delimLine, delimLine+1
	yamlFn := func(b []byte, _ any) error {
		var n yaml.Node
		if err := yaml.Unmarshal(b, &n); err != nil {
			rm.err, rm.errLine = err, rm.line-1+yamlErrLine(err)
			return nil
		}
		rm.node = &n
		return nil
	}
	tomlFn := func(b []byte, _ any) error {
		n, err := tomlNode(b, 1)
		if err != nil {
			rm.err, rm.errLine = err, rm.line-1+yamlErrLine(err)
			return nil
		}
		rm.node = n
		return nil
	}
	jsonObj := frontmatter.NewFormat("{", "}", yamlFn)
	jsonObj.UnmarshalDelims, jsonObj.RequiresNewLine = true, true
	formats := []*frontmatter.Format{
		frontmatter.NewFormat("---", "---", yamlFn),
		frontmatter.NewFormat("---yaml", "---", yamlFn),
		frontmatter.NewFormat("+++", "+++", tomlFn),
		frontmatter.NewFormat("---toml", "---", tomlFn),
		frontmatter.NewFormat(";;;", ";;;", yamlFn),
		frontmatter.NewFormat("---json", "---", yamlFn),
		jsonObj,
	}
	body, err := frontmatter.MustParse(bytes.NewReader(data), nil, formats...)
	if errors.Is(err, frontmatter.ErrNotFound) {
		return splitFrontMatter(data) // for its messages; that it found nothing is checked
	}
	if err != nil {
		return nil, err
	}
	if rm.node == nil && rm.err == nil {
		rm.node = &yaml.Node{}
	}
	if strings.TrimSpace(lineAt(data, delimLine)) == "{" {
		rm.line = delimLine
	}
	rm.body = body
	rm.bodyLine = 1 + bytes.Count(data[:len(data)-len(body)], []byte("\n"))
	return rm, nil
}

// corpus is every directive file at hand: the repository's content, the
// benchmark archive when it exists, and the sources of the tests here.
func corpus(t testing.TB) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, root := range []string{"../../content", "../site/testdata", benchArchive} {
		if _, err := os.Stat(root); err != nil || root == benchArchive && testing.Short() {
			continue
		}
		err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || !strings.HasSuffix(p, ".md") {
				return err
			}
			data, err := os.ReadFile(p)
			out[p] = data
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for name, f := range cacheFS(t) {
		out["cacheFS/"+name] = f.Data
	}
	for i, src := range seedSources() {
		out["seed/"+string(rune('a'+i%26))+strings.Repeat("_", i/26)] = []byte(src)
	}
	return out
}

// seedSources are the inputs of the ParseFile tests and the odd cases of
// the fast paths.
func seedSources() []string {
	s := []string{
		"---\na: 1\n---\n", "---\n---\n", "---\n# only a comment\n---\nx\n",
		"---\ntitle: x # comment\ntype: cong-van\n---\nB\n",
		"---\ntitle: \"a \\\"q\\\" b\"\ntype: cong-van\n---\nB\n",
		"---\ntitle: 'it''s'\ntype: cong-van\n---\nB\n",
		"---\ntitle: a: b\n---\nB\n", "---\ntitle: a\n  b\n---\nB\n",
		"---\ntitle:\n  a\n---\nB\n", "---\ntopics:\n- a\n-\n- c\n---\nB\n",
		"---\ntopics:\n  - a\n  -   b\n---\nB\n", "---\nbasis:\n  - number: 1/TB-X\n    date: 2020-01-01\n  - 2/TB-X\n---\nB\n",
		"---\nbasis:\n- number: 1/TB-X\n  date: 2020-01-01\n- 2/TB-X\n---\nB\n",
		"---\nsigner:\n    name: A\n  title: B\n---\nB\n", "---\nsigner:\n  name: A\n   title: B\n---\nB\n",
		"---\ntitle: x\t\n---\nB\n", "---\r\ntitle: x\r\n---\r\nB\r\n", "---\ntitle: &a x\ntype: *a\n---\nB\n",
		"---\ndraft: true\ndraft: True\ndraft: yes\ntitle: ~\ntype: null\n---\nB\n", "---\ntitle: \"\"\ntype: ''\n---\nB\n",
		"---\ntitle: [a, b]\n---\nB\n", "---\ntitle: {a: b}\n---\nB\n", "---\ntitle: a, b [c] {d}\n---\nB\n",
		"---\ntitle: https://x.vn/a?b=c#d\n---\nB\n", "---\ntitle: a#b\n---\nB\n", "---\ntitle: -x\n---\nB\n",
		"---\ntitle: \"x\" y\n---\nB\n", "---\ntitle: \"x\n---\nB\n", "---\n  title: x\n  type: cong-van\n---\nB\n",
		"---\ntitle: x\n ---\nB\n", "---\ntitle: x\n---", "---\ntitle: x\n--- \nB", "\n\n---\ntitle: Ðiện\n---\nÐây\n",
		"---\ntitle: \"Tha\u0302n\"\n---\nTha\u0302n\n", "---\ntitle: x\u00a0\n---\nB\n", "---\ntitle: \u0085x\n---\nB\n",
		"---\ntitle: x\u2028y\n---\nB\n", "---\ntitle: \ufeffx\n---\nB\n", "---\ntitle: x\x7f\n---\nB\n",
		"---\nedition:\ntitle: x\n---\nB\n", "---\nedition:\n\n  number: 2\n---\nB\n", "---\nedition: \n  number: 2\n---\nB\n",
		"---\n? a\n: b\n---\nB\n", "---\ntitle: !!str 1\n---\nB\n", "---\ntitle: |\n  a\n---\nB\n", "---\ntitle: >-\n  a\n---\nB\n",
		"---\n\"title\": x\n---\nB\n", "---\ntitle : x\n---\nB\n", "---\ntitle:x\n---\nB\n", "---\n- a\n- b\n---\nB\n",
		"---\ntopics:\n- - a\n---\nB\n", "---\ntopics:\n - a\n---\nB\n", "---\nsigner:\n  name:\n  - a\n---\nB\n",
		"---\ntitle: x\n...\n---\nB\n", "---\n%YAML 1.2\ntitle: x\n---\nB\n", "---\ntitle: '\n---\nB\n",
		"---\ntitle: 'a'b\n---\nB\n", "---\ntitle: \"a\" # c\n---\nB\n", "---\ntitle: \"a\"# c\n---\nB\n",
		"---\ntitle: x:\n---\nB\n", "---\ntitle: 12\ntype: 1.5\nid: 0x1f\n---\nB\n", "---\nsigner: {}\n---\nB\n",
		"---\nrelations:\n  - number: x\n    - y\n---\nB\n", "---\nbasis:\n  - number: 1/TB-X\n  date: x\n---\nB\n",
		"---\nk:\n  - a\n  b: c\n---\nB\n", "---\nk:\n- a\nb: c\n---\nB\n", "---\nk: a\n- b\n---\nB\n",
		"---yaml\ntitle: x\n---\nB\n", ";;;\ntitle: x\n;;;\nB\n", "---json\n{\"title\": \"x\"}\n---\nB\n",
	}
	return s
}

func TestParseFileMatchesReference(t *testing.T) {
	for name, data := range corpus(t) {
		for _, owned := range []bool{false, true} {
			in := bytes.Clone(data)
			doc, diags := parseFile(name, in, owned)
			wantDoc, wantDiags := refParseFile(name, data)
			if !reflect.DeepEqual(doc, wantDoc) || !reflect.DeepEqual(diags, wantDiags) {
				t.Errorf("%s (owned %v): differs from the reference\n got: %+v\n     %s\nwant: %+v\n     %s", name, owned, doc, diags.Error(), wantDoc, wantDiags.Error())
			}
		}
	}
}

func FuzzParseFile(f *testing.F) {
	for _, src := range seedSources() {
		f.Add([]byte(src))
	}
	for _, tt := range cacheFS(f) {
		if len(tt.Data) < 4000 {
			f.Add(tt.Data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, diags := parseFile("f.md", bytes.Clone(data), true)
		wantDoc, wantDiags := refParseFile("f.md", data)
		if !reflect.DeepEqual(doc, wantDoc) || !reflect.DeepEqual(diags, wantDiags) {
			t.Errorf("%q: differs from the reference\n got: %+v\n     %s\nwant: %+v\n     %s", data, doc, diags.Error(), wantDoc, wantDiags.Error())
		}
	})
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"", "abc", "Điện Biên", "Ðiện", "Tha\u0302n", "\u212b", "\ufeff", "\xff", "ệ\u0301", "ༀ", "ｶ\uff9e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := normalize(s), vn.Normalize(s); got != want {
			t.Errorf("normalize(%q) = %q, vn.Normalize gives %q", s, got, want)
		}
		lastOdd, valid := scanText([]byte(s))
		if valid != utf8.ValidString(s) {
			t.Fatalf("scanText(%q) valid = %v", s, valid)
		}
		if valid && vn.Normalize(s[lastOdd+1:]) != s[lastOdd+1:] && lastOdd+1 < len(s) {
			t.Errorf("scanText(%q): the text after %d is not normal", s, lastOdd)
		}
	})
}

// Every rune the bitmap calls safe is left alone by vn.Normalize in any
// company: after a letter, repeated, before and after combining marks'
// bases.
func TestNFCSafe(t *testing.T) {
	safe := nfcSafe()
	n := 0
	for r := rune(0x80); r < nfcSafeLimit; r++ {
		if safe[r/64]&(1<<(r%64)) == 0 {
			continue
		}
		n++
		s := string(r)
		if p := norm.NFC.PropertiesString(s); r == 'Ð' || r == 'ð' || p.CCC() != 0 || p.LeadCCC() != 0 || !p.BoundaryBefore() || norm.NFC.String(s) != s {
			t.Errorf("U+%04X is marked safe but is not: NFC class %d, lead class %d, boundary before %v, NFC %q", r, p.CCC(), p.LeadCCC(), p.BoundaryBefore(), norm.NFC.String(s))
		}
		for _, ctx := range []string{s, "a" + s, s + s + s, "e" + s + "a", strings.Repeat(s, 40), "ư" + s, s + "ơ"} {
			if vn.Normalize(ctx) != ctx {
				t.Errorf("U+%04X is marked safe but vn.Normalize changes %q", r, ctx)
			}
		}
	}
	for _, r := range "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹăâđêôơưĂÂĐÊÔƠƯáàãéèíìóòõúùýÁÀÃÉÈÍÌÓÒÕÚÙÝ–—“”‘’…" {
		if safe[r/64]&(1<<(r%64)) == 0 {
			t.Errorf("%q (U+%04X) is not marked safe: Vietnamese text would always be normalized", r, r)
		}
	}
	if safe['Ð'/64]&(1<<('Ð'%64)) != 0 || safe[0x301/64]&(1<<(0x301%64)) != 0 {
		t.Error("Ð or a combining mark marked safe")
	}
	t.Logf("%d safe runes", n)
}

// findFrontMatter agrees with adrg/frontmatter on where the front matter
// and the body are.
func TestFindFrontMatterMatchesAdrg(t *testing.T) {
	check := func(t *testing.T, name string, data []byte) {
		var chunk []byte
		var which string
		var formats []*frontmatter.Format
		for _, f := range fmFormats {
			ff := frontmatter.NewFormat(f.start, f.end, func(b []byte, _ any) error { chunk, which = bytes.Clone(b), f.start; return nil })
			ff.UnmarshalDelims, ff.RequiresNewLine = f.delims, f.newLine
			formats = append(formats, ff)
		}
		body, err := frontmatter.MustParse(bytes.NewReader(data), nil, formats...)
		f, start, read, end, delimLine := findFrontMatter(data)
		if err != nil {
			if f != nil {
				t.Errorf("%s: found %q front matter, adrg says %v", name, f.start, err)
			}
			return
		}
		if f == nil {
			t.Errorf("%s: found no front matter, adrg found %q", name, which)
			return
		}
		if f.start != which || !bytes.Equal(data[start:read], chunk) || !bytes.Equal(data[end:], body) || delimLine != firstNonBlankLine(data) {
			t.Errorf("%s: %q %q %q line %d; adrg: %q %q %q line %d", name, f.start, data[start:read], data[end:], delimLine, which, chunk, body, firstNonBlankLine(data))
		}
	}
	for name, data := range corpus(t) {
		check(t, name, data)
	}
	for i, s := range []string{"", "\n", "---", "---\n---", "---\n---\n", " --- \n a \n --- ", "{\n}\n", "{\n}\nx\n}\n\n", "{\n}", "{\n}\n\n", "\r\n+++\r\n+++\r\n", "\u00a0---\n---\n", "---\n---json\n---\n"} {
		check(t, "case "+string(rune('a'+i)), []byte(s))
	}
}

// sameNodes compares what the decoder reads of two node trees: kinds,
// values, positions, and tags as far as null and bool.
func sameNodes(a, b *yaml.Node) bool {
	tagClass := func(n *yaml.Node) string {
		switch n.Tag {
		case "!!null", "!!bool", "!!map", "!!seq":
			return n.Tag
		}
		return ""
	}
	if a.Kind != b.Kind || a.Value != b.Value || a.Line != b.Line || a.Column != b.Column || tagClass(a) != tagClass(b) || len(a.Content) != len(b.Content) {
		return false
	}
	for i := range a.Content {
		if !sameNodes(a.Content[i], b.Content[i]) {
			return false
		}
	}
	return true
}

func dumpNode(n *yaml.Node, depth int, sb *strings.Builder) {
	fmt.Fprintf(sb, "%s%d %s %q %d:%d\n", strings.Repeat("  ", depth), n.Kind, n.Tag, n.Value, n.Line, n.Column)
	for _, c := range n.Content {
		dumpNode(c, depth+1, sb)
	}
}

// checkFastYAML compares fastYAML with yaml.v3 on one front matter and
// reports whether the fast path took it.
func checkFastYAML(t *testing.T, name string, b []byte) bool {
	got := fastYAML(b)
	if got == nil {
		return false
	}
	var want yaml.Node
	if err := yaml.Unmarshal(b, &want); err != nil {
		t.Errorf("%s: fast path decoded %q, yaml.v3 says %v", name, b, err)
		return true
	}
	if want.Kind != yaml.DocumentNode || len(want.Content) != 1 || !sameNodes(got.Content[0], want.Content[0]) {
		var g, w strings.Builder
		dumpNode(got, 0, &g)
		dumpNode(&want, 0, &w)
		t.Errorf("%s: %q\nfast path:\n%s\nyaml.v3:\n%s", name, b, g.String(), w.String())
	}
	return true
}

func TestFastYAMLMatchesYAMLv3(t *testing.T) {
	fast, all := 0, 0
	for name, data := range corpus(t) {
		f, start, read, _, _ := findFrontMatter(bytes.TrimPrefix(data, []byte("\ufeff")))
		if f == nil || f.toml {
			continue
		}
		took := checkFastYAML(t, name, bytes.TrimPrefix(data, []byte("\ufeff"))[start:read])
		if !took && !strings.HasPrefix(name, "seed/") {
			t.Logf("yaml.v3: %s", name)
		}
		if !strings.HasPrefix(name, "seed/") { // the seeds are mostly what it leaves to yaml.v3
			all++
			if took {
				fast++
			}
		}
	}
	t.Logf("fast path took %d of %d YAML front matters", fast, all)
	if fast < all*9/10 {
		t.Errorf("fast path took only %d of %d YAML front matters", fast, all)
	}
}

func FuzzFastYAML(f *testing.F) {
	for _, src := range seedSources() {
		if fm, start, read, _, _ := findFrontMatter([]byte(src)); fm != nil {
			f.Add([]byte(src)[start:read])
		}
	}
	f.Add([]byte("a:\n- x\n-   y\nc: 'it''s'\nd:  \ne: x\n"))
	f.Add([]byte("l:\n  - k: v\n    j: w\n  - z\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if utf8.Valid(b) {
			checkFastYAML(t, "fuzz", b)
		}
	})
}
