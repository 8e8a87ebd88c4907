package resolve

import (
	"cmp"
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

// deriveStatus computes every status at the build's clock:
//
//   - a change counts from the day the changing directive takes effect
//     (its effective date, else its issue date); changes by a directive not
//     yet in effect do not count yet; a published directive whose date is
//     unknown is taken to be in effect, its change undated;
//   - an ending (repeal, replacement, expiry on or before the clock) wins
//     over everything else; of several endings the earliest is the one that
//     ended the directive, and on the same day repeal wins over replacement
//     over expiry;
//   - then not yet in effect (effective date after the clock; Since zero);
//   - then amended (since the first amendment, by every amending directive,
//     oldest first);
//   - else in force, since its effective date.
func deriveStatus(g *Graph) []Status {
	today := model.DateOf(g.ix.Clock())
	entries := g.ix.Entries()
	// The events of every directive share one slab: at most its own two
	// dates and one per declared incoming link.
	n := 0
	for i := range entries {
		n += 2
		for _, l := range g.in[i] {
			if l.Declared {
				n++
			}
		}
	}
	slab := make([]Event, n)
	out := make([]Status, len(entries))
	for i, e := range entries {
		out[i] = statusOf(e, g.in[i], today, slab[:0:len(slab)])
		slab = slab[len(out[i].Events):]
	}
	return out
}

// rank orders endings on the same day: repeal, replacement, expiry.
func rank(c StatusCode) int {
	switch c {
	case Repealed:
		return 0
	case Replaced:
		return 1
	case Expired:
		return 2
	case Amended:
		return 3
	case InForce:
		return 4
	}
	return -1
}

// statusOf derives e's status; its events are appended to events, which
// must have room for them.
func statusOf(e *index.Entry, in []*Link, today model.Date, events []Event) Status {
	eff := effectiveOf(e.Doc)
	notYet := !eff.IsZero() && eff.Compare(today) > 0
	if !eff.IsZero() && !notYet {
		events = append(events, Event{Code: InForce, Since: eff})
	}
	for _, l := range in {
		if !l.Declared {
			continue
		}
		var code StatusCode
		switch l.Kind {
		case model.Amends:
			code = Amended
		case model.Replaces:
			code = Replaced
		case model.Repeals:
			code = Repealed
		default:
			continue
		}
		when := effectiveOf(l.From.Doc)
		if !when.IsZero() && when.Compare(today) > 0 {
			continue // the changing directive is not in effect yet
		}
		events = append(events, Event{Code: code, Since: when, By: l.From})
	}
	if ex := e.Doc.Expires; !ex.IsZero() && ex.Compare(today) <= 0 {
		events = append(events, Event{Code: Expired, Since: ex})
	}
	slices.SortStableFunc(events, func(a, b Event) int {
		return cmp.Or(a.Since.Compare(b.Since), cmp.Compare(rank(a.Code), rank(b.Code)))
	})

	if len(events) == 0 {
		events = nil // as when events were appended one by one
	} else {
		events = events[:len(events):len(events)]
	}
	st := Status{Code: InForce, Since: eff, Events: events}
	if i := slices.IndexFunc(events, func(ev Event) bool { return ev.Code == Repealed || ev.Code == Replaced || ev.Code == Expired }); i >= 0 {
		end := events[i]
		st.Code, st.Since = end.Code, end.Since
		for _, ev := range events {
			if ev.Code == end.Code && ev.Since == end.Since && ev.By != nil {
				st.By = append(st.By, ev.By)
			}
		}
		return st
	}
	if notYet {
		// Since stays zero: "chưa có hiệu lực từ <ngày hiệu lực>" would say
		// the opposite of what it means; the effective date is the
		// document's own (Doc.Effective).
		st.Code, st.Since = NotYet, model.Date{}
		return st
	}
	for _, ev := range events {
		if ev.Code != Amended {
			continue
		}
		if st.Code != Amended {
			st.Code, st.Since = Amended, ev.Since
		}
		if !slices.Contains(st.By, ev.By) {
			st.By = append(st.By, ev.By)
		}
	}
	return st
}
