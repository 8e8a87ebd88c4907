package load

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

// rawMatter is the front matter as a YAML node tree plus where it starts in
// the file, so every later message can point at a line of the file.
type rawMatter struct {
	node     *yaml.Node
	delim    int // file line of the opening delimiter (1-based)
	line     int // file line of the first front matter line (1-based)
	bodyLine int // file line where the body starts
	body     []byte
	err      error // syntax error, already positioned
	errLine  int
}

var yamlLineRe = regexp.MustCompile(`line (\d+)`)

// fmFormat is a front matter format as adrg/frontmatter knows it.
type fmFormat struct {
	start, end string
	toml       bool // else YAML (JSON is a subset)
	delims     bool // the delimiters are part of the front matter (JSON's braces)
	newLine    bool // the end delimiter must be followed by a blank line
}

// fmFormats are the formats splitFrontMatter accepts, in the order tried.
var fmFormats = [...]fmFormat{
	{start: "---", end: "---"},
	{start: "---yaml", end: "---"},
	{start: "+++", end: "+++", toml: true},
	{start: "---toml", end: "---", toml: true},
	{start: ";;;", end: ";;;"},
	{start: "---json", end: "---"},
	{start: "{", end: "}", delims: true, newLine: true},
}

// splitFrontMatter separates front matter from body exactly as
// adrg/frontmatter.MustParse does with the formats above, decoding YAML
// (and JSON, a subset of YAML) into yaml.v3 nodes that keep positions; TOML
// is decoded and mapped onto nodes by key lines. It works on data in place:
// adrg copies the file into a buffer line by line, which cost more than
// decoding the YAML.
func splitFrontMatter(data []byte) (*rawMatter, error) {
	f, start, read, end, delimLine := findFrontMatter(data)
	if f == nil {
		delimLine := firstNonBlankLine(data)
		first := lineAt(data, delimLine)
		if first == "{" {
			return nil, errors.New("JSON front matter opened with \"{\" at line " + strconv.Itoa(delimLine) + " is never closed (end it with a line holding only \"}\", followed by a blank line)")
		}
		for _, f := range fmFormats {
			if first == f.start {
				return nil, fmt.Errorf("front matter opened with %q at line %d is never closed (add a %q line after it)", f.start, delimLine, f.end)
			}
		}
		return nil, errors.New("no front matter: a directive file starts with a \"---\" line, its fields, and another \"---\" line")
	}
	rm := &rawMatter{delim: delimLine, line: delimLine + 1}
	if f.delims {
		rm.line = delimLine // JSON keeps its braces
	}
	b := data[start:read]
	if f.toml {
		n, err := tomlNode(b, 1) // lines relative to the front matter, like YAML's
		if err != nil {
			rm.err, rm.errLine = err, rm.line-1+yamlErrLine(err)
		} else {
			rm.node = n
		}
	} else if n := fastYAML(b); n != nil {
		rm.node = n
	} else {
		var n yaml.Node
		if err := yaml.Unmarshal(b, &n); err != nil {
			rm.err, rm.errLine = err, rm.line-1+yamlErrLine(err)
		} else {
			rm.node = &n
		}
	}
	if rm.node == nil && rm.err == nil {
		rm.node = &yaml.Node{} // nothing between the delimiters: every required key is missing
	}
	rm.body = data[end:]
	rm.bodyLine = 1 + bytes.Count(data[:end], []byte("\n"))
	return rm, nil
}

// findFrontMatter is adrg/frontmatter's parser on a byte slice: the
// first non-blank line must be a start delimiter; the front matter runs to
// the first line that is the end delimiter (for JSON, one followed by a
// blank line). It returns the format (nil when there is no complete front
// matter), the front matter as data[start:read], where the body starts, and
// the file line of the start delimiter. Lines are compared trimmed, and a
// last line without a newline never opens front matter.
func findFrontMatter(data []byte) (f *fmFormat, start, read, end, delimLine int) {
	pos := 0
	nextLine := func() (l []byte, eof bool) {
		i := bytes.IndexByte(data[pos:], '\n')
		if i < 0 {
			l, pos = data[pos:], len(data)
			return bytes.TrimSpace(l), true
		}
		l, pos = data[pos:pos+i+1], pos+i+1
		return bytes.TrimSpace(l), false
	}
	for delimLine = 1; ; delimLine++ {
		before := pos
		l, eof := nextLine()
		if eof {
			return nil, 0, 0, 0, 0
		}
		if len(l) == 0 {
			continue
		}
		for i := range fmFormats {
			if string(l) == fmFormats[i].start {
				f, start = &fmFormats[i], pos
				if f.delims {
					start = before
				}
				break
			}
		}
		if f == nil {
			return nil, 0, 0, 0, 0
		}
		break
	}
	for {
		read = pos
		l, eof := nextLine()
	check:
		if string(l) != f.end {
			if eof {
				return nil, 0, 0, 0, 0
			}
			continue
		}
		if f.newLine {
			if l, eof = nextLine(); len(l) != 0 {
				goto check
			}
		}
		if f.delims {
			read = pos
		}
		return f, start, read, pos, delimLine
	}
}

