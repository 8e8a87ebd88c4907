// Package province is the registry of Vietnam's provincial-level units: the
// 63 before 1 July 2025, the 34 after Nghị quyết 202/2025/QH15, and the
// central jurisdiction, with names, ASCII slugs, validity and successors.
//
// # Data file
//
// The registry is the YAML file provinces.yaml, embedded in the binary and
// decoded strictly (unknown keys are errors). It holds one list, units; each
// unit has:
//
//	slug:      ASCII slug, [a-z0-9] words joined by "-" ("ba-ria-vung-tau");
//	           it is the unit's URL and never changes
//	name:      the name in NFC with the modern tone placement ("Hòa Bình")
//	kind:      "tỉnh" or "thành phố" (centrally governed city); empty for
//	           the central jurisdiction
//	full_name: optional; defaults to "tỉnh " + name or "Thành phố " + name
//	aliases:   optional other names seen in text ("TP.HCM", "BR-VT"); case,
//	           diacritics, spacing, hyphens and the prefixes tỉnh / thành
//	           phố / TP. are ignored by Lookup anyway, so variants that
//	           differ only in those need no alias
//	from, to:  optional validity, YYYY-MM-DD, both days included; empty
//	           means open (from: existed before the archive's scope)
//	successor: slug of the unit this one became part of (requires to)
//	former:    optional earlier names of the same unit, oldest first, each
//	           with slug, name, kind, optional full_name, and to (the last
//	           day the name was in use)
//	central:   true only for the central jurisdiction (slug "trung-uong")
//
// # Merger model
//
// Nghị quyết 202/2025/QH15 merged 52 units into 23 from 2025-07-01 and left
// 11 unchanged. The unit whose name the merged unit keeps continues: same
// slug, no end date. Each absorbed unit ends on 2025-06-30 and names that
// unit as its Successor (ha-giang → tuyen-quang, hai-duong → hai-phong,
// binh-duong and ba-ria-vung-tau → ho-chi-minh). A directive keeps the unit
// printed on it; browsing can follow Successor (Current, On), and
// Predecessors lists what a unit absorbed. No slug ever disappears.
//
// A rename without a merger is one unit with a former name: the province
// Thừa Thiên Huế became the centrally governed city Huế on 2025-01-01, so
// the unit is slug "hue", name "Huế", kind "thành phố", with the former
// name "Thừa Thiên Huế" (kind "tỉnh", slug "thua-thien-hue", until
// 2024-12-31). Its territory never changed, so it counts as one of the 63
// and one of the 11 unchanged; Lookup finds it by either name, NameOn gives
// the name in use on a date, and Canonical maps the former slug to it.
//
// The registry is immutable: treat returned provinces and slices as
// read-only.
package province

import (
	"bytes"
	"cmp"
	_ "embed"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"gopkg.in/yaml.v3"

	"vanban/generator/vn"
)

// CentralSlug is the slug of the central jurisdiction (model.Central).
const CentralSlug = "trung-uong"

// Kinds of provincial-level unit.
const (
	KindProvince = "tỉnh"      // province
	KindCity     = "thành phố" // centrally governed city
)

// Province is one provincial-level unit (or the central jurisdiction).
type Province struct {
	Slug      string   // "lai-chau"; CentralSlug for the central bodies
	Name      string   // "Lai Châu"
	FullName  string   // "tỉnh Lai Châu", "Thành phố Hà Nội"
	Kind      string   // KindProvince or KindCity; "" for the central jurisdiction
	Aliases   []string // other names seen in text ("Thừa Thiên - Huế", "TP.HCM")
	From, To  string   // validity as YYYY-MM-DD, both included; "" = open
	Successor string   // slug of the unit it became part of, "" if none
	Former    []Former // earlier names of the same unit, oldest first
	Central   bool     // the central jurisdiction
}

// Former is an earlier name of a unit that was renamed without a change of
// territory ("Thừa Thiên Huế" for Huế).
type Former struct {
	Slug     string // "thua-thien-hue"
	Name     string // "Thừa Thiên Huế"
	FullName string // "tỉnh Thừa Thiên Huế"
	Kind     string // KindProvince or KindCity
	To       string // last day the name was in use, YYYY-MM-DD
}

// ValidOn reports whether the unit existed on date (YYYY-MM-DD).
func (p *Province) ValidOn(date string) bool {
	return (p.From == "" || p.From <= date) && (p.To == "" || date <= p.To)
}

