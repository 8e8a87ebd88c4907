package render

import (
	"fmt"
	"html/template"
	"iter"
	"strconv"
	"strings"
	"unicode/utf8"

	"vanban/generator/index"
	"vanban/generator/model"
	"vanban/generator/resolve"
)

// DiagramCap is the most documents the diagram draws on each side (both
// steps together); the rest are counted ("và N văn bản khác"). A document
// under one neighbour shows at most diagramChildCap of its own neighbours.
const (
	DiagramCap      = 12
	diagramChildCap = 4
)

// diagramNode is one document in the diagram.
type diagramNode struct {
	Label    string // "Thông báo 364/TB-VPCP"
	Relation string // how it relates to its parent, seen from the node
	Date     model.Date
	Status   string // status label, or "chưa có trong kho"
	Code     string // status code, or "missing"
	Path     string // page path
	Sub      string // the second line, relation · date · status: see line
	Children []diagramNode
	More     int // neighbours left out under this node
}

// diagramSide is one side of the diagram: what the directive rests on, or
// what rests on it.
type diagramSide struct {
	Title string
	Nodes []diagramNode
	More  int // first-step documents left out
}

// Verbs of a relation, from the side of the document drawn: an outgoing
// link's target "được thực hiện" by its parent; an incoming link's source
// "thực hiện" its parent.
var (
	targetVerbs = map[model.RelationKind]string{
		model.Basis: "là căn cứ", model.Implements: "được thực hiện", model.Amends: "bị sửa đổi, bổ sung",
		model.Replaces: "bị thay thế", model.Repeals: "bị bãi bỏ", model.Corrects: "được đính chính", model.Cites: "được trích dẫn",
	}
	sourceVerbs = map[model.RelationKind]string{
		model.Basis: "căn cứ vào", model.Implements: "thực hiện", model.Amends: "sửa đổi, bổ sung",
		model.Replaces: "thay thế", model.Repeals: "bãi bỏ", model.Corrects: "đính chính", model.Cites: "trích dẫn",
	}
)

// Diagram draws the relation diagram ("lược đồ") of e: what it rests on
// (its declared relations and the citations in its text) and what rests on
// it (the directives that relate to or cite it), up to two steps, as static
// markup that needs no script: an inline SVG picture (role="img", named by
// its <title>, summarised by its <desc>) and, for keyboards, screen readers
// and narrow screens, the same tree as nested lists with links. Order is the
// graph's (declared relations, then citations in text order; citing
// directives newest first), so the output is deterministic. It returns ""
// when e has no related document.
func Diagram(g *resolve.Graph, e *index.Entry, s *Site) template.HTML {
	out := diagramSide{Title: "Văn bản này dựa trên"}
	in := diagramSide{Title: "Văn bản dựa trên văn bản này"}
	buildSide(&out, g, e, false)
	buildSide(&in, g, e, true)
	if len(out.Nodes) == 0 && len(in.Nodes) == 0 {
		return ""
	}
	self := EntryLabel(e)
	var b strings.Builder
	// About 450 bytes a document, picture and list together (7.6 KB for
	// the 17 of the average benchmark page): sized once instead of doubling
	// its way there.
	n := 2
	for _, side := range []diagramSide{out, in} {
		for _, node := range side.Nodes {
			n += 1 + len(node.Children)
		}
	}
	b.Grow(1024 + 512*n)
	b.WriteString(`<div class="diagram">` + "\n")
	drawSVG(&b, self, out, in)
	b.WriteString(`<details class="diagram-list"><summary>Lược đồ dạng danh sách</summary>` + "\n")
	for _, side := range []diagramSide{out, in} {
		if len(side.Nodes) == 0 {
			continue
		}
		fmt.Fprintf(&b, "<p>%s:</p>\n", esc(side.Title))
		writeList(&b, s, side.Nodes, side.More)
	}
	b.WriteString("</details>\n</div>")
	return template.HTML(b.String()) // #nosec: every text is escaped by esc
}

