package site

import (
	"bytes"
	"encoding/json"

	"vanban/generator/vn"
)

// searchEntry is one directive in the search index. Keys holds the folded,
// lower-case text (no diacritics, đ→d) the script matches against, so "lai
// chau" finds "Lai Châu" and "cong van" finds "Công văn".
type searchEntry struct {
	URL    string `json:"u"`
	Number string `json:"n,omitempty"`
	Type   string `json:"t"`
	Title  string `json:"ti"`
	Issuer string `json:"i,omitempty"`
	Date   string `json:"d,omitempty"`
	Status string `json:"s"`
	Keys   string `json:"k"`
}

// searchJob writes the search index read by assets/search.js.
func (b *builder) searchJob() job {
	return job{path: "tim-kiem/chi-muc.json", make: func(buf *bytes.Buffer) error {
		entries := b.ix.Entries()
		buf.Grow(448 * len(entries)) // about 395 bytes a directive in the benchmark archives
		// An entry at a time (encodeList), not a slice of them all.
		err := encodeList(buf, json.NewEncoder(buf), len(entries), func(i int) any {
			e := entries[i]
			d := e.Doc
			prov := ""
			if e.Province != nil {
				prov = e.Province.Name
			}
			keys := vn.Key(d.Type.Name + " " + d.Number.Text + " " + d.Title + " " + d.Issuer + " " + prov + " " + joinTopics(d.Topics))
			return searchEntry{
				URL: b.site.URL(e.Path()), Number: d.Number.Printed(), Type: d.Type.Name, Title: d.Title, Issuer: d.Issuer,
				Date: d.Date.Short(), Status: b.g.Status(e).Code.Label(), Keys: keys,
			}
		})
		buf.WriteByte('\n')
		return err
	}}
}

func joinTopics(ts []string) string {
	var b bytes.Buffer
	for _, t := range ts {
		b.WriteString(t)
		b.WriteByte(' ')
	}
	return b.String()
}
