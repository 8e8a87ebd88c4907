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

// writeContent writes files (slash paths → text) under a new content dir.
func writeContent(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const goodDirective = `---
number: 4588/UBND-VX
type: cong-van
title: "V/v thực hiện kết luận"
issuer: Ủy ban nhân dân tỉnh Lai Châu
province: lai-chau
date: 2022-12-07
signer:
  authority: KT. CHỦ TỊCH
  title: PHÓ CHỦ TỊCH
  name: Tống Thanh Hải
---

Thực hiện Thông báo số 364/TB-VPCP ngày 29/11/2022 của Văn phòng Chính phủ.
`

const badDirective = `---
number: 12/QĐ-UBND
type: thong-bao
title: Thông báo thử
province: lai-chau
date: 2022-05-01
effective: 2022-04-01
signer:
  authority: T/M. ỦY BAN NHÂN DÂN
colour: red
---

Nội dung.
`

// A draft is checked too.
const badDraft = `---
number: 7/2021/NĐ-CP
type: nghi-dinh
title: Dự thảo
province: trung-uong
date: 2022-01-10
draft: true
---

Dự thảo.
`

func TestCheck(t *testing.T) {
	dir := writeContent(t, map[string]string{
		"lai-chau/2022/cong-van-4588-ubnd-vx.md": goodDirective,
		"lai-chau/2022/thong-bao-12.md":          badDirective,
		"trung-uong/2022/du-thao.md":             badDraft,
	})
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), []string{"check", "--content", dir}, &stdout, &stderr)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, stderr.String())
	}
	f := filepath.ToSlash(dir)
	want := strings.Join([]string{
		f + "/lai-chau/2022/thong-bao-12.md:2:1: error: type-code: 12/QĐ-UBND carries the code QĐ (Quyết định), but the type is thong-bao (Thông báo, code TB); fix the type or the number",
		f + "/lai-chau/2022/thong-bao-12.md:7:1: error: effective-date: takes effect 01/04/2022, before it was issued (01/05/2022)",
		f + "/lai-chau/2022/thong-bao-12.md:9:3: error: authority-prefix: \"T/M.\" is not a signature prefix; use one of TM., KT., Q., TL., TUQ. (Nghị định 30/2020/NĐ-CP, Điều 13)",
		f + "/lai-chau/2022/thong-bao-12.md:10:1: error: unknown key \"colour\" (known keys: ",
		f + "/trung-uong/2022/du-thao.md:2:1: error: year-infix: 7/2021/NĐ-CP carries the year 2021, but the document is dated 10/01/2022; the year in a legal document's number is its issue year",
	}, "\n")
	got := stdout.String()
	gotLines := strings.Split(strings.TrimSpace(got), "\n")
	wantLines := strings.Split(want, "\n")
	if len(gotLines) != len(wantLines) {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	for i := range wantLines {
		if !strings.HasPrefix(gotLines[i], wantLines[i]) {
			t.Errorf("line %d:\n got %s\nwant %s", i+1, gotLines[i], wantLines[i])
		}
	}
	if !strings.Contains(stderr.String(), "5 error(s), 0 warning(s)") {
		t.Errorf("stderr = %q, want a summary", stderr.String())
	}

	// The same as JSON.
	stdout.Reset()
	stderr.Reset()
	if code := Run(context.Background(), []string{"check", "--format", "json", "--content", dir}, &stdout, &stderr); code != 1 {
		t.Fatalf("json: exit %d, want 1", code)
	}
	var items []struct {
		File, Severity, Message string
		Line, Col               int
	}
	if err := json.Unmarshal(stdout.Bytes(), &items); err != nil {
		t.Fatalf("json output: %v\n%s", err, stdout.String())
	}
	if len(items) != 5 || items[0].File != f+"/lai-chau/2022/thong-bao-12.md" || items[0].Line != 2 || items[0].Col != 1 || items[0].Severity != "error" || !strings.HasPrefix(items[0].Message, "type-code:") {
		t.Errorf("json items = %+v", items)
	}

	// --no-lint keeps only the schema problem.
	stdout.Reset()
	if code := Run(context.Background(), []string{"check", "--no-lint", "--content", dir}, &stdout, &stderr); code != 1 || strings.Count(stdout.String(), "\n") != 1 {
		t.Errorf("--no-lint: exit %d, output:\n%s", code, stdout.String())
	}
}

func TestCheckClean(t *testing.T) {
	dir := writeContent(t, map[string]string{"lai-chau/2022/cong-van-4588-ubnd-vx.md": goodDirective})
	var stdout, stderr bytes.Buffer
	if code := Run(context.Background(), []string{"check", "--content", dir, "--format", "json"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d; stdout %s stderr %s", code, stdout.String(), stderr.String())
	}
	if strings.TrimSpace(stdout.String()) != "[]" {
		t.Errorf("json for a clean archive = %q, want []", stdout.String())
	}
	// Nothing is written next to the content.
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("check wrote beside the content: %v", entries)
	}
}

func TestCheckWarningsOnlyPass(t *testing.T) {
	dir := writeContent(t, map[string]string{"a.md": strings.Replace(goodDirective, "KT. CHỦ TỊCH", "KT CHỦ TỊCH", 1)})
	var stdout, stderr bytes.Buffer
	if code := Run(context.Background(), []string{"check", "--content", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d; stdout %s", code, stdout.String())
	}
	if !strings.Contains(stdout.String(), ": warning: authority-prefix:") {
		t.Errorf("stdout = %q, want the warning", stdout.String())
	}
}

func TestCheckUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := Run(context.Background(), []string{"check", "--format", "xml"}, &stdout, &stderr); code != 2 {
		t.Errorf("--format xml: exit %d, want 2", code)
	}
	stderr.Reset()
	if code := Run(context.Background(), []string{"check", "--help"}, &stdout, &stderr); code != 0 {
		t.Errorf("--help: exit %d", code)
	}
	for _, rule := range []string{"type-code", "cong-van-code", "party-form", "year-infix", "authority-prefix", "effective-date", "duplicate-number"} {
		if !strings.Contains(stderr.String(), rule) {
			t.Errorf("--help does not name the rule %s", rule)
		}
	}
}
