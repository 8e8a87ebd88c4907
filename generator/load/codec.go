package load

import (
	"encoding/binary"
	"errors"
	"strings"
	"time"
	"unsafe"

	"vanban/generator/diag"
	"vanban/generator/model"
)

// The parse cache's own binary encoding. gob was most of the cost of an
// incremental build's load stage: reflection, a copy of every string, and a
// document decoded only to be copied again. Here a section's strings point
// into its buffer (read once, never written), an entry's document stays
// encoded until a build asks for it and is then decoded straight into the
// document it gets, and an unchanged entry is written back as the bytes it
// was read as.
//
// Integers are varints (signed unless said otherwise), a string is its
// length (uvarint) and bytes, or a part of a string before it (see
// writer.sub), a bool a byte 0 or 1. A list is its length
// plus one (uvarint), 0 for nil, so an empty list comes back empty and not
// nil. Every field of model.Document is written, in order (see
// TestDocumentCodecCoversModel), except Keys: the cache keeps them as
// cachedFile.Keys.

// errMalformed says encoded bytes do not hold together.
var errMalformed = errors.New("malformed")

// writer appends an encoding to b.
type writer struct{ b []byte }

func (w *writer) uint(v uint64) { w.b = binary.AppendUvarint(w.b, v) }
func (w *writer) int(v int)     { w.b = binary.AppendVarint(w.b, int64(v)) }
func (w *writer) int64(v int64) { w.b = binary.AppendVarint(w.b, v) }
func (w *writer) len(n int)     { w.uint(uint64(n)) }

func (w *writer) str(s string) {
	w.len(len(s))
	w.b = append(w.b, s...)
}

// sub writes s as a part of within when it is one (by offset and length):
// a number's parts are parts of its text, and positions are in the
// document's own file.
func (w *writer) sub(s, within string) {
	if i := strings.Index(within, s); s != "" && i >= 0 {
		w.uint(uint64(len(s))<<1 | 1)
		w.len(i)
		return
	}
	w.uint(uint64(len(s)) << 1)
	w.b = append(w.b, s...)
}

