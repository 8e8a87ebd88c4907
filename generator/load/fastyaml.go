package load

import (
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// fastYAML decodes front matter that keeps to the YAML directive files
// use — block mappings with simple keys, block sequences (also at the
// indentation of their key), single-line plain and quoted scalars,
// comments — into the nodes yaml.v3 would give, at the same lines and
// columns. Tags are exact as far as the decoder looks (!!null, !!bool);
// other scalars are "!!str". Anything else, or anything yaml.v3 might read
// differently or reject, makes it return nil, and yaml.v3 decodes the
// front matter: most of the cost of yaml.v3 is its general machinery
// (a token queue, events, a node tree built from them), and this subset is
// a few comparisons per line.
func fastYAML(b []byte) *yaml.Node {
	// Scalars are cut from src and cloned (see scalar): keys, indentation
	// and comments are not kept alive with the values a document keeps.
	p := fastParser{src: string(b)}
	if !p.split() || len(p.lines) == 0 {
		return nil
	}
	p.nodes = make([]yaml.Node, 0, 2*len(p.lines)+4)
	p.ptrs = make([]*yaml.Node, 0, cap(p.nodes))
	root, ok := p.mapping(p.lines[0].indent)
	if !ok || p.i != len(p.lines) {
		return nil
	}
	return &yaml.Node{Kind: yaml.DocumentNode, Line: 1, Column: 1, Content: []*yaml.Node{root}}
}

type fastParser struct {
	src   string
	lines []fastLine
	i     int          // the line being read
	nodes []yaml.Node  // allocated in one block; never grown past its capacity
	ptrs  []*yaml.Node // the Content of every collection, likewise
	stack []*yaml.Node // children of the collections being read
}

// content moves the children pushed since start into the collection's
// Content.
func (p *fastParser) content(start int) []*yaml.Node {
	kids := p.stack[start:]
	var c []*yaml.Node
	if len(p.ptrs)+len(kids) <= cap(p.ptrs) {
		c = p.ptrs[len(p.ptrs) : len(p.ptrs)+len(kids) : len(p.ptrs)+len(kids)]
		p.ptrs = p.ptrs[:len(p.ptrs)+len(kids)]
	} else {
		c = make([]*yaml.Node, len(kids))
	}
	copy(c, kids)
	p.stack = p.stack[:start]
	return c
}

// fastLine is a line holding something: no blank or comment lines.
type fastLine struct {
	num    int    // 1-based, within the front matter
	indent int    // spaces before text; the column of text is indent+1
	text   string // from the first non-space byte to the end of the line
}

// split cuts the source into lines and rejects what the subset leaves to
// yaml.v3: tabs, carriage returns and other control characters, the
// characters YAML counts as line breaks besides "\n", and those it refuses.
func (p *fastParser) split() bool {
	s := p.src
	p.lines = make([]fastLine, 0, strings.Count(s, "\n")+1)
	for num := 1; len(s) > 0; num++ {
		line, rest, _ := strings.Cut(s, "\n")
		s = rest
		for i := 0; i < len(line); {
			c := line[i]
			if c < utf8.RuneSelf {
				if c < 0x20 || c == 0x7f {
					return false
				}
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(line[i:])
			if r < 0xa0 || r == 0x2028 || r == 0x2029 || r == 0xfeff || r >= 0xfffe && r <= 0xffff || r == utf8.RuneError {
				return false
			}
			i += size
		}
		text := strings.TrimLeft(line, " ")
		if text == "" || text[0] == '#' {
			continue
		}
		p.lines = append(p.lines, fastLine{num: num, indent: len(line) - len(text), text: text})
	}
	return true
}

// node returns a new node of the kind given, at line and col.
func (p *fastParser) node(kind yaml.Kind, tag, value string, line, col int) *yaml.Node {
	var n *yaml.Node
	if len(p.nodes) < cap(p.nodes) {
		p.nodes = p.nodes[:len(p.nodes)+1]
		n = &p.nodes[len(p.nodes)-1]
	} else {
		n = new(yaml.Node)
	}
	n.Kind, n.Tag, n.Value, n.Line, n.Column = kind, tag, value, line, col
	return n
}

// mapping reads a block mapping whose keys are at indent.
func (p *fastParser) mapping(indent int) (*yaml.Node, bool) {
	first := p.lines[p.i]
	m := p.node(yaml.MappingNode, "!!map", "", first.num, indent+1)
	start := len(p.stack)
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.indent < indent {
			break
		}
		key, rest, ok := cutKey(l.text)
		if l.indent > indent || !ok {
			return nil, false
		}
		p.stack = append(p.stack, p.node(yaml.ScalarNode, "!!str", key, l.num, indent+1))
		valCol := indent + len(l.text) - len(rest) + 1
		p.i++
		if rest != "" && rest[0] != '#' {
			v, ok := p.scalar(rest, l.num, valCol)
			if !ok || p.i < len(p.lines) && p.lines[p.i].indent > indent {
				return nil, false // a scalar continued on the next line, or worse
			}
			p.stack = append(p.stack, v)
			continue
		}
		var v *yaml.Node
		switch next := p.nextLine(); {
		case next != nil && next.indent > indent && isItem(next.text):
			v, ok = p.sequence(next.indent)
		case next != nil && next.indent > indent:
			v, ok = p.mapping(next.indent)
		case next != nil && next.indent == indent && isItem(next.text):
			v, ok = p.sequence(indent)
		default: // nothing: null, where the colon ends
			v = p.node(yaml.ScalarNode, "!!null", "", l.num, indent+len(key)+2)
		}
		if !ok {
			return nil, false
		}
		p.stack = append(p.stack, v)
	}
	m.Content = p.content(start)
	return m, true
}

// sequence reads a block sequence whose dashes are at indent.
func (p *fastParser) sequence(indent int) (*yaml.Node, bool) {
	first := p.lines[p.i]
	s := p.node(yaml.SequenceNode, "!!seq", "", first.num, indent+1)
	start := len(p.stack)
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.indent < indent || l.indent == indent && !isItem(l.text) {
			break // the next key of the mapping around
		}
		if l.indent > indent || len(l.text) < 3 || l.text[1] != ' ' {
			return nil, false // a bare "-": an empty or nested item
		}
		rest := strings.TrimLeft(l.text[2:], " ")
		col := indent + len(l.text) - len(rest) // 0-based column of rest
		if rest == "" || rest[0] == '#' || isItem(rest) {
			return nil, false
		}
		if _, _, isKey := cutKey(rest); isKey {
			// "- key: value" opens a mapping at the key's column.
			p.lines[p.i] = fastLine{num: l.num, indent: col, text: rest}
			m, ok := p.mapping(col)
			if !ok {
				return nil, false
			}
			p.stack = append(p.stack, m)
			continue
		}
		v, ok := p.scalar(rest, l.num, col+1)
		p.i++
		if !ok || p.i < len(p.lines) && p.lines[p.i].indent > indent {
			return nil, false
		}
		p.stack = append(p.stack, v)
	}
	s.Content = p.content(start)
	return s, true
}

