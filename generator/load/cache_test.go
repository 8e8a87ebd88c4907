package load

import (
	"bytes"
	"context"
	"os"
	"reflect"
	"testing"
	"testing/fstest"
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

func roundTrip(t *testing.T, c *Cache) *Cache {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteCache(&buf, c, testBinary); err != nil {
		t.Fatal(err)
	}
	back, err := ReadCache(buf.Bytes(), testBinary)
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
	// Parsed again: only the file the cache would change (an empty list);
	// broken files keep their cached diagnostics.
	if c2.Misses != 1 {
		t.Errorf("second load parsed %d files, want 1 (the empty list)", c2.Misses)
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
	_, c, err := LoadCached(context.Background(), cacheFS(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteCache(&buf, c, testBinary); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
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
		if _, err := ReadCache(data, testBinary); err == nil {
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
