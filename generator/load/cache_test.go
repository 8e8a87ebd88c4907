package load

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"testing/fstest"

	"vanban/generator/model"
)

// cacheFS is the repository's content plus files that stress the cache:
// a publication time, an empty list, TOML, a byte order mark, a body that
// is not NFC (stored in the cache), broken front matter, and editions.
func cacheFS(t testing.TB) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	real := os.DirFS("../../content")
	files, err := contentFiles(real)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile("../../content/" + f)
		if err != nil {
			t.Fatal(err)
		}
		m[f] = &fstest.MapFile{Data: data}
	}
	add := func(name, s string) { m[name] = &fstest.MapFile{Data: []byte(s)} }
	add("x/published.md", "---\nnumber: 12/QĐ-UBND\ntype: quyet-dinh\ntitle: Về việc thử\nprovince: lai-chau\ndate: 2023-01-02\npublished: 2023-01-03T08:00:00+07:00\n---\n\nThân văn bản.\n")
	add("x/empty-list.md", "---\nnumber: 13/QĐ-UBND\ntype: quyet-dinh\ntitle: Danh sách rỗng\nprovince: lai-chau\ndate: 2023-01-02\ntopics: []\n---\n\nThân.\n")
	add("x/toml.md", "+++\nnumber = \"14/QĐ-UBND\"\ntype = \"quyet-dinh\"\ntitle = \"TOML\"\nprovince = \"lai-chau\"\ndate = 2023-01-02\n+++\n\nThân.\n")
	add("x/bom.md", "\ufeff---\nnumber: 15/QĐ-UBND\ntype: quyet-dinh\ntitle: BOM\nprovince: lai-chau\ndate: 2023-01-02\n---\n\nThân.\n")
	add("x/nfd.md", "---\nnumber: 16/QĐ-UBND\ntype: quyet-dinh\ntitle: NFD\nprovince: lai-chau\ndate: 2023-01-02\n---\n\nTha\u0302n va\u0306n ba\u0309n.\n")
	add("x/broken.md", "---\ntype: quyet-dinh\ntitle: [a\n---\n\nThân.\n")
	add("x/unknown-key.md", "---\nnumber: 17/QĐ-UBND\ntype: quyet-dinh\ntitle: Khóa lạ\ntitel: x\n---\n\nThân.\n")
	add("x/ed/ban-1.md", "---\nnumber: 18/QĐ-UBND\ntype: quyet-dinh\ntitle: Bản 1\nprovince: lai-chau\ndate: 2023-01-02\nedition:\n  number: 1\n  date: 2023-01-02\n---\n\nBản một.\n")
	add("x/ed/ban-2.md", "---\nnumber: 18/QĐ-UBND\ntype: quyet-dinh\ntitle: Bản 2\nprovince: lai-chau\ndate: 2023-01-02\nedition:\n  number: 2\n  date: 2023-01-05\n  note: Đính chính\n---\n\nBản hai.\n")
	return m
}

var testBinary = [32]byte{1, 2, 3}

// encode is c as WriteCache writes it.
func encode(tb testing.TB, c *Cache) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := WriteCache(&buf, c, testBinary); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// encodedCache loads fsys without a cache and returns the cache that load
// makes, and its encoding.
func encodedCache(tb testing.TB, fsys fs.FS) (*Cache, []byte) {
	tb.Helper()
	_, c, err := LoadCached(context.Background(), fsys, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return c, encode(tb, c)
}

func roundTrip(t *testing.T, c *Cache) *Cache {
	t.Helper()
	back, err := ReadCache(encode(t, c), testBinary)
	if err != nil {
		t.Fatal(err)
	}
	return back
}

func TestLoadCachedEqualsLoad(t *testing.T) {
	ctx := context.Background()
	fsys := cacheFS(t)
	want, err := Load(ctx, fsys)
	if err != nil {
		t.Fatal(err)
	}
	got, c, err := LoadCached(ctx, fsys, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatal("LoadCached without a cache differs from Load")
	}
	if c.Hits != 0 || c.Misses != len(fsys) {
		t.Errorf("first load: %d hits, %d misses; want 0, %d", c.Hits, c.Misses, len(fsys))
	}
	got2, c2, err := LoadCached(ctx, fsys, roundTrip(t, c))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got2, want) {
		for i := range want.Directives {
			if !reflect.DeepEqual(got2.Directives[i], want.Directives[i]) {
				t.Errorf("cached %s differs:\n got %#v\nwant %#v", want.Directives[i].Current().File, got2.Directives[i].Current(), want.Directives[i].Current())
			}
		}
		t.Fatal("LoadCached from a cache differs from Load")
	}
	// Parsed again: none (an empty list stays empty, a publication time
	// keeps its zone); broken files keep their cached diagnostics.
	if c2.Misses != 0 {
		t.Errorf("second load parsed %d files, want 0", c2.Misses)
	}

	// An edit of the same size is seen (the hash, not the time, decides).
	f := fsys["x/toml.md"]
	f.Data = bytes.Replace(f.Data, []byte("TOML"), []byte("TOMB"), 1)
	got3, c3, err := LoadCached(ctx, fsys, roundTrip(t, c2))
	if err != nil {
		t.Fatal(err)
	}
	want3, _ := Load(ctx, fsys)
	if !reflect.DeepEqual(got3, want3) {
		t.Fatal("after an edit, LoadCached differs from Load")
	}
	if c3.Misses != c2.Misses+1 {
		t.Errorf("after an edit: %d parsed, want %d", c3.Misses, c2.Misses+1)
	}
}

