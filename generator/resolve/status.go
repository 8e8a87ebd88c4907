package resolve

import (
	"slices"

	"vanban/generator/index"
	"vanban/generator/model"
)

// StatusCode names a directive's standing at the build's clock.
type StatusCode string

const (
	InForce  StatusCode = "in-force" // còn hiệu lực
	NotYet   StatusCode = "not-yet"  // chưa có hiệu lực
	Amended  StatusCode = "amended"  // bị sửa đổi, bổ sung (still in force)
	Replaced StatusCode = "replaced" // bị thay thế
	Repealed StatusCode = "repealed" // bị bãi bỏ
	Expired  StatusCode = "expired"  // hết hiệu lực
)

// Label is the Vietnamese label of a status.
func (c StatusCode) Label() string {
	switch c {
	case NotYet:
		return "Chưa có hiệu lực"
	case Amended:
		return "Bị sửa đổi, bổ sung"
	case Replaced:
		return "Bị thay thế"
	case Repealed:
		return "Bị bãi bỏ"
	case Expired:
		return "Hết hiệu lực"
	}
	return "Còn hiệu lực"
}

// InEffect reports whether the directive still applies (fully or in part).
func (c StatusCode) InEffect() bool { return c == InForce || c == Amended }

// Event is one change of status: when it happened and which directive
// caused it (nil for the directive's own dates).
type Event struct {
	Code  StatusCode
	Since model.Date
	By    *index.Entry
}

// Status is a directive's standing and how it got there.
type Status struct {
	Code   StatusCode
	Since  model.Date     // when the current status began; zero when unknown
	By     []*index.Entry // directives that replaced, repealed or amended it
	Events []Event        // every status change up to the clock, oldest first
}

// effectiveOf is when a directive takes effect: its effective date, else its
// issue date.
func effectiveOf(doc *model.Document) model.Date {
	if !doc.Effective.IsZero() {
		return doc.Effective
	}
	return doc.Date
}

// deriveStatus computes every status at the clock. Changes made by
// directives not yet in effect do not count yet.
func deriveStatus(g *Graph) map[*index.Entry]Status {
	today := model.DateOf(g.ix.Clock())
	out := make(map[*index.Entry]Status, len(g.ix.Entries()))
	for _, e := range g.ix.Entries() {
		sortIn(g.in[e])
		var events []Event
		eff := effectiveOf(e.Doc)
		if !eff.IsZero() && eff.Compare(today) <= 0 {
			events = append(events, Event{Code: InForce, Since: eff})
		}
		for _, l := range g.in[e] {
			if !l.Declared {
				continue
			}
			when := effectiveOf(l.From.Doc)
			if when.IsZero() || when.Compare(today) > 0 {
				continue
			}
			switch l.Kind {
			case model.Amends:
				events = append(events, Event{Code: Amended, Since: when, By: l.From})
			case model.Replaces:
				events = append(events, Event{Code: Replaced, Since: when, By: l.From})
			case model.Repeals:
				events = append(events, Event{Code: Repealed, Since: when, By: l.From})
			}
		}
		if ex := e.Doc.Expires; !ex.IsZero() && ex.Compare(today) <= 0 {
			events = append(events, Event{Code: Expired, Since: ex})
		}
		slices.SortStableFunc(events, func(a, b Event) int { return a.Since.Compare(b.Since) })
		st := Status{Code: InForce, Events: events}
		if !eff.IsZero() && eff.Compare(today) > 0 {
			st.Code, st.Since = NotYet, eff
		}
		// The strongest ending wins: repeal, replacement, expiry, then amendment.
		for _, want := range []StatusCode{Repealed, Replaced, Expired, Amended} {
			i := slices.IndexFunc(events, func(ev Event) bool { return ev.Code == want })
			if i < 0 {
				continue
			}
			st.Code, st.Since = want, events[i].Since
			for _, ev := range events {
				if ev.Code == want && ev.By != nil {
					st.By = append(st.By, ev.By)
				}
			}
			break
		}
		if st.Code == InForce {
			st.Since = eff
		}
		out[e] = st
	}
	return out
}
