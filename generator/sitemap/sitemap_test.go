package sitemap

import (
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const base = "https://example.org/archive/"

func urls(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = base + "van-ban/lai-chau/2023/" + strconv.Itoa(i) + "-qd-ubnd/?a=1&b=2"
	}
	return out
}

// write puts files into a fresh directory and returns it.
func write(t *testing.T, files []File) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Path), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// xsd validates a file against a sitemaps.org schema with xmllint.
func xsd(t *testing.T, schema, file string) {
	t.Helper()
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint is not installed")
	}
	schema = schemaFile(schema)
	if _, err := os.Stat(schema); err != nil {
		t.Skip("no schema:", err)
	}
	if msg, err := exec.Command(xmllint, "--noout", "--nonet", "--schema", schema, file).CombinedOutput(); err != nil {
		t.Errorf("xmllint %s: %v\n%s", filepath.Base(file), err, msg)
	}
}

func locs(t *testing.T, data []byte) []string {
	t.Helper()
	var doc struct {
		URLs     []loc `xml:"url"`
		Sitemaps []loc `xml:"sitemap"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range append(doc.URLs, doc.Sitemaps...) {
		out = append(out, l.Loc)
	}
	return out
}

func TestOneFile(t *testing.T) {
	in := urls(7)
	files, err := Files(base, in, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].Path != "sitemap.xml" {
		t.Fatalf("files: %v", files)
	}
	if got := locs(t, files[0].Data); !slices.Equal(got, in) {
		t.Errorf("locs %v, want %v", got, in)
	}
	xsd(t, "sitemap.xsd", filepath.Join(write(t, files), "sitemap.xml"))
}

func TestSplitBehindIndex(t *testing.T) {
	in := urls(7)
	files, err := Files(base, in, 3)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Path)
	}
	if want := []string{"sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"}; !slices.Equal(names, want) {
		t.Fatalf("files %v, want %v", names, want)
	}
	if got, want := locs(t, files[0].Data), []string{base + "sitemap-1.xml", base + "sitemap-2.xml", base + "sitemap-3.xml"}; !slices.Equal(got, want) {
		t.Errorf("index: %v", got)
	}
	var all []string
	for _, f := range files[1:] {
		all = append(all, locs(t, f.Data)...)
	}
	if !slices.Equal(all, in) {
		t.Errorf("parts list %v, want %v", all, in)
	}
	dir := write(t, files)
	xsd(t, "siteindex.xsd", filepath.Join(dir, "sitemap.xml"))
	for _, f := range files[1:] {
		xsd(t, "sitemap.xsd", filepath.Join(dir, f.Path))
	}
}

// Beyond 50,000 URLs the protocol's limit splits the sitemap.
func TestProtocolLimit(t *testing.T) {
	in := urls(MaxURLs + 1)
	files, err := Files(base, in, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 || len(locs(t, files[1].Data)) != MaxURLs || len(locs(t, files[2].Data)) != 1 {
		t.Fatalf("%d files", len(files))
	}
	dir := write(t, files)
	xsd(t, "siteindex.xsd", filepath.Join(dir, "sitemap.xml"))
	xsd(t, "sitemap.xsd", filepath.Join(dir, "sitemap-2.xml"))
}

func TestRobots(t *testing.T) {
	got := string(Robots(base+"sitemap.xml", nil))
	if !strings.HasPrefix(got, "User-agent: *\n") || !strings.HasSuffix(got, "\nSitemap: "+base+"sitemap.xml\n") {
		t.Errorf("robots.txt:\n%s", got)
	}
}

// schemaFile is a schema of the shared validators: in $VANBAN_SCHEMAS when
// set (CI), else in ../shared/tools/schemas beside the repository.
func schemaFile(name string) string {
	if dir := os.Getenv("VANBAN_SCHEMAS"); dir != "" {
		return filepath.Join(dir, name)
	}
	return filepath.Join("../../../shared/tools/schemas", name)
}
