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
	"github.com/adrg/frontmatter"
	"gopkg.in/yaml.v3"
)

// rawMatter is the front matter as a YAML node tree plus where it starts in
// the file, so every later message can point at a line of the file.
type rawMatter struct {
	node     *yaml.Node
	line     int // file line of the first front matter line (1-based)
	bodyLine int // file line where the body starts
	body     []byte
	err      error // syntax error, already positioned
	errLine  int
}

var yamlLineRe = regexp.MustCompile(`line (\d+)`)

// splitFrontMatter separates front matter from body with adrg/frontmatter,
// decoding YAML (and JSON, a subset of YAML) into yaml.v3 nodes that keep
// positions; TOML is decoded and mapped onto nodes by key lines.
func splitFrontMatter(data []byte) (*rawMatter, error) {
	rm := &rawMatter{}
	delimLine := firstNonBlankLine(data)
	rm.line = delimLine + 1
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
		n, err := tomlNode(b, rm.line)
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
		first := lineAt(data, delimLine)
		for _, f := range formats {
			if first == f.Start {
				return nil, fmt.Errorf("front matter opened with %q at line %d is never closed (add a %q line after it)", f.Start, delimLine, f.End)
			}
		}
		return nil, errors.New("no front matter: a directive file starts with a \"---\" line, its fields, and another \"---\" line")
	}
	if err != nil {
		return nil, err
	}
	if rm.node == nil && rm.err == nil {
		return nil, errors.New("empty front matter")
	}
	if strings.TrimSpace(lineAt(data, delimLine)) == "{" {
		rm.line = delimLine // JSON keeps its braces
	}
	rm.body = body
	rm.bodyLine = 1 + bytes.Count(data[:len(data)-len(body)], []byte("\n"))
	return rm, nil
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
	for i, l := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(l)) > 0 {
			return i + 1
		}
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
// gives no positions, so each key is placed on the first line that assigns it.
func tomlNode(b []byte, firstLine int) (*yaml.Node, error) {
	var m map[string]any
	if _, err := toml.Decode(string(b), &m); err != nil {
		return nil, err
	}
	keyLine := map[string]int{}
	for i, l := range strings.Split(string(b), "\n") {
		k, _, ok := strings.Cut(strings.TrimSpace(l), "=")
		k = strings.Trim(strings.TrimSpace(k), `[]"`)
		if ok || strings.HasPrefix(strings.TrimSpace(l), "[") {
			if _, seen := keyLine[k]; !seen {
				keyLine[k] = firstLine + i
			}
		}
	}
	return &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{toNode(m, keyLine, firstLine)}}, nil
}

func toNode(v any, keyLine map[string]int, line int) *yaml.Node {
	switch x := v.(type) {
	case map[string]any:
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: line, Column: 1}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			return keyLine[keys[i]] < keyLine[keys[j]] || keyLine[keys[i]] == keyLine[keys[j]] && keys[i] < keys[j]
		})
		for _, k := range keys {
			l := keyLine[k]
			if l == 0 {
				l = line
			}
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k, Line: l, Column: 1}, toNode(x[k], keyLine, l))
		}
		return n
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: line, Column: 1}
		for _, e := range x {
			n.Content = append(n.Content, toNode(e, keyLine, line))
		}
		return n
	case []map[string]any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: line, Column: 1}
		for _, e := range x {
			n.Content = append(n.Content, toNode(e, keyLine, line))
		}
		return n
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(x), Line: line, Column: 1}
	case int64:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(x, 10), Line: line, Column: 1}
	case interface{ Format(string) string }: // time.Time
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: x.Format("2006-01-02T15:04:05Z07:00"), Line: line, Column: 1}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: fmt.Sprint(v), Line: line, Column: 1}
}
