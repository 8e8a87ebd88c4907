package render

import (
	"html/template"

	"vanban/generator/index"
	"vanban/generator/resolve"
)

// Diagram draws the relation diagram ("lược đồ") of e: what it rests on and
// what rests on it, up to two steps, as static markup that needs no script.
func Diagram(g *resolve.Graph, e *index.Entry, s *Site) template.HTML {
	return ""
}
