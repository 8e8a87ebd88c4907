// Package markdown is the only package that imports goldmark. It builds one
// converter, extends it through goldmark's AST and extension API (citations
// become links by an AST transformer; body headings move one level down under
// the page title), and keeps raw HTML from content escaped and visible unless
// the site allows it, so nothing an author wrote is silently dropped.
package markdown

import (
	"bytes"
	"io"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"vanban/generator/cite"
)

// Linker turns a citation into a link target. ok is false when the citation
// must stay plain text (unresolved, ambiguous, or hidden).
type Linker interface {
	LinkCitation(c cite.Citation) (href, title string, ok bool)
}

// Options configure the converter.
type Options struct {
	AllowHTML bool // render raw HTML from content as HTML (trusted sites only)
}

// Converter renders directive bodies. It is safe for concurrent use.
type Converter struct {
	md goldmark.Markdown
}

var linkerKey = parser.NewContextKey()

// New builds the converter once; reuse it for every document.
func New(opt Options) *Converter {
	rendererOpts := []renderer.Option{}
	if opt.AllowHTML {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	} else {
		rendererOpts = append(rendererOpts, renderer.WithNodeRenderers(util.Prioritized(escapedHTML{}, 100)))
	}
	md := goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough),
		goldmark.WithParserOptions(parser.WithASTTransformers(
			util.Prioritized(headingShift{}, 100),
			util.Prioritized(citationLinks{}, 200),
		)),
		goldmark.WithRendererOptions(rendererOpts...),
	)
	return &Converter{md: md}
}

// Render converts src to HTML on w, linking the citations l resolves.
func (c *Converter) Render(w io.Writer, src []byte, l Linker) error {
	ctx := parser.NewContext()
	if l != nil {
		ctx.Set(linkerKey, l)
	}
	// goldmark wraps any other writer in a new 4 KB bufio.Writer and
	// copies through it: a buffer or a builder takes the output directly,
	// grown once to about its final size.
	switch b := w.(type) {
	case *bytes.Buffer:
		b.Grow(len(src) + len(src)/4)
		w = bufferWriter{b}
	case *strings.Builder:
		b.Grow(len(src) + len(src)/4)
		w = builderWriter{b}
	}
	return c.md.Convert(src, w, parser.WithContext(ctx))
}

// bufferWriter is a bytes.Buffer as goldmark's util.BufWriter: nothing is
// ever buffered apart from the buffer itself.
type bufferWriter struct{ *bytes.Buffer }

func (bufferWriter) Buffered() int { return 0 }
func (bufferWriter) Flush() error  { return nil }

// builderWriter is a strings.Builder as goldmark's util.BufWriter, for
// output kept as a string: String does not copy it.
type builderWriter struct{ *strings.Builder }

func (w builderWriter) Available() int { return w.Cap() - w.Len() }
func (builderWriter) Buffered() int    { return 0 }
func (builderWriter) Flush() error     { return nil }

// Both must stay util.BufWriters, or goldmark would wrap them after all.
var (
	_ util.BufWriter = bufferWriter{}
	_ util.BufWriter = builderWriter{}
)

// PlainText returns the text of src without markup, for search data and
// feed summaries: one line per block (paragraph, heading, list item, table
// cell, code block line), never an empty line. Raw HTML is left out.
func (c *Converter) PlainText(src []byte) string {
	doc := c.md.Parser().Parse(text.NewReader(src))
	var b strings.Builder
	newline := func() {
		if s := b.String(); s != "" && !strings.HasSuffix(s, "\n") {
			b.WriteByte('\n')
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock {
				newline()
			}
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				if l := strings.TrimSpace(string(src[lines.At(i).Start:lines.At(i).Stop])); l != "" {
					b.WriteString(l)
					newline()
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			b.Write(t.Label(src))
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for ch := t.FirstChild(); ch != nil; ch = ch.NextSibling() {
				if tx, ok := ch.(*ast.Text); ok {
					b.Write(tx.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// headingShift moves body headings one level down: the page title is the
// only h1 on a directive page.
type headingShift struct{}

func (headingShift) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering && h.Level < 6 {
			h.Level++
		}
		return ast.WalkContinue, nil
	})
}

// citationLinks turns each resolved citation in plain text into a link to
// the cited directive. Text inside links, code and headings is left alone.
type citationLinks struct{}

func (citationLinks) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	l, _ := pc.Get(linkerKey).(Linker)
	if l == nil {
		return
	}
	src := reader.Source()
	var texts []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindLink, ast.KindAutoLink, ast.KindCodeSpan, ast.KindCodeBlock, ast.KindFencedCodeBlock, ast.KindHeading, ast.KindImage, ast.KindRawHTML, ast.KindHTMLBlock:
			return ast.WalkSkipChildren, nil
		case ast.KindText:
			texts = append(texts, n.(*ast.Text))
		}
		return ast.WalkContinue, nil
	})
	texts = joinSplitCitations(texts, src)
	for _, t := range texts {
		linkText(t, src, l)
	}
}

