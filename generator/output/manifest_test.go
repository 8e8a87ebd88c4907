package output

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"testing"
)

// parseManifest reads what encoding/json reads, whether or not the text is
// one this package wrote; it refuses what ReadManifest refuses.
func TestParseManifestMatchesJSON(t *testing.T) {
	written := func(files map[string]string) string {
		b, err := encodeManifest(files)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	tests := map[string]struct {
		text string
		ok   bool
	}{
		"empty":          {written(map[string]string{}), true},
		"one":            {written(map[string]string{"index.html": Fingerprint(nil)}), true},
		"sorted":         {written(map[string]string{"b/c.html": "sha256:1", "a.html": "sha256:2", "a-b/x": "3", "a/b": "4"}), true},
		"escaped":        {written(map[string]string{"tỉnh/hà-nội/index.html": "x", `q"uote\back`: "<&>", "ctl\x01\t": "\u2028"}), true},
		"compact":        {`{"version":1,"files":{"a":"1","b":"2"}}`, true},
		"unsorted":       {"{\n  \"version\": 1,\n  \"files\": {\n    \"b\": \"1\",\n    \"a\": \"2\"\n  }\n}\n", true},
		"duplicate":      {"{\n  \"version\": 1,\n  \"files\": {\n    \"a\": \"1\",\n    \"a\": \"2\"\n  }\n}\n", true},
		"no newline":     {"{\n  \"version\": 1,\n  \"files\": {\n    \"a\": \"1\"\n  }\n}", true},
		"extra field":    {`{"version":1,"files":{"a":"1"},"x":2}`, true},
		"trailing comma": {"{\n  \"version\": 1,\n  \"files\": {\n    \"a\": \"1\",\n  }\n}\n", false},
		"unterminated":   {"{\n  \"version\": 1,\n  \"files\": {\n    \"a\": \"1\n  }\n}\n", false},
		"wrong version":  {"{\n  \"version\": 2,\n  \"files\": {\n    \"a\": \"1\"\n  }\n}\n", false},
		"no files":       {`{"version": 1}`, false},
		"not json":       {"nope", false},
	}
	for name, tt := range tests {
		p, err := parseManifest(tt.text)
		if (err == nil) != tt.ok {
			t.Errorf("%s: parseManifest error %v, want ok %v", name, err, tt.ok)
			continue
		}
		if err != nil {
			continue
		}
		var m Manifest
		if err := json.Unmarshal([]byte(tt.text), &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := map[string]string{}
		for i, rel := range p.paths {
			got[rel] = p.fps[i]
			if i > 0 && p.paths[i-1] >= rel {
				t.Errorf("%s: paths not sorted: %q", name, p.paths)
			}
			if p.find(rel) != i {
				t.Errorf("%s: find(%q) = %d, want %d", name, rel, p.find(rel), i)
			}
		}
		if !maps.Equal(got, m.Files) {
			t.Errorf("%s: parseManifest = %v, encoding/json %v", name, got, m.Files)
		}
	}
}

// lstatAll gives each file the stamp os.Lstat gives it, and -1 to anything
// that is not a regular file.
func TestLstatAll(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "a", "dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	for rel, data := range map[string]string{"f": "x", "a/g.html": "hello", "a/empty": ""} {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(rel)), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("g.html", filepath.Join(dir, "a", "link")); err != nil {
		t.Fatal(err)
	}
	rels := []string{"a/dir", "a/empty", "a/g.html", "a/link", "a/missing", "f", "f\x00", "nowhere/x"}
	stamps := make([]Stamp, len(rels))
	lstatAll(dir, rels, stamps)
	for i, rel := range rels {
		want := Stamp{Size: -1}
		if fi, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(rel))); err == nil && fi.Mode().IsRegular() {
			want = stampOf(fi)
		}
		if stamps[i] != want {
			t.Errorf("%q: stamp %+v, want %+v", rel, stamps[i], want)
		}
	}
}

// sameBytes compares a file with data piece by piece: any difference in
// length or bytes, anywhere, is seen.
func TestSameBytes(t *testing.T) {
	big := make([]byte, 200<<10+7)
	for i := range big {
		big[i] = byte(i * 7)
	}
	changed := func(b []byte, at int) []byte { c := bytes.Clone(b); c[at]++; return c }
	tests := map[string]struct {
		file, data []byte
		same       bool
	}{
		"empty":         {nil, nil, true},
		"small":         {[]byte("xin chào"), []byte("xin chào"), true},
		"small other":   {[]byte("xin chào"), []byte("xin chàO"), false},
		"big":           {big, bytes.Clone(big), true},
		"big first":     {big, changed(big, 0), false},
		"big boundary":  {big, changed(big, 64<<10), false},
		"big last":      {big, changed(big, len(big)-1), false},
		"file longer":   {append(bytes.Clone(big), 0), big, false},
		"file shorter":  {big[:len(big)-1], big, false},
		"chunk longer":  {big[:64<<10+1], big[:64<<10], false},
		"chunk shorter": {big[:64<<10], big[:64<<10+1], false},
	}
	dir := t.TempDir()
	for name, tt := range tests {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, tt.file, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, same := sameBytes(p, tt.data, make([]byte, 2)); same != tt.same { // the smallest buffer
			t.Errorf("%s, 2-byte buffer: sameBytes = %v, want %v", name, same, tt.same)
		}
		if _, same := sameBytes(p, tt.data, make([]byte, compareBuf)); same != tt.same {
			t.Errorf("%s: sameBytes = %v, want %v", name, same, tt.same)
		}
	}
	if err := os.Symlink("small", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"link", ".", "missing"} {
		if _, same := sameBytes(filepath.Join(dir, name), []byte("xin chào"), make([]byte, 2)); same {
			t.Errorf("%s: sameBytes = true for what is not a regular file", name)
		}
	}
}