// NameOn returns the name, full name and kind the unit had on date
// (YYYY-MM-DD): a former name if the date falls in its time, else the
// current one. It does not check ValidOn.
func (p *Province) NameOn(date string) (name, fullName, kind string) {
	for _, f := range p.Former {
		if date <= f.To {
			return f.Name, f.FullName, f.Kind
		}
	}
	return p.Name, p.FullName, p.Kind
}

// Registry is an immutable set of provinces.
type Registry struct {
	list   []*Province          // collation order, central last
	slug   map[string]*Province // current slugs
	former map[string]*Province // former slugs
	key    map[string]*Province // lookup keys of names, full names, aliases
}

//go:embed provinces.yaml
var data []byte

var embedded = sync.OnceValues(func() (*Registry, error) { return Parse(data) })

// Load returns the registry embedded in the binary, parsed once.
func Load() (*Registry, error) { return embedded() }

// Default returns the registry embedded in the binary. The embedded file is
// checked by the package's tests; should it ever fail to parse, Default
// returns an empty registry (use Load to see the error).
func Default() *Registry {
	r, err := embedded()
	if err != nil {
		return &Registry{}
	}
	return r
}

// All returns every unit, in Vietnamese collation order of Name, central last.
func (r *Registry) All() []*Province { return slices.Clone(r.list) }

// Units returns the units (without the central jurisdiction) valid on date
// (YYYY-MM-DD), in collation order: 63 on 2025-06-30, 34 on 2025-07-01.
func (r *Registry) Units(date string) []*Province {
	var out []*Province
	for _, p := range r.list {
		if !p.Central && p.ValidOn(date) {
			out = append(out, p)
		}
	}
	return out
}

// BySlug finds a unit by its slug.
func (r *Registry) BySlug(slug string) (*Province, bool) {
	p, ok := r.slug[slug]
	return p, ok
}

// Canonical finds a unit by its slug or by the slug of a former name
// ("thua-thien-hue" → Huế): the target of a redirect.
func (r *Registry) Canonical(slug string) (*Province, bool) {
	if p, ok := r.slug[slug]; ok {
		return p, true
	}
	p, ok := r.former[slug]
	return p, ok
}

// Lookup finds a unit by a name as written in text, ignoring diacritics,
// case, spacing, hyphens and dashes, and prefixes such as "tỉnh", "thành
// phố", "TP." ("Lai Chau", "Thành phố Hà Nội", "TP.HCM", "Bà Rịa – Vũng
// Tàu", "Thừa Thiên Huế"). "UBND tỉnh Lai Châu" does not match: pass the
// name only.
func (r *Registry) Lookup(name string) (*Province, bool) {
	k := lookupKey(name)
	if k == "" {
		return nil, false
	}
	p, ok := r.key[k]
	return p, ok
}

// Predecessors returns the units whose successor is slug (directly), in
// collation order: Predecessors("lao-cai") is [Yên Bái].
func (r *Registry) Predecessors(slug string) []*Province {
	var out []*Province
	for _, p := range r.list {
		if p.Successor == slug && slug != "" {
			out = append(out, p)
		}
	}
	return out
}

// Successors returns the chain of units slug became part of, nearest first
// (Successors("yen-bai") is [Lào Cai]); empty for a unit that continues.
func (r *Registry) Successors(slug string) []*Province {
	var out []*Province
	p, ok := r.slug[slug]
	// Parse rejects cycles; the bound is a second guard.
	for ok && p.Successor != "" && len(out) <= len(r.list) {
		p, ok = r.slug[p.Successor]
		if ok {
			out = append(out, p)
		}
	}
	return out
}

// Current returns the unit that holds slug's territory now: the end of its
// successor chain, or the unit itself if it continues. Former slugs are
// accepted.
func (r *Registry) Current(slug string) (*Province, bool) {
	p, ok := r.Canonical(slug)
	if !ok {
		return nil, false
	}
	if s := r.Successors(p.Slug); len(s) > 0 {
		return s[len(s)-1], true
	}
	return p, true
}

