package load

import (
	"bytes"
	"fmt"
	"reflect"
	"runtime"
	"testing"
	"testing/fstest"
	"time"

	"vanban/generator/model"
)

// filler gives every field of a value a distinct non-zero value.
type filler struct {
	t testing.TB
	n int
}

func (f *filler) fill(v reflect.Value, path string) {
	f.n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("%s=%d", path, f.n))
	case reflect.Int, reflect.Int32, reflect.Int64:
		v.SetInt(int64(f.n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			f.fill(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		for i := range 2 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			f.fill(k, fmt.Sprintf("%s.key%d", path, i))
			f.fill(e, fmt.Sprintf("%s[%d]", path, i))
			v.SetMapIndex(k, e)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Unix(1700000000+int64(f.n), int64(f.n)).In(model.Zone())))
			return
		}
		for i := range v.NumField() {
			sf := v.Type().Field(i)
			if !sf.IsExported() {
				f.t.Fatalf("%s.%s: unexported field, unknown to the cache's codec", path, sf.Name)
			}
			f.fill(v.Field(i), path+"."+sf.Name)
		}
	default:
		f.t.Fatalf("%s: a %s, unknown to the cache's codec", path, v.Kind())
	}
}

// filledDocument is a document with every field set, and data, the bytes
// of a file whose tail is its body.
func filledDocument(t testing.TB) (*model.Document, []byte) {
	d := new(model.Document)
	(&filler{t: t}).fill(reflect.ValueOf(d).Elem(), "Document")
	d.File = "a/b.md"
	data := []byte("---\nfront: matter\n---\n" + d.Body)
	d.BodyAt = len(data) - len(d.Body)
	return d, data
}

// A new field of model.Document (or of what it holds) fails this test
// until the cache's codec writes and reads it.
func TestDocumentCodecCoversModel(t *testing.T) {
	full, data := filledDocument(t)
	docs := map[string]*model.Document{
		"every field": full,
		"empty lists": {File: "a/b.md", Addressees: []string{}, Distribution: []string{}, Topics: []string{}, Relations: []model.Ref{}, Mentions: []model.Mention{}},
		"zero":        {File: "a/b.md"},
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			// The codec alone: everything but Keys.
			var w writer
			w.document(doc)
			var back model.Document
			if err := decodeDocument(w.b, &back); err != nil {
				t.Fatal(err)
			}
			want := *doc
			want.Keys = nil
			if !reflect.DeepEqual(back, want) {
				t.Fatalf("decoded\n%#v\nwant\n%#v", back, want)
			}

			// Through a cache file, as a build keeps and reads it: a file
			// that is read gets its body from its bytes, one that is not
			// keeps it in the file.
			file := bytes.Clone(data)
			if doc != full {
				file = nil
			}
			parsed := *doc
			cf := &cachedFile{Path: doc.File, Size: int64(len(file)), ModTime: 1, Checked: 2, Sum: FileSum{3}, BodyAt: -1}
			cf.keep(&parsed, file)
			c, err := ReadCache(encode(t, &Cache{files: map[string]*cachedFile{doc.File: cf}}), testBinary)
			if err != nil {
				t.Fatal(err)
			}
			entry := c.entries()[doc.File]
			if entry == nil || entry.raw == nil {
				t.Fatal("entry lost")
			}
			got, ok := entry.document(file)
			if !ok || !reflect.DeepEqual(got, doc) {
				t.Fatalf("from the cache\n%#v\nwant\n%#v", got, doc)
			}
			if doc == full {
				unread, _ := entry.document(nil)
				want := *doc
				want.Body = ""
				if !reflect.DeepEqual(unread, &want) {
					t.Fatalf("unread, from the cache\n%#v\nwant\n%#v", unread, &want)
				}
			}
		})
	}
}