// joinSplitCitations merges a text node with the next line of the same
// paragraph when a citation runs across the soft line break ("416/QĐ-" then
// "TTg"), so the whole number can become one link. The merged node keeps the
// line break inside its text, which renders the same as a soft break.
func joinSplitCitations(texts []*ast.Text, src []byte) []*ast.Text {
	out := texts[:0]
	for i := 0; i < len(texts); i++ {
		t := texts[i]
		for i+1 < len(texts) {
			n := texts[i+1]
			if !t.SoftLineBreak() || t.NextSibling() != ast.Node(n) || !onlyLineBreak(src[t.Segment.Stop:n.Segment.Start]) || !spansBreak(t, n, src) {
				break
			}
			t.Segment = text.NewSegment(t.Segment.Start, n.Segment.Stop)
			t.SetSoftLineBreak(n.SoftLineBreak())
			t.SetHardLineBreak(n.HardLineBreak())
			t.Parent().RemoveChild(t.Parent(), n)
			i++
		}
		out = append(out, t)
	}
	return out
}

// onlyLineBreak reports whether gap is white space holding one line break.
func onlyLineBreak(gap []byte) bool {
	return bytes.Count(gap, []byte("\n")) == 1 && len(bytes.TrimSpace(gap)) == 0
}

// spansBreak reports whether a citation found in the two lines together
// starts in the first and ends in the second.
func spansBreak(t, n *ast.Text, src []byte) bool {
	first := t.Segment.Value(src)
	if len(first) > 80 {
		first = first[len(first)-80:]
	}
	second := n.Segment.Value(src)
	if len(second) > 80 {
		second = second[:80]
	}
	joined := string(first) + "\n" + string(second)
	for _, c := range cite.Find(joined) {
		if c.NumStart < len(first) && c.NumEnd > len(first) {
			return true
		}
	}
	return false
}

func linkText(t *ast.Text, src []byte, l Linker) {
	seg := t.Segment
	raw := seg.Value(src)
	if !bytes.ContainsAny(raw, "/-") { // no number here: most text, no copy
		return
	}
	value := string(raw)
	parent := t.Parent()
	pos := 0 // offset in value already emitted before t
	for _, c := range cite.Find(value) {
		href, title, ok := l.LinkCitation(c)
		if !ok || c.NumStart < pos {
			continue
		}
		if c.NumStart > pos {
			parent.InsertBefore(parent, t, ast.NewTextSegment(text.NewSegment(seg.Start+pos, seg.Start+c.NumStart)))
		}
		link := ast.NewLink()
		link.Destination = []byte(href)
		if title != "" {
			link.Title = []byte(title)
		}
		link.AppendChild(link, ast.NewTextSegment(text.NewSegment(seg.Start+c.NumStart, seg.Start+c.NumEnd)))
		parent.InsertBefore(parent, t, link)
		pos = c.NumEnd
	}
	if pos > 0 {
		t.Segment = text.NewSegment(seg.Start+pos, seg.Stop)
	}
}

// escapedHTML renders raw HTML from content as visible, escaped text.
type escapedHTML struct{}

func (escapedHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			segs := n.(*ast.RawHTML).Segments
			for i := 0; i < segs.Len(); i++ {
				s := segs.At(i)
				_, _ = w.Write(util.EscapeHTML(s.Value(src)))
			}
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		b := n.(*ast.HTMLBlock)
		var buf bytes.Buffer
		for i := 0; i < b.Lines().Len(); i++ {
			s := b.Lines().At(i)
			buf.Write(s.Value(src))
		}
		if b.HasClosure() {
			buf.Write(b.ClosureLine.Value(src))
		}
		_, _ = w.WriteString("<pre class=\"raw-html\">")
		_, _ = w.Write(util.EscapeHTML(buf.Bytes()))
		_, _ = w.WriteString("</pre>\n")
		return ast.WalkSkipChildren, nil
	})
}

// HasRawHTML reports whether src holds raw HTML, so the build can warn that
// it is shown as text.
func (c *Converter) HasRawHTML(src []byte) (line int, found bool) {
	doc := c.md.Parser().Parse(text.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || found {
			return ast.WalkContinue, nil
		}
		var start int
		switch x := n.(type) {
		case *ast.RawHTML:
			if x.Segments.Len() == 0 {
				return ast.WalkContinue, nil
			}
			start = x.Segments.At(0).Start
		case *ast.HTMLBlock:
			if x.Lines().Len() == 0 {
				return ast.WalkContinue, nil
			}
			start = x.Lines().At(0).Start
		default:
			return ast.WalkContinue, nil
		}
		found, line = true, 1+bytes.Count(src[:start], []byte("\n"))
		return ast.WalkStop, nil
	})
	return line, found
}