func TestReadCacheRejectsDamage(t *testing.T) {
	_, good := encodedCache(t, cacheFS(t))
	damage := map[string][]byte{
		"empty":        nil,
		"foreign":      []byte("PK\x03\x04 not a cache at all, but long enough to pass the size check......................"),
		"bad magic":    append([]byte("VANBAN-PARSE-CACHX\n"), good[len(cacheMagic):]...),
		"truncated":    good[:len(good)/2],
		"one byte off": good[:len(good)-1],
		"extra byte":   append(bytes.Clone(good), 0),
		"flipped byte": func() []byte { b := bytes.Clone(good); b[len(b)/2] ^= 0x20; return b }(),
		"version": func() []byte {
			b := bytes.Clone(good)
			b[len(cacheMagic)+3]++
			return b
		}(),
	}
	for name, data := range damage {
		if !ignored(data) {
			t.Errorf("%s: cache accepted", name)
		}
	}
	if _, err := ReadCache(good, [32]byte{9}); err == nil {
		t.Error("a cache of another binary was accepted")
	}
	if _, err := ReadCache(good, testBinary); err != nil {
		t.Errorf("good cache rejected: %v", err)
	}
}

// sectionAt returns the offset and length of section i of a cache file.
func sectionAt(data []byte, i int) (int, int) {
	p := len(cacheMagic) + 4 + 32 + 4
	n := int(getUint32(data[p-4:]))
	off := p + sectionEntry*n + 32
	for j := range i {
		off += int(getUint64(data[p+sectionEntry*j:]))
	}
	return off, int(getUint64(data[p+sectionEntry*i:]))
}

// reseal puts right the checksums of a cache file whose section i changed.
func reseal(data []byte, i int) {
	p := len(cacheMagic) + 4 + 32 + 4
	n := int(getUint32(data[p-4:]))
	off, size := sectionAt(data, i)
	binary.BigEndian.PutUint32(data[p+sectionEntry*i+8:], crc32c(data[off:off+size]))
	head := p + sectionEntry*n
	sum := sha256.Sum256(data[:head])
	copy(data[head:], sum[:])
}

// ignored reports whether a cache file is rejected or yields no entry.
func ignored(data []byte) bool {
	c, err := ReadCache(data, testBinary)
	return err != nil || c.Len() == 0
}

// One bad section, however it is bad, makes the whole cache ignored.
func TestReadCacheRejectsDamagedSection(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := range 3*cacheShard + 10 {
		fsys[fmt.Sprintf("d/f%04d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\nnumber: %d/QĐ-UBND\ntype: quyet-dinh\ntitle: Tệp %d\nprovince: lai-chau\ndate: 2023-01-02\n---\n\nThân.\n", i+1, i)}
	}
	_, good := encodedCache(t, fsys)
	if n := getUint32(good[len(cacheMagic)+36:]); n != 5 {
		t.Fatalf("%d sections, want 5 (names and 4 shards)", n)
	}
	if ignored(good) {
		t.Fatal("good cache ignored")
	}
	for i := range 5 {
		off, size := sectionAt(good, i)
		// A flipped byte: the section's checksum fails.
		b := bytes.Clone(good)
		b[off+size/2] ^= 0x20
		if !ignored(b) {
			t.Errorf("section %d: a flipped byte is not seen", i)
		}
		// Garbage with right checksums: decoding or the entry checks fail.
		b = bytes.Clone(good)
		for j := off; j < off+size; j++ {
			b[j] = byte(j * 7)
		}
		reseal(b, i)
		if !ignored(b) {
			t.Errorf("section %d: resealed garbage is accepted", i)
		}
	}
}

// Entries that decode but do not hold together are rejected.
func TestReadCacheRejectsMalformedEntry(t *testing.T) {
	for name, change := range map[string]func(f *cachedFile){
		"":                 func(f *cachedFile) {}, // well formed
		"key out of range": func(f *cachedFile) { f.Keys = []int32{1, 1, 1} },
		"negative key":     func(f *cachedFile) { f.Keys = []int32{-1, 1, 1} },
		"short key":        func(f *cachedFile) { f.Keys = []int32{0, 1} },
		"no path":          func(f *cachedFile) { f.Path = "" },
		"bad body offset":  func(f *cachedFile) { f.BodyAt = -2 },
		"another file":     func(f *cachedFile) { f.doc.File = "b.md" },
		"negative size":    func(f *cachedFile) { f.Size = -1; f.Path = "" }, // -1 is never written
	} {
		f := &cachedFile{Path: "a.md", Size: 10, BodyAt: -1, Parsed: true, Keys: []int32{0, 1, 1}, names: []string{"title"}, doc: &model.Document{File: "a.md"}}
		change(f)
		var buf bytes.Buffer
		if err := WriteCache(&buf, &Cache{files: map[string]*cachedFile{f.Path: f}}, testBinary); err != nil {
			t.Fatal(err)
		}
		if ignored(buf.Bytes()) != (name != "") {
			t.Errorf("%q: ignored %v", name, ignored(buf.Bytes()))
		}
	}
}

