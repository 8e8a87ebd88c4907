package site

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestEncodeList checks encodeList writes the bytes json.Encoder writes
// for the whole slice (less its final newline), with and without HTML
// escaping.
func TestEncodeList(t *testing.T) {
	type entry struct {
		Title string  `json:"title"`
		Note  *string `json:"note"`
		N     int     `json:"n,omitempty"`
	}
	note := "Điều 3 <b>&</b> \u2028 \xff"
	for _, tc := range []struct {
		name    string
		entries []entry
	}{
		{"none", []entry{}},
		{"one", []entry{{Title: "Quyết định số 1/QĐ-UBND", N: 1}}},
		{"several, escapes", []entry{{Title: "<script>&</script>", Note: &note}, {Title: "Hai"}, {Title: "\"ba\"", N: 3}}},
	} {
		for _, escape := range []bool{true, false} {
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetEscapeHTML(escape)
			if err := enc.Encode(tc.entries); err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			enc = json.NewEncoder(&got)
			enc.SetEscapeHTML(escape)
			if err := encodeList(&got, enc, len(tc.entries), func(i int) any { return tc.entries[i] }); err != nil {
				t.Fatal(err)
			}
			got.WriteByte('\n')
			if got.String() != want.String() {
				t.Errorf("%s, escape HTML %v:\n got %s\nwant %s", tc.name, escape, got.String(), want.String())
			}
		}
	}
}