// An entry read from a cache file is written back as it was read, even
// when the key names of the new file are not the old ones.
func TestWriteCacheKeepsEncodedEntries(t *testing.T) {
	fsys := cacheFS(t)
	c, data := encodedCache(t, fsys)
	back, err := ReadCache(data, testBinary)
	if err != nil {
		t.Fatal(err)
	}
	if again := encode(t, back); !bytes.Equal(again, data) {
		t.Fatal("a cache read and written again differs")
	}
	// A file with a key no other file has: every other entry's keys are
	// renumbered.
	fsys["x/new-key.md"] = &fstest.MapFile{Data: []byte("---\nnumber: 19/QĐ-UBND\ntype: quyet-dinh\ntitle: Khóa\nprovince: lai-chau\ndate: 2023-01-02\nexpires: 2030-01-01\n---\n\nThân.\n")}
	_, mixed, err := LoadCached(t.Context(), fsys, back)
	if err != nil {
		t.Fatal(err)
	}
	var files []*cachedFile
	for _, f := range mixed.entries() {
		files = append(files, f)
	}
	if _, renumber := keyTable(files); len(renumber) == 0 {
		t.Fatal("no key renumbered: the test tests nothing")
	}
	_, fresh, err := LoadCached(t.Context(), fsys, nil)
	if err != nil {
		t.Fatal(err)
	}
	if mixed.Hits != c.Len() {
		t.Fatalf("%d hits, want %d", mixed.Hits, c.Len())
	}
	stripTimes := func(c *Cache) {
		for _, f := range c.entries() {
			f.ModTime, f.Checked = 0, 0
		}
	}
	stripTimes(mixed)
	stripTimes(fresh)
	if !bytes.Equal(encode(t, mixed), encode(t, fresh)) {
		t.Fatal("a cache of entries read and parsed differs from one of entries parsed")
	}
}

// fuzzSections are the sections of a small cache file, for seeds.
func fuzzSections(t testing.TB) [][]byte {
	fsys := fstest.MapFS{}
	for name, f := range cacheFS(t) {
		if name[:2] == "x/" {
			fsys[name] = f
		}
	}
	_, data := encodedCache(t, fsys)
	p := len(cacheMagic) + 4 + 32 + 4
	var out [][]byte
	for i := range int(getUint32(data[p-4:])) {
		off, size := sectionAt(data, i)
		out = append(out, data[off:off+size])
	}
	return out
}

// allocated returns the bytes do allocates.
func allocated(do func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	do()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// allocBound is the most decoding n bytes may allocate: every length read
// is bounded by the bytes that remain.
func allocBound(n int) uint64 { return 32*uint64(n) + 1<<20 }

// Decoding a section of arbitrary bytes fails or yields entries whose
// documents decode; it never panics nor allocates much more than the
// bytes.
func FuzzDecodeSection(f *testing.F) {
	secs := fuzzSections(f)
	for _, s := range secs[1:] {
		f.Add(s)
		f.Add(s[:len(s)/2])
	}
	f.Add([]byte{})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	names := []string{"a", "b", "c", "date", "number", "title", "type"}
	f.Fuzz(func(t *testing.T, b []byte) {
		var files []cachedFile
		var err error
		if n := allocated(func() {
			r := reader{b: b}
			files, err = r.section(names), r.err
		}); n > allocBound(len(b)) {
			t.Fatalf("%d bytes allocated decoding %d", n, len(b))
		}
		if err != nil {
			if files != nil {
				t.Fatal("entries with an error")
			}
			return
		}
		for i := range files {
			if _, ok := files[i].document(nil); !ok {
				t.Fatalf("entry %s: checked, but its document does not decode", files[i].Path)
			}
		}
	})
}

// Decoding a document of arbitrary bytes fails or yields a document that
// encodes to what decodes to it again.
func FuzzDecodeDocument(f *testing.F) {
	secs := fuzzSections(f)
	r := reader{b: secs[1]}
	for _, e := range r.section(make([]string, 64)) {
		if e.raw != nil {
			f.Add(e.raw)
		}
	}
	if r.err != nil {
		f.Fatal(r.err)
	}
	full, _ := filledDocument(f)
	var w writer
	w.document(full)
	f.Add(w.b)
	f.Fuzz(func(t *testing.T, b []byte) {
		var d model.Document
		var err error
		if n := allocated(func() { err = decodeDocument(b, &d) }); n > allocBound(len(b)) {
			t.Fatalf("%d bytes allocated decoding %d", n, len(b))
		}
		if err != nil {
			return
		}
		var w writer
		w.document(&d)
		var again model.Document
		if err := decodeDocument(w.b, &again); err != nil || !reflect.DeepEqual(again, d) {
			t.Fatalf("encoded again: %v\n%#v\nwant\n%#v", err, again, d)
		}
	})
}
