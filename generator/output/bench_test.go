package output

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// benchFiles is an archive-shaped tree: n pages of 12 KB under
// van-ban/<a>/<b>/index.html, as the site writes directive pages.
func benchFiles(n int) (paths []string, data [][]byte) {
	page := make([]byte, 12<<10)
	for i := range page {
		page[i] = "abcdefghij <p>\n"[i%15]
	}
	for i := range n {
		paths = append(paths, fmt.Sprintf("van-ban/p%02d/%d-ubnd/index.html", i%34, i))
		b := append([]byte(fmt.Sprintf("<!-- %d -->", i)), page...)
		data = append(data, b)
	}
	return paths, data
}

// BenchmarkWriteClean is a first build: no previous output.
func BenchmarkWriteClean(b *testing.B) {
	paths, data := benchFiles(20000)
	root := b.TempDir()
	b.SetBytes(int64(len(paths) * len(data[0])))
	b.ResetTimer()
	cpu := cpuTime()
	defer func() { b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op") }()
	for i := range b.N {
		out := filepath.Join(root, fmt.Sprint("public", i))
		writeTree(b, out, paths, data)
		b.StopTimer()
		if err := os.RemoveAll(out); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// BenchmarkRewriteBegin is an incremental build done the way the site did
// before Keep: every file is written again (5 with new bytes) into a new
// tree, the unchanged ones read, compared and linked.
func BenchmarkRewriteBegin(b *testing.B) {
	paths, data := benchFiles(20000)
	out := filepath.Join(b.TempDir(), "public")
	writeTree(b, out, paths, data)
	b.ResetTimer()
	cpu := cpuTime()
	defer func() { b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op") }()
	for i := range b.N {
		tx, err := Begin(out)
		if err != nil {
			b.Fatal(err)
		}
		for j, p := range paths {
			d := data[j]
			if j%4000 == 0 {
				d = append([]byte(fmt.Sprint(i)), d...)
			}
			if err := tx.Write(p, d); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUpdateOneFile is an incremental build of a 20,000-file tree in
// place: 5 files get new bytes, the others are kept by their stamps.
func BenchmarkUpdateOneFile(b *testing.B) {
	paths, data := benchFiles(20000)
	out := filepath.Join(b.TempDir(), "public")
	stamps := writeTree(b, out, paths, data)
	b.ResetTimer()
	cpu := cpuTime()
	defer func() { b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op") }()
	for i := range b.N {
		tx, err := Update(out)
		if err != nil {
			b.Fatal(err)
		}
		for j, p := range paths {
			if j%4000 != 0 {
				if err := tx.Keep(p, stamps[p]); err != nil {
					b.Fatal(err)
				}
				continue
			}
			if err := tx.Write(p, append([]byte(fmt.Sprint(i)), data[j]...)); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		if _, w, _ := tx.Stats(); w != 5 {
			b.Fatalf("%d files written, want 5", w)
		}
		stamps = tx.Stamps()
	}
}

// writeTree builds out from scratch with the given files and returns their
// stamps.
func writeTree(b *testing.B, out string, paths []string, data [][]byte) map[string]Stamp {
	b.Helper()
	tx, err := Begin(out)
	if err != nil {
		b.Fatal(err)
	}
	for j, p := range paths {
		if err := tx.Write(p, data[j]); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return tx.Stamps()
}
