package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"vanban/generator/load"
	"vanban/generator/model"
)

// every front matter key of the schema (model package doc) but edition,
// whose presence makes a file one edition of a folder.
var scaffoldKeys = []string{
	"id", "number", "type", "title", "issuer", "issuer_parent", "province", "date", "place",
	"published", "effective", "expires", "signer", "addressees", "distribution", "source",
	"topics", "draft", "notes", "basis", "implements", "amends", "replaces", "repeals", "corrects", "cites",
}

func loadScaffold(t *testing.T, file string) *model.Document {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc, diags := load.ParseFile(filepath.Base(file), data)
	if doc == nil || len(diags) > 0 {
		t.Fatalf("the scaffold does not load cleanly: %v\n%s", diags, data)
	}
	for _, k := range scaffoldKeys {
		if !doc.Has(k) {
			t.Errorf("the scaffold has no key %q", k)
		}
	}
	if !strings.Contains(string(data), "# edition:") {
		t.Errorf("the scaffold does not mention edition")
	}
	return doc
}

func TestNewFromFlags(t *testing.T) {
	out := filepath.Join(t.TempDir(), "content")
	args := []string{"new", "--type", "thong-bao", "--number", "364/TB-VPCP", "--date", "29/11/2022",
		"--province", "trung-uong", "--title", `Kết luận của Ban Chỉ đạo "Phiên họp thứ 18"`, "--out", out}
	var stdout, stderr bytes.Buffer
	if code := Run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	want := filepath.Join(out, "trung-uong", "2022", "thong-bao-364-tb-vpcp.md")
	if got := strings.TrimSpace(stdout.String()); got != want {
		t.Fatalf("stdout = %q, want the path %q", got, want)
	}
	doc := loadScaffold(t, want)
	if doc.Type.Slug != "thong-bao" || doc.Number.Text != "364/TB-VPCP" || doc.Date != (model.Date{Year: 2022, Month: 11, Day: 29}) ||
		doc.Province != "trung-uong" || doc.Title != `Kết luận của Ban Chỉ đạo "Phiên họp thứ 18"` || !doc.Draft || doc.ID != "" {
		t.Errorf("scaffold = %+v", doc)
	}
	if strings.Contains(stderr.String(), "error") {
		t.Errorf("a consistent directive got lint findings: %s", stderr.String())
	}

	// Never overwrite.
	if err := os.WriteFile(want, []byte("edited"), 0o644); err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	if code := Run(context.Background(), args, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "already exists") {
		t.Errorf("second run: exit %d, stderr %q", code, stderr.String())
	}
	if b, _ := os.ReadFile(want); string(b) != "edited" {
		t.Errorf("the existing file was replaced")
	}

	// The whole archive with the scaffold passes check (drafts included).
	stdout.Reset()
	if code := Run(context.Background(), []string{"check", "--content", out}, &stdout, &stderr); code != 1 {
		t.Errorf("check of the edited file: exit %d, want 1 (no front matter)", code)
	}
}