// ReadCacheFile reads what ReadCache reads, and rejects the same damage.
func TestReadCacheFile(t *testing.T) {
	ctx := context.Background()
	fsys := cacheFS(t)
	c, data := encodedCache(t, fsys)
	name := filepath.Join(t.TempDir(), "content.cache")
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	old, err := ReadCacheFile(name, testBinary)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := Load(ctx, fsys)
	got, c2, err := LoadCached(ctx, fsys, old)
	if err != nil || !reflect.DeepEqual(got, want) || c2.Hits != old.Len() || old.Len() < c.Len()-1 {
		t.Fatalf("LoadCached with ReadCacheFile's cache: %d hits of %d, same as Load: %v, %v", c2.Hits, c.Len(), reflect.DeepEqual(got, want), err)
	}
	if _, err := ReadCacheFile(name, [32]byte{9}); err == nil {
		t.Error("a cache of another binary was accepted")
	}
	if _, err := ReadCacheFile(name+".none", testBinary); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
	for _, size := range []int{0, 20, len(data) / 2, len(data) - 1} {
		if err := os.WriteFile(name, data[:size], 0o644); err != nil {
			t.Fatal(err)
		}
		if c, err := ReadCacheFile(name, testBinary); err == nil && c.Len() > 0 {
			t.Errorf("truncated to %d bytes: accepted", size)
		}
	}
	b := bytes.Clone(data)
	off, size := sectionAt(b, 1)
	b[off+size/2] ^= 1
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if c, err := ReadCacheFile(name, testBinary); err == nil && c.Len() > 0 {
		t.Error("damaged section: accepted")
	}
}

// TestCountFiles checks CountFiles counts what Load reads, and stops past
// its limit.
func TestCountFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"lai-chau/2024/a.md": {}, "lai-chau/2024/b.md": {}, "dien-bien/c.md": {},
		"README.md": {}, "lai-chau/readme.md": {}, "_nhap/d.md": {}, ".git/e.md": {}, "lai-chau/.f.md": {}, "anh.png": {},
	}
	files, err := contentFiles(fsys)
	if err != nil || len(files) != 3 {
		t.Fatalf("contentFiles = %v, %v; want the 3 directives", files, err)
	}
	for _, tc := range []struct{ limit, want int }{{0, 1}, {1, 2}, {2, 3}, {3, 3}, {100, 3}} {
		if n, err := CountFiles(fsys, tc.limit); err != nil || n != tc.want {
			t.Errorf("CountFiles(limit %d) = %d, %v; want %d", tc.limit, n, err, tc.want)
		}
	}
}

// TestCacheFileFor checks what the build asks before it loads anything
// (how large the incremental build to come is): only a cache whose header
// this program would accept has a size.
func TestCacheFileFor(t *testing.T) {
	_, good := encodedCache(t, cacheFS(t))
	dir := t.TempDir()
	version := bytes.Clone(good)
	version[len(cacheMagic)+3]++
	damagedLater := bytes.Clone(good)
	damagedLater[len(damagedLater)-1] ^= 1 // in a section: found when it is read
	table := bytes.Clone(good)
	table[cacheStart] ^= 1 // the section table, under its SHA-256
	for _, tc := range []struct {
		name   string
		data   []byte // nil: no file
		binary [32]byte
		want   int64
	}{
		{"this program's", good, testBinary, int64(len(good))},
		{"another program's", good, [32]byte{9}, 0},
		{"another schema", version, testBinary, 0},
		{"not a cache", []byte("PK\x03\x04 not a cache at all, but long enough to pass the size check......................"), testBinary, 0},
		{"shorter than its start", good[:cacheStart-1], testBinary, 0},
		{"empty", []byte{}, testBinary, 0},
		{"missing", nil, testBinary, 0},
		{"truncated", good[:len(good)-1], testBinary, 0},
		{"a byte too long", append(bytes.Clone(good), 0), testBinary, 0},
		{"damaged section table", table, testBinary, 0},
		{"damaged in a section", damagedLater, testBinary, int64(len(good))},
	} {
		name := filepath.Join(dir, tc.name+".cache")
		if tc.data != nil {
			if err := os.WriteFile(name, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if got := CacheFileFor(name, tc.binary); got != tc.want {
			t.Errorf("%s: CacheFileFor = %d, want %d", tc.name, got, tc.want)
		}
	}
	if got := CacheFileFor(dir, testBinary); got != 0 {
		t.Errorf("a directory: CacheFileFor = %d, want 0", got)
	}
}