func (p *fastParser) nextLine() *fastLine {
	if p.i < len(p.lines) {
		return &p.lines[p.i]
	}
	return nil
}

// isItem reports whether a line's text is a sequence entry.
func isItem(text string) bool {
	return text == "-" || strings.HasPrefix(text, "- ")
}

// cutKey splits "key: rest" or "key:", for a key of ASCII letters, digits,
// "_" and "-" that starts with a letter or "_". rest has no leading spaces.
func cutKey(text string) (key, rest string, ok bool) {
	i := 0
	for ; i < len(text) && i <= 64; i++ {
		c := text[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || i > 0 && ('0' <= c && c <= '9' || c == '-')) {
			break
		}
	}
	if i == 0 || i > 64 || i == len(text) || text[i] != ':' {
		return "", "", false
	}
	rest = text[i+1:]
	if rest != "" && rest[0] != ' ' {
		return "", "", false
	}
	return text[:i], strings.TrimLeft(rest, " "), true
}

// scalar reads a single-line scalar that starts text (which has no leading
// spaces) at line and column col.
func (p *fastParser) scalar(text string, line, col int) (*yaml.Node, bool) {
	var value, tail string
	switch text[0] {
	case '"':
		// Only the escapes \" \\ and \/ stand for themselves; others are
		// left to yaml.v3, as are strings over more lines.
		var b strings.Builder
		i := 1
		for {
			j := strings.IndexAny(text[i:], "\"\\")
			if j < 0 {
				return nil, false
			}
			if text[i+j] == '"' {
				if b.Len() == 0 {
					value = strings.Clone(text[i : i+j])
				} else {
					b.WriteString(text[i : i+j])
					value = b.String()
				}
				tail = text[i+j+1:]
				break
			}
			if i+j+1 >= len(text) || strings.IndexByte("\"\\/", text[i+j+1]) < 0 {
				return nil, false
			}
			b.WriteString(text[i : i+j])
			b.WriteByte(text[i+j+1])
			i += j + 2
		}
	case '\'':
		var b strings.Builder
		i := 1
		for {
			j := strings.IndexByte(text[i:], '\'')
			if j < 0 {
				return nil, false
			}
			if i+j+1 < len(text) && text[i+j+1] == '\'' {
				b.WriteString(text[i : i+j+1])
				i += j + 2
				continue
			}
			if b.Len() == 0 {
				value = strings.Clone(text[i : i+j])
			} else {
				b.WriteString(text[i : i+j])
				value = b.String()
			}
			tail = text[i+j+1:]
			break
		}
	default:
		if strings.IndexByte("-?:,[]{}#&*!|>'\"%@`", text[0]) >= 0 {
			return nil, false
		}
		v := strings.TrimRight(text, " ")
		if strings.Contains(v, " #") || strings.Contains(v, ": ") || v[len(v)-1] == ':' {
			return nil, false
		}
		tag := "!!str"
		switch v {
		case "~", "null", "Null", "NULL":
			tag = "!!null"
		case "true", "True", "TRUE", "false", "False", "FALSE":
			tag = "!!bool"
		}
		if tag == "!!str" {
			v = strings.Clone(v)
		}
		return p.node(yaml.ScalarNode, tag, v, line, col), true
	}
	// After a quoted scalar: spaces, then nothing or a comment.
	if t := strings.TrimLeft(tail, " "); t != "" && (t[0] != '#' || len(t) == len(tail)) {
		return nil, false
	}
	return p.node(yaml.ScalarNode, "!!str", value, line, col), true
}