// On returns the unit that held slug's territory on date (YYYY-MM-DD),
// following successors past the unit's end: On("hai-duong", "2025-07-01")
// is Hải Phòng, On("hai-duong", "2024-01-01") is Hải Dương. Former slugs
// are accepted.
func (r *Registry) On(slug, date string) (*Province, bool) {
	p, ok := r.Canonical(slug)
	if !ok {
		return nil, false
	}
	for _, s := range r.Successors(p.Slug) {
		if p.To == "" || date <= p.To {
			break
		}
		p = s
	}
	return p, true
}

// lookupKey is the form names are compared in: NFC, diacritics folded,
// lower case, hyphens and dashes as spaces, spaces collapsed, one leading
// "tỉnh", "thành phố", "TP." or "TP" removed.
func lookupKey(s string) string {
	s = dashes.Replace(vn.Normalize(s))
	k := vn.Key(s)
	for _, prefix := range []string{"thanh pho ", "tinh ", "tp.", "tp "} {
		if rest, ok := strings.CutPrefix(k, prefix); ok {
			k = strings.TrimSpace(rest)
			break
		}
	}
	return k
}

// dashes maps the hyphens and dashes seen in names to spaces.
var dashes = strings.NewReplacer(
	"-", " ", "\u2010", " ", "\u2011", " ", "\u2012", " ",
	"\u2013", " ", "\u2014", " ", "\u2212", " ",
)

// file is the layout of provinces.yaml.
type file struct {
	Units []unit `yaml:"units"`
}

type unit struct {
	Slug      string       `yaml:"slug"`
	Name      string       `yaml:"name"`
	Kind      string       `yaml:"kind"`
	FullName  string       `yaml:"full_name"`
	Aliases   []string     `yaml:"aliases"`
	From      string       `yaml:"from"`
	To        string       `yaml:"to"`
	Successor string       `yaml:"successor"`
	Former    []formerUnit `yaml:"former"`
	Central   bool         `yaml:"central"`
}