func TestNewCheckPasses(t *testing.T) {
	out := filepath.Join(t.TempDir(), "content")
	var stdout, stderr bytes.Buffer
	if code := Run(context.Background(), []string{"new", "--type", "cong-van", "--number", "4588/UBND-VX", "--date", "2022-12-07", "--province", "Lai Châu", "--title", "V/v thử", "--out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("new: exit %d: %s", code, stderr.String())
	}
	stdout.Reset()
	if code := Run(context.Background(), []string{"check", "--content", out}, &stdout, &stderr); code != 0 || stdout.Len() != 0 {
		t.Errorf("check of a fresh scaffold: exit %d:\n%s", code, stdout.String())
	}
}

func TestNewWithoutNumber(t *testing.T) {
	out := filepath.Join(t.TempDir(), "content")
	var stdout, stderr bytes.Buffer
	if code := Run(context.Background(), []string{"new", "--type", "Kết luận", "--title", "Kết luận", "--out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	p := strings.TrimSpace(stdout.String())
	rel, _ := filepath.Rel(out, p)
	if !regexp.MustCompile(`^khong-ro/khong-ro/ket-luan-khong-ro-khong-ro-kl-[0-9a-f]{8}\.md$`).MatchString(filepath.ToSlash(rel)) {
		t.Errorf("path %q", rel)
	}
	doc := loadScaffold(t, p)
	if doc.ID == "" || !strings.Contains(p, doc.ID) || doc.Number.Text != "" || doc.Date.Year != 0 {
		t.Errorf("scaffold = %+v", doc)
	}

	// An explicit id and a blank number ("/UBND-VX"); the year comes from the date.
	stdout.Reset()
	if code := Run(context.Background(), []string{"new", "--type", "cong-van", "--number", "/UBND-VX", "--date", "2022-09", "--province", "lai-chau", "--id", "cv-tiem-chung", "--title", "V/v tiêm chủng", "--out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if got, want := strings.TrimSpace(stdout.String()), filepath.Join(out, "lai-chau", "2022", "cong-van-cv-tiem-chung.md"); got != want {
		t.Errorf("path %q, want %q", got, want)
	}
	doc = loadScaffold(t, strings.TrimSpace(stdout.String()))
	if doc.Number.Text != "/UBND-VX" || doc.ID != "cv-tiem-chung" || doc.Date.Precision() != model.Month {
		t.Errorf("scaffold = %+v", doc)
	}
}

func TestNewInteractive(t *testing.T) {
	out := filepath.Join(t.TempDir(), "content")
	// Answers: an unknown type (asked again), a type by code, a bad number
	// (asked again), a number, a date in Vietnamese order, a province by
	// name, an empty title (asked again), the title.
	in := strings.NewReader("cong-viec\nCĐ\n12 34\n778/CD-TTg\n07/12/2022\n\n\nV/v tăng cường phòng, chống dịch\n")
	var stdout, stderr bytes.Buffer
	code := newDirective(context.Background(), []string{"--out", out}, in, true, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, stdout.String(), stderr.String())
	}
	for _, s := range []string{"Loại văn bản", `unknown document type "cong-viec"`, "Số, ký hiệu", "is not a number and symbol", "Ngày ban hành", "Tỉnh, thành phố", "Trích yếu", "the title (trích yếu) is required"} {
		if !strings.Contains(stdout.String(), s) {
			t.Errorf("the dialogue lacks %q:\n%s", s, stdout.String())
		}
	}
	p := filepath.Join(out, "khong-ro", "2022", "cong-dien-778-cd-ttg.md")
	if !strings.HasSuffix(strings.TrimSpace(stdout.String()), p) {
		t.Fatalf("stdout does not end with %s:\n%s", p, stdout.String())
	}
	doc := loadScaffold(t, p)
	if doc.Type.Slug != "cong-dien" || doc.Number.Text != "778/CĐ-TTg" || doc.Title != "V/v tăng cường phòng, chống dịch" || doc.Date.Day != 7 {
		t.Errorf("scaffold = %+v", doc)
	}

	// Flags given are not asked for; input ending early writes nothing.
	stdout.Reset()
	code = newDirective(context.Background(), []string{"--out", out, "--type", "chi-thi", "--province", "lai-chau"}, strings.NewReader("25-CT/TW\n"), true, &stdout, &stderr)
	if code != 2 || strings.Contains(stdout.String(), "Loại văn bản") || strings.Contains(stdout.String(), "Tỉnh, thành phố") {
		t.Errorf("exit %d, dialogue:\n%s", code, stdout.String())
	}
	if _, err := os.Stat(filepath.Join(out, "lai-chau")); err == nil {
		t.Errorf("an abandoned dialogue wrote a file")
	}
}

func TestNewUsage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "content")
	for _, args := range [][]string{
		{"--title", "x"},                        // no type, not a terminal
		{"--type", "cong-van"},                  // no title
		{"--type", "cong-viec", "--title", "x"}, // unknown type
		{"--type", "cong-van", "--title", "x", "--date", "2022-13-01"},
		{"--type", "cong-van", "--title", "x", "--province", "Atlantis"},
		{"--type", "cong-van", "--title", "x", "--number", "07/12/2022"},
		{"--type", "cong-van", "--title", "x", "--id", "Không slug"},
	} {
		var stdout, stderr bytes.Buffer
		if code := newDirective(context.Background(), append(args, "--out", out), strings.NewReader(""), false, &stdout, &stderr); code != 2 {
			t.Errorf("%q: exit %d, want 2 (stderr %s)", args, code, stderr.String())
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a usage error wrote something")
	}
}

func TestIsTerminal(t *testing.T) {
	f, err := os.Open(os.DevNull)
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Errorf("%s is not a terminal", os.DevNull)
	}
}
