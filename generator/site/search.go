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
		entries := make([]searchEntry, 0, len(b.ix.Entries()))
		for _, e := range b.ix.Entries() {
			d := e.Doc
			prov := ""
			if e.Province != nil {
				prov = e.Province.Name
			}
			keys := vn.Key(d.Type.Name + " " + d.Number.Text + " " + d.Title + " " + d.Issuer + " " + prov + " " + joinTopics(d.Topics))
			entries = append(entries, searchEntry{
				URL: b.site.URL(e.Path()), Number: d.Number.Printed(), Type: d.Type.Name, Title: d.Title, Issuer: d.Issuer,
				Date: d.Date.Short(), Status: b.g.Status(e).Code.Label(), Keys: keys,
			})
		}
		return json.NewEncoder(buf).Encode(entries)
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
