// Package cite finds citations of official documents in Vietnamese text
// ("Thông báo số 364/TB-VPCP ngày 29/11/2022 của Văn phòng Chính phủ"). It is
// a pure function of its input: no I/O, no state.
package cite

import "vanban/generator/model"

// Citation is one document reference found in a text.
type Citation struct {
	Start, End int          // byte offsets of the whole match in the input
	NumStart   int          // byte offset where the number itself starts
	NumEnd     int          // byte offset where the number and symbol end
	Kind       string       // kind word as a type slug ("thong-bao"), "" when absent
	KindText   string       // kind word as written ("Thông báo")
	Number     model.Number // parsed, canonical number and symbol
	Raw        string       // the number as written in the text
	Date       model.Date   // "ngày 29/11/2022" after the number, when present
	Issuer     string       // issuer phrase ("Văn phòng Chính phủ") after "của", when present
}

// Find returns every citation in text, in order of appearance.
func Find(text string) []Citation {
	return nil // TODO: implemented by the citation-finder work
}
