package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const seed001 = "../../shared/seeds/001_566c0aa35f654784.txt"

func TestImportJSON(t *testing.T) {
	if _, err := os.Stat(seed001); err != nil {
		t.Skipf("seed not available: %v", err)
	}
	var out, errb bytes.Buffer
	// Flag after the file: interspersed flags are allowed.
	if code := runImport(context.Background(), []string{seed001, "--json"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var rec struct {
		Issuer string `json:"issuer"`
		Title  string `json:"title"`
		Number struct {
			Text, Seq, Symbol string
		} `json:"number"`
		Date struct {
			ISO, Precision string
		} `json:"date"`
		Signer struct {
			Authority, Title, Name string
		} `json:"signer"`
		Citations []struct {
			Number, Raw string
		} `json:"citations"`
	}
	if err := json.Unmarshal(out.Bytes(), &rec); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if rec.Issuer != "Ủy ban nhân dân tỉnh Lai Châu" || !strings.HasPrefix(rec.Title, "V/v thực hiện kết luận") {
		t.Errorf("issuer %q title %q", rec.Issuer, rec.Title)
	}
	if rec.Number.Seq != "" || rec.Number.Symbol != "UBND-VX" {
		t.Errorf("number %+v", rec.Number)
	}
	if rec.Date.ISO != "2022-09" || rec.Date.Precision != "month" {
		t.Errorf("date %+v", rec.Date)
	}
	if rec.Signer.Authority != "KT. CHỦ TỊCH" || rec.Signer.Title != "PHÓ CHỦ TỊCH" || rec.Signer.Name != "Tổng Thanh Hải" {
		t.Errorf("signer %+v", rec.Signer)
	}
	var nums []string
	for _, c := range rec.Citations {
		nums = append(nums, c.Number)
	}
	if got := strings.Join(nums, " "); got != "288/TB-VPCP 778/CĐ-TTg 3294/UBND-VX" {
		t.Errorf("citations %q", got)
	}
	if !strings.Contains(errb.String(), "001_566c0aa35f654784.txt:9: number: number left blank") {
		t.Errorf("problems on stderr should be FILE:LINE: …, got:\n%s", errb.String())
	}
}

func TestImportOut(t *testing.T) {
	if _, err := os.Stat(seed001); err != nil {
		t.Skipf("seed not available: %v", err)
	}
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := runImport(context.Background(), []string{"--out", dir, seed001}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	want := filepath.Join(dir, "lai-chau", "2022", "cong-van-001-566c0aa35f654784.md")
	if strings.TrimSpace(out.String()) != want {
		t.Errorf("printed %q, want %q", out.String(), want)
	}
	b, err := os.ReadFile(want)
	if err != nil || !bytes.HasPrefix(b, []byte("---\n")) {
		t.Fatalf("written file: %v\n%s", err, b)
	}
	out.Reset()
	errb.Reset()
	if code := runImport(context.Background(), []string{seed001, "--out", dir}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "exists") {
		t.Errorf("second import without --force: exit %d, %s", code, errb.String())
	}
	if code := runImport(context.Background(), []string{seed001, "--out", dir, "--force"}, &out, &errb); code != 0 {
		t.Errorf("--force: exit %d, %s", code, errb.String())
	}
}

func TestImportUsage(t *testing.T) {
	var out, errb bytes.Buffer
	if code := runImport(context.Background(), []string{"--help"}, &out, &errb); code != 0 || !strings.Contains(errb.String(), "Usage:") {
		t.Errorf("--help: exit %d, %q", code, errb.String())
	}
	for _, args := range [][]string{{}, {"--bogus", "x"}, {"x", "--json", "--out", "d"}, {"x", "--force"}} {
		if code := runImport(context.Background(), args, &out, &errb); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
	if code := runImport(context.Background(), []string{"/nonexistent/file.txt"}, &out, &errb); code != 1 {
		t.Errorf("missing file: exit %d, want 1", code)
	}
}
