// Package load is the first stage: it walks the content tree in lexical
// order, splits each Markdown file into front matter and body, decodes the
// front matter strictly (unknown keys, wrong types and impossible dates are
// errors at file:line:col, lines counted from the top of the file), and
// groups edition files into directives.
package load

import (
	"bytes"
	"cmp"
	"context"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode/utf8"
	"unsafe"

	"gopkg.in/yaml.v3"

	"vanban/generator/cite"
	"vanban/generator/diag"
	"vanban/generator/model"
	"vanban/generator/vn"
)

// Result is what the load stage hands on: directives in lexical order of
// their first file, and every problem found.
type Result struct {
	Directives []*model.Directive
	Diags      diag.List
}

// Load reads every *.md file under fsys. Files whose name starts with "." or
// "_" are skipped, as are README.md files, so notes can live beside content.
// Files are parsed on every core; the result does not depend on which
// finishes first.
func Load(ctx context.Context, fsys fs.FS) (*Result, error) {
	res, _, err := LoadCached(ctx, fsys, nil)
	return res, err
}

// ParseFile decodes one directive file. The document is nil when the front
// matter cannot be read at all.
func ParseFile(name string, data []byte) (*model.Document, diag.List) {
	return parseFile(name, data, false)
}

// parseFile is ParseFile; when owned, data is never changed again, so the
// body can share its bytes instead of being copied.
func parseFile(name string, data []byte, owned bool) (*model.Document, diag.List) {
	var diags diag.List
	lastOdd, valid := scanText(data)
	if !valid {
		line, col, _ := invalidUTF8(data)
		diags.Errorf(diag.Pos{File: name, Line: line, Col: col}, "the file is not UTF-8 text; save it as UTF-8")
		return nil, diags
	}
	if bytes.HasPrefix(data, []byte("\ufeff")) {
		data, lastOdd = data[3:], lastOdd-3
	}
	rm, err := splitFrontMatter(data)
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
	if root.Kind != 0 { // zero: nothing between the delimiters
		d.mapping(nil, root, fields)
	}
	top := diag.Pos{File: name, Line: rm.delim, Col: 1}
	// A key that is present but wrong has been reported where it is.
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
	switch bodyAt := len(data) - len(rm.body); {
	case lastOdd >= bodyAt:
		doc.Body = vn.Normalize(string(rm.body))
	case owned && len(rm.body) > 0:
		doc.Body = unsafe.String(&rm.body[0], len(rm.body)) // already normal; data is never written again
	default:
		doc.Body = string(rm.body)
	}
	doc.BodyLine = rm.bodyLine
	// The citations are part of the parse: a cached parse then serves the
	// resolver without the file being read again.
	doc.Mentions = cite.Mentions(doc.Body, doc.Number, doc.BodyLine)
	if strings.TrimSpace(doc.Body) == "" {
		d.diags.Warnf(diag.Pos{File: name, Line: rm.bodyLine}, "the body is empty: the page will show only the front matter")
	}
	return doc, d.diags
}

// invalidUTF8 finds the line and column (in bytes, 1-based) of the first
// byte that is not UTF-8.
func invalidUTF8(b []byte) (line, col int, bad bool) {
	if utf8.Valid(b) {
		return 0, 0, false
	}
	line, start := 1, 0
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return line, i - start + 1, true
		}
		if b[i] == '\n' {
			line, start = line+1, i+1
		}
		i += size
	}
	return line, 1, true // unreachable: utf8.Valid said there is one
}

// shift moves node positions from front-matter-relative to file lines.
func shift(n *yaml.Node, by int) {
	if n == nil || n.Line == 0 {
		return
	}
	n.Line += by
	for _, c := range n.Content {
		shift(c, by)
	}
}

// group collects edition files into directives. Files in one folder that
// carry an edition block form one directive; any other file is a directive
// of its own.
func group(docs []*model.Document, diags *diag.List) []*model.Directive {
	var out []*model.Directive
	byDir := map[string]*model.Directive{}
	for _, doc := range docs {
		if doc == nil {
			continue
		}
		if !doc.Has("edition") {
			out = append(out, &model.Directive{Editions: []*model.Document{doc}})
			continue
		}
		dir := path.Dir(doc.File)
		if d, ok := byDir[dir]; ok {
			d.Editions = append(d.Editions, doc)
			continue
		}
		d := &model.Directive{Editions: []*model.Document{doc}}
		byDir[dir] = d
		out = append(out, d)
	}
	for _, d := range out {
		if len(d.Editions) < 2 {
			continue
		}
		slices.SortStableFunc(d.Editions, func(a, b *model.Document) int { return cmp.Compare(a.Edition.Number, b.Edition.Number) })
		for i := 1; i < len(d.Editions); i++ {
			prev, e := d.Editions[i-1], d.Editions[i]
			if e.Edition.Number == prev.Edition.Number {
				diags.Errorf(e.PosOf("edition"), "edition %d is also declared in %s", e.Edition.Number, prev.File)
			}
			if first := d.Editions[0]; e.Number.Known() && first.Number.Known() && e.Number.Key() != first.Number.Key() {
				diags.Warnf(e.PosOf("number"), "edition %d is numbered %s but %s (edition %d, same folder) is %s: a folder holds the editions of one directive", e.Edition.Number, e.Number.Text, first.File, first.Edition.Number, first.Number.Text)
			}
			if !e.Edition.Date.IsZero() && e.Edition.Date.Compare(prev.Edition.Date) < 0 {
				diags.Errorf(e.PosOf("edition"), "edition %d is dated %s, before edition %d (%s)", e.Edition.Number, e.Edition.Date, prev.Edition.Number, prev.Edition.Date)
			}
		}
	}
	return out
}