// buildSide fills one side with up to DiagramCap documents in two steps.
func buildSide(side *diagramSide, g *resolve.Graph, e *index.Entry, incoming bool) {
	seen := map[string]bool{e.ID: true}
	budget := DiagramCap
	var parents []*index.Entry
	for n := range neighbours(g, e, incoming) {
		if seen[n.id] {
			continue
		}
		seen[n.id] = true
		if budget == 0 {
			side.More++
			continue
		}
		budget--
		side.Nodes = append(side.Nodes, n.node(g, incoming))
		parents = append(parents, n.entry)
	}
	for i, p := range parents {
		if p == nil {
			continue // a missing document: nothing known beyond it
		}
		node := &side.Nodes[i]
		for n := range neighbours(g, p, incoming) {
			if seen[n.id] {
				continue
			}
			seen[n.id] = true
			if budget == 0 || len(node.Children) == diagramChildCap {
				node.More++
				continue
			}
			budget--
			node.Children = append(node.Children, n.node(g, incoming))
		}
	}
}

// neighbour is a related document; its node is made only when drawn, as a
// well-cited directive's neighbours are mostly counted, not drawn.
type neighbour struct {
	id    string
	entry *index.Entry // nil for a missing document
	link  *resolve.Link
}

// neighbours yields e's related documents on one side, in the graph's
// order. An iterator, not a slice: a much cited directive has thousands,
// which the diagram walks only to count those it does not draw.
func neighbours(g *resolve.Graph, e *index.Entry, incoming bool) iter.Seq[neighbour] {
	return func(yield func(neighbour) bool) {
		if incoming {
			for _, l := range g.In(e) {
				if !yield(neighbour{l.From.ID, l.From, l}) {
					return
				}
			}
			return
		}
		for _, l := range g.Out(e) {
			if l.To == nil && l.Missing == nil {
				continue // ambiguous or hidden: not drawn
			}
			if !yield(neighbour{l.TargetID(), l.To, l}) {
				return
			}
		}
	}
}

func (nb neighbour) node(g *resolve.Graph, incoming bool) diagramNode {
	l := nb.link
	var n diagramNode
	switch {
	case incoming:
		n = entryNode(g, l.From)
		n.Relation = sourceVerbs[l.Kind]
	case l.To != nil:
		n = entryNode(g, l.To)
		n.Relation = targetVerbs[l.Kind]
	default:
		n = diagramNode{Label: missingLabel(l.Missing), Date: l.Date, Status: "chưa có trong kho", Code: "missing", Path: l.Missing.Path()}
		if n.Date.IsZero() && len(l.Missing.Dates) > 0 {
			n.Date = l.Missing.Dates[0]
		}
		n.Relation = targetVerbs[l.Kind]
	}
	n.Sub = n.line()
	return n
}

func entryNode(g *resolve.Graph, e *index.Entry) diagramNode {
	st := g.Status(e).Code
	return diagramNode{Label: EntryLabel(e), Date: e.Doc.Date, Status: st.Label(), Code: string(st), Path: e.Path()}
}

// EntryLabel names a directive by type and number, or by its title when
// the number is unknown.
func EntryLabel(e *index.Entry) string {
	if e.Doc.Number.Known() {
		return e.Doc.Type.Name + " " + e.Doc.Number.Text
	}
	return e.Doc.Type.Name + ": " + truncate(e.Doc.Title, 60)
}

func missingLabel(m *resolve.Missing) string { return m.Type.Name + " " + m.Number.Text }

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// line is a node's second line: relation, date and status. It is drawn,
// described and listed, so it is computed once into Sub.
func (n diagramNode) line() string {
	s := ""
	if n.Relation != "" {
		s = n.Relation + " · "
	}
	if !n.Date.IsZero() {
		s += n.Date.Short() + " · "
	}
	return s + n.Status
}

// writeList writes nodes as a nested list with links.
func writeList(b *strings.Builder, s *Site, nodes []diagramNode, more int) {
	b.WriteString("<ul>\n")
	for _, n := range nodes {
		b.WriteString(`<li><a href="`)
		b.WriteString(esc(s.URL(n.Path)))
		b.WriteString(`">`)
		b.WriteString(esc(n.Label))
		b.WriteString(`</a> <span class="note">(`)
		b.WriteString(esc(n.Sub))
		b.WriteString(`)</span>`)
		if len(n.Children) > 0 || n.More > 0 {
			b.WriteString("\n")
			writeList(b, s, n.Children, n.More)
		}
		b.WriteString("</li>\n")
	}
	if more > 0 {
		fmt.Fprintf(b, "<li>và %d văn bản khác</li>\n", more)
	}
	b.WriteString("</ul>\n")
}

// Geometry of the picture, in SVG user units (CSS pixels at full size; the
// stylesheet scales the picture down to the column's width).
const (
	svgWidth  = 720
	rowHeight = 46 // a node box and the gap below it
	boxHeight = 38
	headRow   = 30 // a side's title
	trunkX    = 18 // the vertical line joining the directive to its neighbours
	step1X    = 36
	step2X    = 84
)