func yamlErrLine(err error) int {
	if m := yamlLineRe.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 1
}

// firstNonBlankLine returns the 1-based number of the first non-blank line.
func firstNonBlankLine(data []byte) int {
	for n := 1; len(data) > 0; n++ {
		l, rest, _ := bytes.Cut(data, []byte("\n"))
		if len(bytes.TrimSpace(l)) > 0 {
			return n
		}
		data = rest
	}
	return 1
}

func lineAt(data []byte, n int) string {
	lines := bytes.SplitN(data, []byte("\n"), n+1)
	if n-1 < len(lines) {
		return string(bytes.TrimSpace(lines[n-1]))
	}
	return ""
}

// tomlNode decodes TOML and rebuilds it as a YAML node tree. TOML's decoder
// gives no positions, so each key is placed where the first line that
// assigns it (under its table header) says: "signer.name" is the "name ="
// line after "[signer]", "basis[1].number" the one after the second
// "[[basis]]". Lines count from firstLine.
func tomlNode(b []byte, firstLine int) (*yaml.Node, error) {
	var m map[string]any
	if _, err := toml.Decode(string(b), &m); err != nil {
		return nil, err
	}
	at := map[string]tomlPos{}
	mark := func(path string, p tomlPos) {
		if _, seen := at[path]; !seen {
			at[path] = p
		}
	}
	prefix := ""
	arrays := map[string]int{}
	for i, l := range strings.Split(string(b), "\n") {
		line := firstLine + i
		t := strings.TrimSpace(l)
		indent := len(l) - len(strings.TrimLeft(l, " \t"))
		switch {
		case strings.HasPrefix(t, "[["):
			name := strings.Trim(strings.TrimSpace(strings.Trim(t, "[]")), `"`)
			mark(name, tomlPos{line, indent + 1, indent + 1})
			prefix = name + "[" + strconv.Itoa(arrays[name]) + "]"
			arrays[name]++
			mark(prefix, tomlPos{line, indent + 1, indent + 1})
		case strings.HasPrefix(t, "["):
			prefix = strings.Trim(strings.TrimSpace(strings.Trim(t, "[]")), `"`)
			mark(prefix, tomlPos{line, indent + 1, indent + 1})
		default:
			k, v, ok := strings.Cut(t, "=")
			if !ok || strings.HasPrefix(t, "#") {
				continue
			}
			k = strings.Trim(strings.TrimSpace(k), `"`)
			valCol := indent + 1 + len(t) - len(strings.TrimLeft(v, " \t"))
			if prefix != "" {
				k = prefix + "." + k
			}
			mark(k, tomlPos{line, indent + 1, valCol})
		}
	}
	root := toNode(m, at, "", tomlPos{firstLine, 1, 1})
	return &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}, nil
}

// tomlPos is where a TOML key and its value start.
type tomlPos struct{ line, keyCol, valCol int }

func toNode(v any, at map[string]tomlPos, path string, pos tomlPos) *yaml.Node {
	line := pos.line
	switch x := v.(type) {
	case map[string]any:
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: line, Column: pos.valCol}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		child := func(k string) string {
			if path == "" {
				return k
			}
			return path + "." + k
		}
		posOf := func(k string) tomlPos {
			if p, ok := at[child(k)]; ok {
				return p
			}
			return tomlPos{line, pos.valCol, pos.valCol}
		}
		sort.Slice(keys, func(i, j int) bool {
			a, b := posOf(keys[i]), posOf(keys[j])
			return a.line < b.line || a.line == b.line && keys[i] < keys[j]
		})
		for _, k := range keys {
			p := posOf(k)
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k, Line: p.line, Column: p.keyCol}, toNode(x[k], at, child(k), p))
		}
		return n
	case []map[string]any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: line, Column: pos.valCol}
		for i, e := range x {
			ep := path + "[" + strconv.Itoa(i) + "]"
			p, ok := at[ep]
			if !ok {
				p = pos
			}
			n.Content = append(n.Content, toNode(e, at, ep, p))
		}
		return n
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: line, Column: pos.valCol}
		for i, e := range x {
			n.Content = append(n.Content, toNode(e, at, path+"["+strconv.Itoa(i)+"]", pos))
		}
		return n
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(x), Line: line, Column: pos.valCol}
	case int64:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(x, 10), Line: line, Column: pos.valCol}
	case interface{ Format(string) string }: // time.Time
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: x.Format("2006-01-02T15:04:05Z07:00"), Line: line, Column: pos.valCol}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: fmt.Sprint(v), Line: line, Column: pos.valCol}
}
