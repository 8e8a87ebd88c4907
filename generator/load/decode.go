package load

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"vanban/generator/diag"
	"vanban/generator/model"
	"vanban/generator/vn"
)

// decoder turns a front matter node tree into a model.Document, strictly:
// unknown keys, wrong types and impossible values are all reported, each at
// its own line and column, and decoding goes on to find the rest.
type decoder struct {
	file  string
	diags diag.List
	doc   *model.Document
}

func (d *decoder) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: d.file, Line: n.Line, Col: n.Column}
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.diags.Errorf(d.pos(n), format, args...)
}

type field struct {
	key    string
	decode func(d *decoder, key, val *yaml.Node)
}

// fields is the whole front matter schema; the model package doc describes
// it. It is built once and never changed.
var fields = buildFields()

func buildFields() []field {
	fs := []field{
		{"id", func(d *decoder, k, v *yaml.Node) { d.doc.ID = d.slugString(k, v) }},
		{"number", func(d *decoder, k, v *yaml.Node) { d.doc.Number = d.number(k, v) }},
		{"type", func(d *decoder, k, v *yaml.Node) {
			s := d.str(k, v)
			t, ok := model.TypeBySlug(s)
			if !ok && s != "" {
				d.errorf(v, "type: unknown document type %q (known: %s)", s, typeSlugs())
			}
			d.doc.Type = t
		}},
		{"title", func(d *decoder, k, v *yaml.Node) { d.doc.Title = d.str(k, v) }},
		{"issuer", func(d *decoder, k, v *yaml.Node) { d.doc.Issuer = d.str(k, v) }},
		{"issuer_parent", func(d *decoder, k, v *yaml.Node) { d.doc.Parent = d.str(k, v) }},
		{"province", func(d *decoder, k, v *yaml.Node) { d.doc.Province = d.slugString(k, v) }},
		{"date", func(d *decoder, k, v *yaml.Node) { d.doc.Date = d.date(k, v) }},
		{"place", func(d *decoder, k, v *yaml.Node) { d.doc.Place = d.str(k, v) }},
		{"published", func(d *decoder, k, v *yaml.Node) {
			if s := d.str(k, v); s != "" {
				t, err := model.ParseTime(s)
				if err != nil {
					d.errorf(v, "published: %v", err)
				}
				d.doc.Published = t
			}
		}},
		{"effective", func(d *decoder, k, v *yaml.Node) { d.doc.Effective = d.date(k, v) }},
		{"expires", func(d *decoder, k, v *yaml.Node) { d.doc.Expires = d.date(k, v) }},
		{"signer", func(d *decoder, k, v *yaml.Node) {
			s := &d.doc.Signer
			s.Pos = d.pos(k)
			d.mapping(k, v, []field{
				{"authority", func(d *decoder, k, v *yaml.Node) { s.Authority = d.str(k, v) }},
				{"title", func(d *decoder, k, v *yaml.Node) { s.Title = d.str(k, v) }},
				{"name", func(d *decoder, k, v *yaml.Node) { s.Name = d.str(k, v) }},
			})
		}},
		{"addressees", func(d *decoder, k, v *yaml.Node) { d.doc.Addressees = d.strings(k, v) }},
		{"distribution", func(d *decoder, k, v *yaml.Node) { d.doc.Distribution = d.strings(k, v) }},
		{"source", func(d *decoder, k, v *yaml.Node) {
			s := &d.doc.Source
			d.mapping(k, v, []field{
				{"url", func(d *decoder, k, v *yaml.Node) { s.URL = d.str(k, v) }},
				{"file", func(d *decoder, k, v *yaml.Node) { s.File = d.str(k, v) }},
				{"kind", func(d *decoder, k, v *yaml.Node) {
					s.Kind = d.str(k, v)
					if !slices.Contains([]string{model.FullText, model.NewsReport, model.Summary}, s.Kind) {
						d.errorf(v, "source.kind: %q is not one of full-text, news-report, summary", s.Kind)
					}
				}},
				{"note", func(d *decoder, k, v *yaml.Node) { s.Note = d.str(k, v) }},
			})
		}},
		{"topics", func(d *decoder, k, v *yaml.Node) { d.doc.Topics = d.strings(k, v) }},
		{"edition", func(d *decoder, k, v *yaml.Node) {
			e := &d.doc.Edition
			e.Pos = d.pos(k)
			hasNumber := false
			d.mapping(k, v, []field{
				{"number", func(d *decoder, k, v *yaml.Node) {
					hasNumber = true
					n, err := strconv.Atoi(d.str(k, v))
					if err != nil || n < 1 {
						d.errorf(v, "edition.number: want a whole number from 1, got %q", v.Value)
					}
					e.Number = n
				}},
				{"date", func(d *decoder, k, v *yaml.Node) { e.Date = d.date(k, v) }},
				{"note", func(d *decoder, k, v *yaml.Node) { e.Note = d.str(k, v) }},
			})
			if !hasNumber && v.Kind == yaml.MappingNode {
				d.errorf(k, "edition: needs a number (1 for the original)")
			}
		}},
		{"draft", func(d *decoder, k, v *yaml.Node) {
			if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
				d.errorf(v, "draft: want true or false, got %q", v.Value)
				return
			}
			d.doc.Draft = v.Value == "true"
		}},
		{"notes", func(d *decoder, k, v *yaml.Node) { d.doc.Notes = d.str(k, v) }},
	}
	for _, kind := range model.RelationKinds() {
		fs = append(fs, field{string(kind), func(d *decoder, k, v *yaml.Node) { d.relations(kind, k, v) }})
	}
	return fs
}