// Status inks, in the order their groups are written; each meets WCAG AA
// on white.
var inks = [...]string{"#1e6b32", "#8a4b00", "#a11a1a", "#4a4a4a"}

// svgText is one line of text at a point.
type svgText struct {
	x, y int
	s    string // escaped
}

// svgWriter collects the picture by kind of mark, so that each kind is
// written once with its presentation attributes on a group instead of on
// every element: the picture is on every directive page.
type svgWriter struct {
	y      int
	lines  []byte // connector path data, drawn under the boxes
	boxes  []byte // <use> of a node box
	titles []svgText
	labels []svgText
	subs   [len(inks)][]svgText // a node's second line, by status ink
	more   []svgText
	steps  [2]bool // a box of step 1, of step 2 is drawn
}

// drawSVG lays the picture out top to bottom: what the directive rests on,
// the directive, what rests on it.
func drawSVG(b *strings.Builder, self string, out, in diagramSide) {
	w := &svgWriter{y: 8}
	outTop, _ := w.side(out)
	selfTop := w.y
	w.y += rowHeight
	if outTop >= 0 {
		w.vline(trunkX, outTop, selfTop)
	}
	inTop, inBottom := w.side(in)
	if inTop >= 0 {
		w.vline(trunkX, selfTop+boxHeight, inBottom)
	}
	h, wd := strconv.Itoa(w.y), strconv.Itoa(svgWidth)
	title := "Lược đồ quan hệ của " + self
	// Inline in HTML the parser gives the svg its namespace, so no xmlns;
	// the text inherits the page's font and the stylesheet paints the
	// white background.
	b.WriteString(`<svg role="img" aria-labelledby="luoc-do-tieu-de luoc-do-mo-ta" width="` + wd + `" height="` + h + `" viewBox="0 0 ` + wd + ` ` + h + `">` + "\n")
	b.WriteString(`<title id="luoc-do-tieu-de">` + esc(title) + "</title>\n")
	b.WriteString(`<desc id="luoc-do-mo-ta">` + esc(describe(out, in)) + "</desc>\n")
	if len(w.lines) > 0 {
		b.WriteString(`<path d="`)
		b.Write(w.lines)
		b.WriteString(`" stroke="#8a8a8a" stroke-width="2"/>` + "\n")
	}
	// Node boxes: one rounded rectangle per step, placed by <use>.
	if len(w.boxes) > 0 {
		b.WriteString("<defs>")
		for i, x := range []int{step1X, step2X} {
			if w.steps[i] {
				b.WriteString(`<rect id="luoc-do-` + strconv.Itoa(i+1) + `" x="` + strconv.Itoa(x) + `" width="` + strconv.Itoa(svgWidth-x-4) + `" height="` + strconv.Itoa(boxHeight) + `" rx="4"/>`)
			}
		}
		b.WriteString("</defs>\n")
		b.WriteString(`<g fill="#fff" stroke="#6b6b6b">`)
		b.Write(w.boxes)
		b.WriteString("</g>\n")
	}
	st := strconv.Itoa(selfTop)
	b.WriteString(`<rect x="4" y="` + st + `" width="` + strconv.Itoa(svgWidth-8) + `" height="38" rx="6" fill="#e8f0fa" stroke="#0b5394" stroke-width="2"/>` + "\n")
	b.WriteString(`<g font-weight="700">`)
	b.WriteString(`<text x="26" y="` + strconv.Itoa(selfTop+24) + `" font-size="15" fill="#1a1a1a">` + esc(truncate(self, 80)) + "</text>")
	writeTexts(b, `<g font-size="14" fill="#4a4a4a">`, w.titles)
	b.WriteString("</g>\n")
	writeTexts(b, `<g font-size="14" font-weight="600" fill="#1a1a1a">`, w.labels)
	b.WriteString(`<g font-size="12">`)
	for i, ink := range inks {
		writeTexts(b, `<g fill="`+ink+`">`, w.subs[i])
	}
	b.WriteString("</g>\n")
	writeTexts(b, `<g font-size="13" font-style="italic" fill="#4a4a4a">`, w.more)
	b.WriteString("</svg>\n")
}