type formerUnit struct {
	Slug     string `yaml:"slug"`
	Name     string `yaml:"name"`
	Kind     string `yaml:"kind"`
	FullName string `yaml:"full_name"`
	To       string `yaml:"to"`
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Parse decodes and checks a registry file in the provinces.yaml format.
// All problems are reported together, each prefixed with the unit's slug.
func Parse(b []byte) (*Registry, error) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var f file
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("provinces: %w", err)
	}
	r := &Registry{
		slug:   map[string]*Province{},
		former: map[string]*Province{},
		key:    map[string]*Province{},
	}
	var errs []error
	bad := func(slug, format string, args ...any) {
		errs = append(errs, fmt.Errorf("provinces: %s: %s", slug, fmt.Sprintf(format, args...)))
	}
	centrals := 0
	for i, u := range f.Units {
		id := u.Slug
		if id == "" {
			id = fmt.Sprintf("unit %d", i+1)
		}
		p := &Province{
			Slug: u.Slug, Name: u.Name, Kind: u.Kind, FullName: u.FullName,
			Aliases: u.Aliases, From: u.From, To: u.To, Successor: u.Successor,
			Central: u.Central,
		}
		checkSlug(bad, id, u.Slug)
		checkName(bad, id, u.Name)
		if u.Central {
			centrals++
			if u.Slug != CentralSlug {
				bad(id, "the central jurisdiction must have slug %q", CentralSlug)
			}
			if u.Kind != "" || u.Successor != "" || u.To != "" || u.From != "" || len(u.Former) > 0 {
				bad(id, "the central jurisdiction has no kind, dates, successor or former names")
			}
			if p.FullName == "" {
				p.FullName = u.Name
			}
		} else {
			checkKind(bad, id, u.Kind)
			if p.FullName == "" {
				p.FullName = fullName(u.Kind, u.Name)
			}
		}
		checkDate(bad, id, "from", u.From)
		checkDate(bad, id, "to", u.To)
		if u.From != "" && u.To != "" && u.To < u.From {
			bad(id, "to %s is before from %s", u.To, u.From)
		}
		if u.Successor != "" && u.To == "" {
			bad(id, "a unit with a successor needs an end date (to)")
		}
		for _, a := range u.Aliases {
			checkName(bad, id, a)
		}
		prev := ""
		for _, fu := range u.Former {
			fid := id + ": former " + fu.Slug
			checkSlug(bad, fid, fu.Slug)
			checkName(bad, fid, fu.Name)
			checkKind(bad, fid, fu.Kind)
			checkDate(bad, fid, "to", fu.To)
			switch {
			case fu.To == "":
				bad(fid, "a former name needs to")
			case fu.To <= prev:
				bad(fid, "former names must be oldest first")
			case u.From != "" && fu.To < u.From, u.To != "" && fu.To >= u.To:
				bad(fid, "to %s is outside the unit's validity", fu.To)
			}
			prev = fu.To
			fn := fu.FullName
			if fn == "" {
				fn = fullName(fu.Kind, fu.Name)
			}
			p.Former = append(p.Former, Former{Slug: fu.Slug, Name: fu.Name, FullName: fn, Kind: fu.Kind, To: fu.To})
		}
		if _, dup := r.slug[u.Slug]; dup && u.Slug != "" {
			bad(id, "duplicate slug")
		}
		r.slug[u.Slug] = p
		r.list = append(r.list, p)
	}
	if centrals != 1 {
		errs = append(errs, fmt.Errorf("provinces: want exactly one central unit, have %d", centrals))
	}
	for _, p := range r.list {
		for _, f := range p.Former {
			if _, dup := r.slug[f.Slug]; dup {
				bad(p.Slug, "former slug %q is a current slug", f.Slug)
			} else if q, dup := r.former[f.Slug]; dup && q != p {
				bad(p.Slug, "former slug %q is also a former slug of %s", f.Slug, q.Slug)
			}
			r.former[f.Slug] = p
		}
		for _, name := range names(p) {
			k := lookupKey(name)
			if k == "" {
				bad(p.Slug, "name %q has an empty lookup key", name)
				continue
			}
			if q, dup := r.key[k]; dup && q != p {
				bad(p.Slug, "name %q is also a name of %s", name, q.Slug)
				continue
			}
			r.key[k] = p
		}
		if p.Successor != "" {
			s, ok := r.slug[p.Successor]
			switch {
			case !ok:
				bad(p.Slug, "unknown successor %q", p.Successor)
			case s == p || s.Central:
				bad(p.Slug, "invalid successor %q", p.Successor)
			case p.To != "" && !s.ValidOn(dayAfter(p.To)):
				bad(p.Slug, "successor %s is not valid on the day after %s", s.Slug, p.To)
			}
		}
	}
	for _, p := range r.list {
		seen := map[*Province]bool{p: true}
		for q := p; q.Successor != ""; {
			n, ok := r.slug[q.Successor]
			if !ok {
				break
			}
			if seen[n] {
				bad(p.Slug, "successor chain has a cycle")
				break
			}
			seen[n] = true
			q = n
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	c := vn.NewCollator()
	slices.SortFunc(r.list, func(a, b *Province) int {
		if a.Central != b.Central {
			if a.Central {
				return 1
			}
			return -1
		}
		if d := c.Compare(a.Name, b.Name); d != 0 {
			return d
		}
		return cmp.Compare(a.Slug, b.Slug)
	})
	return r, nil
}

// names returns every name Lookup should find p by.
func names(p *Province) []string {
	out := []string{p.Name, p.FullName}
	out = append(out, p.Aliases...)
	for _, f := range p.Former {
		out = append(out, f.Name, f.FullName)
	}
	return out
}

func fullName(kind, name string) string {
	if kind == KindCity {
		return "Thành phố " + name
	}
	return "tỉnh " + name
}

type reporter func(slug, format string, args ...any)

func checkSlug(bad reporter, id, slug string) {
	if !slugRE.MatchString(slug) {
		bad(id, "slug %q is not lower-case ASCII words joined by hyphens", slug)
	}
}

func checkName(bad reporter, id, name string) {
	switch {
	case strings.TrimSpace(name) == "":
		bad(id, "empty name")
	case name != vn.Normalize(name) || name != strings.TrimSpace(name):
		bad(id, "name %q is not trimmed NFC", name)
	}
}

func checkKind(bad reporter, id, kind string) {
	if kind != KindProvince && kind != KindCity {
		bad(id, "kind %q is neither %q nor %q", kind, KindProvince, KindCity)
	}
}

func checkDate(bad reporter, id, field, date string) {
	if date == "" {
		return
	}
	if t, err := time.Parse(time.DateOnly, date); err != nil || t.Format(time.DateOnly) != date {
		bad(id, "%s %q is not a YYYY-MM-DD date", field, date)
	}
}

// dayAfter returns the day after a valid YYYY-MM-DD date.
func dayAfter(date string) string {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return t.AddDate(0, 0, 1).Format(time.DateOnly)
}