func typeSlugs() string {
	var s []string
	for _, t := range model.DocTypes() {
		s = append(s, t.Slug)
	}
	return strings.Join(s, ", ")
}

func keyNames(fs []field) string {
	var s []string
	for _, f := range fs {
		s = append(s, f.key)
	}
	return strings.Join(s, ", ")
}

// mapping decodes a mapping node against a schema, reporting unknown and
// repeated keys.
func (d *decoder) mapping(key, n *yaml.Node, schema []field) {
	if n.Kind != yaml.MappingNode {
		name := "front matter"
		if key != nil {
			name = key.Value
		}
		d.errorf(n, "%s: want a mapping of %s", name, keyNames(schema))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := k.Value
		if seen[name] {
			d.errorf(k, "key %q is given twice", name)
			continue
		}
		seen[name] = true
		idx := slices.IndexFunc(schema, func(f field) bool { return f.key == name })
		if idx < 0 {
			prefix := ""
			if key != nil {
				prefix = key.Value + "."
			}
			d.errorf(k, "unknown key %q%s (known keys: %s)", prefix+name, suggest(name, schema), keyNames(schema))
			continue
		}
		// Nested keys are recorded as "signer.authority" so later stages
		// can point at the exact line; the first occurrence wins.
		full := name
		if key != nil {
			full = key.Value + "." + name
		}
		if !d.doc.Has(full) {
			d.doc.Keys = append(d.doc.Keys, model.KeyPos{Key: full, Line: int32(k.Line), Col: int32(k.Column)})
		}
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			continue // "key:" with nothing after it means unknown
		}
		schema[idx].decode(d, k, v)
	}
}

// suggest proposes a known key close to a mistyped one: at most two edits
// (a swap of neighbours is one), and no more than one edit per three letters,
// so "titel" suggests "title" but "page" does not suggest "date".
func suggest(name string, schema []field) string {
	best, bestDist := "", 3
	for _, f := range schema {
		if dist := editDistance(name, f.key); dist < bestDist && dist*3 <= len([]rune(name)) {
			best, bestDist = f.key, dist
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of adjacent letters each cost one.
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}

func (d *decoder) str(key, n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, "%s: want text, got %s", key.Value, kindName(n))
		return ""
	}
	return strings.TrimSpace(normalize(n.Value))
}

func (d *decoder) slugString(key, n *yaml.Node) string {
	s := d.str(key, n)
	if s != "" && vn.Slug(s) != s {
		d.errorf(n, "%s: %q is not a slug (lower-case ASCII letters, digits and hyphens); did you mean %q?", key.Value, s, vn.Slug(s))
	}
	return s
}

func (d *decoder) strings(key, n *yaml.Node) []string {
	if n.Kind == yaml.ScalarNode {
		return []string{d.str(key, n)}
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "%s: want a list of text, got %s", key.Value, kindName(n))
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for _, e := range n.Content {
		out = append(out, d.str(key, e))
	}
	return out
}

func (d *decoder) date(key, n *yaml.Node) model.Date {
	s := d.str(key, n)
	s = strings.TrimSuffix(strings.TrimSuffix(s, "T00:00:00Z"), "T00:00:00+07:00") // TOML local dates
	t, err := model.ParseDate(s)
	if err != nil {
		d.errorf(n, "%s: %v", key.Value, err)
	}
	return t
}

func (d *decoder) number(key, n *yaml.Node) model.Number {
	s := d.str(key, n)
	if s == "" {
		return model.Number{}
	}
	num, ok := model.ParseNumber(s)
	if !ok {
		d.errorf(n, "%s: %q is not a number and symbol such as 4588/UBND-VX, 30/2020/NĐ-CP or 25-CT/TW (write /UBND-VX when the number was left blank)", key.Value, s)
	}
	return num
}

// relations reads a list of references: "364/TB-VPCP" or {number, date,
// issuer, note}.
func (d *decoder) relations(kind model.RelationKind, key, n *yaml.Node) {
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	for _, it := range items {
		ref := model.Ref{Kind: kind, Pos: d.pos(it)}
		before := len(d.diags)
		switch it.Kind {
		case yaml.ScalarNode:
			ref.Number = d.number(key, it)
		case yaml.MappingNode:
			d.mapping(key, it, []field{
				{"number", func(d *decoder, k, v *yaml.Node) { ref.Number = d.number(k, v) }},
				{"date", func(d *decoder, k, v *yaml.Node) { ref.Date = d.date(k, v) }},
				{"issuer", func(d *decoder, k, v *yaml.Node) { ref.Issuer = d.str(k, v) }},
				{"note", func(d *decoder, k, v *yaml.Node) { ref.Note = d.str(k, v) }},
			})
			if ref.Number.Text == "" {
				d.errorf(it, "%s: each entry needs a number", key.Value)
			}
		default:
			d.errorf(it, "%s: want a number or {number, date, issuer, note}, got %s", key.Value, kindName(it))
			continue
		}
		if ref.Number.Text != "" && !ref.Number.Known() && len(d.diags) == before {
			d.errorf(it, "%s: %q has no number; a relation must name a document", key.Value, ref.Number.Text)
		}
		d.doc.Relations = append(d.doc.Relations, ref)
	}
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	return fmt.Sprintf("%q", n.Value)
}
