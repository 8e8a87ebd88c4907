// Package province is the registry of Vietnam's provincial-level units: the
// 63 before 1 July 2025, the 34 after Nghị quyết 202/2025/QH15, and the
// central jurisdiction, with names, ASCII slugs, validity and successors.
package province

// Province is one provincial-level unit (or the central jurisdiction).
type Province struct {
	Slug       string   // "lai-chau"; model.Central for the central bodies
	Name       string   // "Lai Châu"
	FullName   string   // "tỉnh Lai Châu", "Thành phố Hà Nội"
	Aliases    []string // other names seen in text ("Thừa Thiên Huế", "TP.HCM")
	From, To   string   // validity as YYYY-MM-DD; "" = open
	Successor  string   // slug of the unit it became part of, "" if none
	Central    bool     // the central jurisdiction
}

// Registry is an immutable set of provinces.
type Registry struct{ list []*Province }

// Default returns the registry embedded in the binary.
func Default() *Registry { return &Registry{} }

// All returns every unit, in Vietnamese collation order of Name, central last.
func (r *Registry) All() []*Province { return r.list }

// BySlug finds a unit by slug.
func (r *Registry) BySlug(slug string) (*Province, bool) {
	for _, p := range r.list {
		if p.Slug == slug {
			return p, true
		}
	}
	return nil, false
}

// Lookup finds a unit by a name as written in text, ignoring diacritics,
// case and prefixes such as "tỉnh", "thành phố", "TP." ("Lai Chau",
// "UBND tỉnh Lai Châu" does not match: pass the name only).
func (r *Registry) Lookup(name string) (*Province, bool) { return nil, false }

// Predecessors returns the units whose successor is slug (directly).
func (r *Registry) Predecessors(slug string) []*Province { return nil }