func (w *writer) bool(v bool) {
	if v {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}

// list writes the length of a list of n elements, nil or not.
func (w *writer) list(n int, isNil bool) {
	if isNil {
		w.uint(0)
	} else {
		w.uint(uint64(n) + 1)
	}
}

func (w *writer) strs(s []string) {
	w.list(len(s), s == nil)
	for _, v := range s {
		w.str(v)
	}
}

// pos writes a position, usually in file.
func (w *writer) pos(p diag.Pos, file string) {
	w.sub(p.File, file)
	w.int(p.Line)
	w.int(p.Col)
}

func (w *writer) date(d model.Date) {
	w.int(d.Year)
	w.int(d.Month)
	w.int(d.Day)
}

// time writes a time as an instant: the cache keeps only times in
// model.Zone (see cacheable).
func (w *writer) time(t time.Time) {
	w.bool(!t.IsZero())
	if !t.IsZero() {
		w.int64(t.Unix())
		w.int(t.Nanosecond())
	}
}

func (w *writer) number(n *model.Number) {
	w.str(n.Text)
	w.sub(n.Seq, n.Text)
	w.int(n.Year)
	w.sub(n.Symbol, n.Text)
	w.sub(n.Code, n.Text)
	w.sub(n.Issuer, n.Text)
	w.bool(n.Party)
}

// document writes d but its Keys.
func (w *writer) document(d *model.Document) {
	w.str(d.File)
	w.str(d.ID)
	w.number(&d.Number)
	w.str(d.Type.Slug)
	w.str(d.Type.Name)
	w.str(d.Type.Code)
	w.str(d.Title)
	w.str(d.Issuer)
	w.str(d.Parent)
	w.str(d.Province)
	w.date(d.Date)
	w.str(d.Place)
	w.time(d.Published)
	w.date(d.Effective)
	w.date(d.Expires)
	w.str(d.Signer.Authority)
	w.str(d.Signer.Title)
	w.str(d.Signer.Name)
	w.pos(d.Signer.Pos, d.File)
	w.strs(d.Addressees)
	w.strs(d.Distribution)
	w.str(d.Source.URL)
	w.str(d.Source.File)
	w.str(d.Source.Kind)
	w.str(d.Source.Note)
	w.strs(d.Topics)
	w.list(len(d.Relations), d.Relations == nil)
	for i := range d.Relations {
		r := &d.Relations[i]
		w.str(string(r.Kind))
		w.number(&r.Number)
		w.date(r.Date)
		w.str(r.Issuer)
		w.str(r.Note)
		w.pos(r.Pos, d.File)
	}
	w.int(d.Edition.Number)
	w.date(d.Edition.Date)
	w.str(d.Edition.Note)
	w.pos(d.Edition.Pos, d.File)
	w.bool(d.Draft)
	w.str(d.Notes)
	w.str(d.Body)
	w.int(d.BodyLine)
	w.int(d.BodyAt)
	w.list(len(d.Mentions), d.Mentions == nil)
	for i := range d.Mentions {
		m := &d.Mentions[i]
		w.number(&m.Number)
		w.date(m.Date)
		w.str(m.Issuer)
		w.str(m.Kind)
		w.int(m.Line)
		w.int(m.Col)
		w.str(m.Context)
	}
}

// Least encoded sizes, so that no length read from damaged bytes makes a
// list longer than the bytes could hold.
const (
	minPos     = 3
	minDate    = 3
	minNumber  = 7
	minRef     = 1 + minNumber + minDate + 2 + minPos
	minMention = minNumber + minDate + 5
	minDiag    = minPos + 2
)

// reader decodes what a writer wrote. Its first problem sticks: every read
// after it returns a zero value, and err says what went wrong. Strings
// point into the bytes read, which must never be written again.
type reader struct {
	b   []byte // the bytes not yet read
	err error
	// Where lists go when a document is only checked (see document).
	ref     model.Ref
	mention model.Mention
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = errMalformed
	}
	r.b = nil
}

func (r *reader) uint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) int64() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) int() int {
	v := r.int64()
	if int64(int(v)) != v {
		r.fail()
		return 0
	}
	return int(v)
}

// len reads a length of elements of at least min bytes each.
func (r *reader) len(min int) int {
	v := r.uint()
	if v > uint64(len(r.b)/min) {
		r.fail()
		return 0
	}
	return int(v)
}

// list reads the length of a list (see writer.list); ok is false for nil.
func (r *reader) list(min int) (n int, ok bool) {
	v := r.uint()
	if v == 0 {
		return 0, false
	}
	if v-1 > uint64(len(r.b)/min) {
		r.fail()
		return 0, false
	}
	return int(v - 1), true
}

func (r *reader) bytes(n int) []byte {
	if n > len(r.b) {
		r.fail()
		return nil
	}
	b := r.b[:n:n]
	r.b = r.b[n:]
	return b
}