// writeTexts writes texts inside the group opened by open; nothing when
// there are none.
func writeTexts(b *strings.Builder, open string, ts []svgText) {
	if len(ts) == 0 {
		return
	}
	b.WriteString(open)
	for _, t := range ts {
		var num [20]byte
		b.WriteString(`<text x="`)
		b.Write(strconv.AppendInt(num[:0], int64(t.x), 10))
		b.WriteString(`" y="`)
		b.Write(strconv.AppendInt(num[:0], int64(t.y), 10))
		b.WriteString(`">`)
		b.WriteString(t.s)
		b.WriteString("</text>")
	}
	b.WriteString("</g>\n")
}

// side draws one side's title and nodes; it returns the centre line of the
// first and last first-step node (-1 when the side is empty), where the
// trunk starts and ends.
func (w *svgWriter) side(side diagramSide) (first, last int) {
	first, last = -1, -1
	if len(side.Nodes) == 0 {
		return
	}
	w.titles = append(w.titles, svgText{4, w.y + 18, esc(side.Title)})
	w.y += headRow
	for _, n := range side.Nodes {
		mid := w.y + boxHeight/2
		if first < 0 {
			first = mid
		}
		last = mid
		w.hline(trunkX, step1X, mid)
		w.node(n, step1X)
		childTop := w.y - rowHeight + boxHeight
		childLast := -1
		for _, c := range n.Children {
			cm := w.y + boxHeight/2
			childLast = cm
			w.hline(step1X+16, step2X, cm)
			w.node(c, step2X)
		}
		if n.More > 0 {
			cm := w.y + 12
			childLast = cm
			w.hline(step1X+16, step2X, cm)
			w.addMore(n.More, step2X)
		}
		if childLast >= 0 {
			w.vline(step1X+16, childTop, childLast)
		}
	}
	if side.More > 0 {
		last = w.y + 12
		w.hline(trunkX, step1X, last)
		w.addMore(side.More, step1X)
	}
	return first, last
}

func (w *svgWriter) node(n diagramNode, x int) {
	step := 0
	if x == step2X {
		step = 1
	}
	w.steps[step] = true
	id := strconv.Itoa(step + 1)
	w.boxes = append(w.boxes, `<use href="#luoc-do-`+id+`" y="`...)
	w.boxes = strconv.AppendInt(w.boxes, int64(w.y), 10)
	if n.Code == "missing" {
		w.boxes = append(w.boxes, `" stroke-dasharray="5 3`...)
	}
	w.boxes = append(w.boxes, `"/>`...)
	w.labels = append(w.labels, svgText{x + 8, w.y + 16, esc(truncate(n.Label, 72))})
	i := statusInk(n.Code)
	w.subs[i] = append(w.subs[i], svgText{x + 8, w.y + 31, esc(truncate(n.Sub, 90))})
	w.y += rowHeight
}

func (w *svgWriter) addMore(count, x int) {
	w.more = append(w.more, svgText{x + 8, w.y + 16, "và " + strconv.Itoa(count) + " văn bản khác"})
	w.y += 28
}

// statusInk is the index in inks of a status line's colour.
func statusInk(code string) int {
	switch resolve.StatusCode(code) {
	case resolve.InForce:
		return 0
	case resolve.Amended, resolve.NotYet:
		return 1
	case resolve.Replaced, resolve.Repealed, resolve.Expired:
		return 2
	}
	return 3
}

func (w *svgWriter) vline(x, y1, y2 int) {
	w.lines = w.move(x, y1)
	w.lines = append(w.lines, 'V')
	w.lines = strconv.AppendInt(w.lines, int64(y2), 10)
}

func (w *svgWriter) hline(x1, x2, y int) {
	w.lines = w.move(x1, y)
	w.lines = append(w.lines, 'h')
	w.lines = strconv.AppendInt(w.lines, int64(x2-x1), 10)
}

func (w *svgWriter) move(x, y int) []byte {
	l := append(w.lines, 'M')
	l = strconv.AppendInt(l, int64(x), 10)
	l = append(l, ' ')
	return strconv.AppendInt(l, int64(y), 10)
}

// describe is the text equivalent of the picture's first step.
func describe(out, in diagramSide) string {
	var parts []string
	for _, side := range []diagramSide{out, in} {
		if len(side.Nodes) == 0 {
			continue
		}
		var names []string
		for _, n := range side.Nodes {
			names = append(names, n.Label+" ("+n.Sub+")")
		}
		if side.More > 0 {
			names = append(names, fmt.Sprintf("và %d văn bản khác", side.More))
		}
		parts = append(parts, side.Title+": "+strings.Join(names, "; "))
	}
	return strings.Join(parts, ". ") + "."
}
