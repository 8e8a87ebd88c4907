package load

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"testing/fstest"
)

// cacheBytesDigest is the SHA-256 of the cache TestCacheBytes writes,
// computed with the writer of commit 67d6f05, before session 7 changed how
// it works (not what it writes).
const cacheBytesDigest = "e13221eda9bc71e42c89408ced688c7b4777658c096ce01bff17296a91edc452"

// TestCacheBytes pins the bytes WriteCache writes for a fixed archive, read
// partly from an earlier cache (one table of key names for the entries of
// that file) and partly parsed again (a table each, renumbered): a faster
// writer must write the same file; a new format needs a new CacheSchema.
func TestCacheBytes(t *testing.T) {
	ctx := context.Background()
	doc := func(number, title, extra, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\nnumber: " + number + "\ntype: quyet-dinh\ntitle: " + title +
			"\nprovince: lai-chau\ndate: 2023-01-02\n" + extra + "---\n\n" + body)}
	}
	fsys := fstest.MapFS{
		"a/1.md": doc("1/QĐ-UBND", "Một", "topics: [giáo dục]\n", "Căn cứ Quyết định số 2/QĐ-UBND ngày 03/01/2023 của UBND tỉnh.\n"),
		"a/2.md": doc("2/QĐ-UBND", "Hai", "signer:\n  name: Lê Văn A\n", "Thân văn bản hai.\n"),
		"b/3.md": doc("3/QĐ-UBND", "Ba", "titel: x\n", "Tha\u0302n ba.\n"),
		"b/4.md": {Data: []byte("---\ntype: quyet-dinh\ntitle: [a\n---\n\nHỏng.\n")},
	}
	_, first, err := LoadCached(ctx, fsys, nil)
	if err != nil {
		t.Fatal(err)
	}
	fsys["a/2.md"] = doc("2/QĐ-UBND", "Hai (sửa)", "addressees: [Sở Y tế]\n", "Thân văn bản hai, đã sửa.\n")
	fsys["c/5.md"] = doc("5/QĐ-UBND", "Năm", "", "Thực hiện Quyết định số 1/QĐ-UBND.\n")
	_, c, err := LoadCached(ctx, fsys, roundTrip(t, first))
	if err != nil {
		t.Fatal(err)
	}
	if c.Hits == 0 || c.Misses == 0 {
		t.Fatalf("%d hits, %d misses: want both", c.Hits, c.Misses)
	}
	for _, f := range c.entries() {
		f.Checked = 1 // the time of the read: the one field that varies
	}
	sum := sha256.Sum256(encode(t, c))
	if got := hex.EncodeToString(sum[:]); got != cacheBytesDigest {
		t.Errorf("the cache file's SHA-256 is %s, want %s", got, cacheBytesDigest)
	}
}