func (r *reader) str() string {
	b := r.bytes(r.len(1))
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// sub reads what writer.sub wrote.
func (r *reader) sub(within string) string {
	v := r.uint()
	n := v >> 1
	if v&1 == 0 {
		if n > uint64(len(r.b)) {
			r.fail()
			return ""
		}
		b := r.bytes(int(n))
		if len(b) == 0 {
			return ""
		}
		return unsafe.String(&b[0], len(b))
	}
	at := r.uint()
	if at > uint64(len(within)) || n > uint64(len(within))-at {
		r.fail()
		return ""
	}
	return within[at : at+n]
}

func (r *reader) bool() bool {
	if len(r.b) == 0 || r.b[0] > 1 {
		r.fail()
		return false
	}
	v := r.b[0] == 1
	r.b = r.b[1:]
	return v
}

// strs reads a list of strings, or only checks it unless keep.
func (r *reader) strs(keep bool) []string {
	n, ok := r.list(1)
	if !keep {
		for range n {
			r.str()
		}
		return nil
	}
	if !ok {
		return nil
	}
	s := make([]string, n)
	for i := range s {
		s[i] = r.str()
	}
	return s
}

func (r *reader) pos(p *diag.Pos, file string) {
	p.File = r.sub(file)
	p.Line = r.int()
	p.Col = r.int()
}

func (r *reader) date(d *model.Date) {
	d.Year = r.int()
	d.Month = r.int()
	d.Day = r.int()
}

func (r *reader) time() time.Time {
	if !r.bool() {
		return time.Time{}
	}
	sec, nsec := r.int64(), r.int()
	if nsec < 0 || nsec >= 1e9 {
		r.fail()
		return time.Time{}
	}
	return time.Unix(sec, int64(nsec)).In(model.Zone())
}

func (r *reader) number(n *model.Number) {
	n.Text = r.str()
	n.Seq = r.sub(n.Text)
	n.Year = r.int()
	n.Symbol = r.sub(n.Text)
	n.Code = r.sub(n.Text)
	n.Issuer = r.sub(n.Text)
	n.Party = r.bool()
}

// document reads what writer.document wrote into d, or only checks it
// unless keep (d is then written, but its lists are not kept). It fails
// unless the bytes are exactly one document.
func (r *reader) document(d *model.Document, keep bool) {
	d.File = r.str()
	d.ID = r.str()
	r.number(&d.Number)
	d.Type.Slug = r.str()
	d.Type.Name = r.str()
	d.Type.Code = r.str()
	d.Title = r.str()
	d.Issuer = r.str()
	d.Parent = r.str()
	d.Province = r.str()
	r.date(&d.Date)
	d.Place = r.str()
	d.Published = r.time()
	r.date(&d.Effective)
	r.date(&d.Expires)
	d.Signer.Authority = r.str()
	d.Signer.Title = r.str()
	d.Signer.Name = r.str()
	r.pos(&d.Signer.Pos, d.File)
	d.Addressees = r.strs(keep)
	d.Distribution = r.strs(keep)
	d.Source.URL = r.str()
	d.Source.File = r.str()
	d.Source.Kind = r.str()
	d.Source.Note = r.str()
	d.Topics = r.strs(keep)
	n, ok := r.list(minRef)
	d.Relations = nil
	if keep && ok {
		d.Relations = make([]model.Ref, n)
	}
	for i := range n {
		ref := &r.ref
		if d.Relations != nil {
			ref = &d.Relations[i]
		}
		ref.Kind = model.RelationKind(r.str())
		r.number(&ref.Number)
		r.date(&ref.Date)
		ref.Issuer = r.str()
		ref.Note = r.str()
		r.pos(&ref.Pos, d.File)
	}
	d.Edition.Number = r.int()
	r.date(&d.Edition.Date)
	d.Edition.Note = r.str()
	r.pos(&d.Edition.Pos, d.File)
	d.Draft = r.bool()
	d.Notes = r.str()
	d.Body = r.str()
	d.BodyLine = r.int()
	d.BodyAt = r.int()
	n, ok = r.list(minMention)
	d.Mentions = nil
	if keep && ok {
		d.Mentions = make([]model.Mention, n)
	}
	for i := range n {
		m := &r.mention
		if d.Mentions != nil {
			m = &d.Mentions[i]
		}
		r.number(&m.Number)
		r.date(&m.Date)
		m.Issuer = r.str()
		m.Kind = r.str()
		m.Line = r.int()
		m.Col = r.int()
		m.Context = r.str()
	}
	d.Keys = nil
	if len(r.b) != 0 {
		r.fail()
	}
}

// decodeDocument decodes an encoded document into d.
func decodeDocument(b []byte, d *model.Document) error {
	r := reader{b: b}
	r.document(d, true)
	return r.err
}

// Entries. A section of a cache file (after the first, the key names) is
//
//	number of entries, number of key values (3 a key) in all of them
//	the entries, each:
//	  Path, Size, ModTime, Checked, Sum (32 bytes), BodyAt
//	  keys: a length, then name (an index in the key names), line, col
//	  diagnostics: a length, then Pos, Severity, Message each
//	  Parsed, and when set the document's length and encoding

// minEntry is the least encoded size of an entry.
const minEntry = 1 + 3 + 32 + 1 + 2 + 1

// entry writes f, its keys' names renumbered by renumber (nil when f's
// table of names is the file's); doc is scratch space.
func (w *writer) entry(f *cachedFile, renumber []int32, doc *writer) {
	var raw []byte
	if f.Parsed {
		if raw = f.raw; raw == nil {
			doc.b = doc.b[:0]
			doc.document(f.doc)
			raw = doc.b
		}
	}
	// The most the entry takes (a varint is at most 10 bytes).
	n := 8*10 + 1 + len(f.Path) + len(f.Sum) + 1 + 5*len(f.Keys) + len(raw)
	for _, d := range f.Diags {
		n += 8*10 + len(d.Pos.File) + len(d.Message)
	}
	w.reserve(n)
	w.str(f.Path)
	w.int64(f.Size)
	w.int64(f.ModTime)
	w.int64(f.Checked)
	w.b = append(w.b, f.Sum[:]...)
	w.int(f.BodyAt)
	// Name, line, column triples. A malformed list is written as it is,
	// as before: the reader rejects the cache (TestReadCacheRejectsMalformedEntry).
	w.len(len(f.Keys) / 3)
	for k, v := range f.Keys {
		if k%3 == 0 && renumber != nil {
			v = renumber[v]
		}
		w.int(int(v))
	}
	w.len(len(f.Diags))
	for _, d := range f.Diags {
		w.pos(d.Pos, f.Path)
		w.int(int(d.Severity))
		w.str(d.Message)
	}
	w.bool(f.Parsed)
	if !f.Parsed {
		return
	}
	w.len(len(raw))
	w.b = append(w.b, raw...)
}

// reserve makes room for n more bytes, doubling the buffer: append grows a
// large one by a quarter at a time, which made a section of the cache
// allocate five times its size.
func (w *writer) reserve(n int) {
	if cap(w.b)-len(w.b) >= n {
		return
	}
	b := make([]byte, len(w.b), max(2*cap(w.b), len(w.b)+n))
	copy(b, w.b)
	w.b = b
}

// section decodes a section of entries into one slice, their keys into
// another. An entry's document is checked, and kept encoded (raw). names
// are the key names of the cache file.
func (r *reader) section(names []string) []cachedFile {
	files := make([]cachedFile, r.len(minEntry))
	keys := make([]int32, r.len(1))
	var scratch model.Document
	for i := range files {
		f := &files[i]
		f.Path = r.str()
		f.Size = r.int64()
		f.ModTime = r.int64()
		f.Checked = r.int64()
		copy(f.Sum[:], r.bytes(len(f.Sum)))
		f.BodyAt = r.int()
		n := 3 * r.len(3)
		if n > len(keys) {
			r.fail()
			return nil
		}
		f.Keys, keys = keys[:n:n], keys[n:]
		for k := range f.Keys {
			v := r.int()
			if int(int32(v)) != v || k%3 == 0 && (v < 0 || v >= len(names)) {
				r.fail()
				return nil
			}
			f.Keys[k] = int32(v)
		}
		if n := r.len(minDiag); n > 0 {
			f.Diags = make(diag.List, n)
			for j := range f.Diags {
				d := &f.Diags[j]
				r.pos(&d.Pos, f.Path)
				d.Severity = diag.Severity(r.int())
				d.Message = r.str()
			}
		}
		f.names = names
		if f.Parsed = r.bool(); f.Parsed {
			f.raw = r.bytes(r.len(1))
			doc := reader{b: f.raw}
			doc.document(&scratch, false)
			if doc.err != nil || scratch.File != f.Path {
				r.fail()
			}
		}
		if r.err != nil {
			return nil
		}
	}
	if len(keys) != 0 || len(r.b) != 0 {
		r.fail()
	}
	if r.err != nil {
		return nil
	}
	return files
}
