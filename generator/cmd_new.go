package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"vanban/generator/index"
	"vanban/generator/lint"
	"vanban/generator/load"
	"vanban/generator/model"
	"vanban/generator/province"
	"vanban/generator/vn"
)

const newUsage = `Usage: go run ./generator new [--type T] [--number N] [--date D] [--province P] [--title S] [--out DIR]

Creates a directive file with every front matter key present, ready to fill
in, at DIR/{province}/{year}/{type}-{number}.md ("khong-ro" for what is not
known). The file starts as a draft ("draft: true"): preview it with
'go run ./generator serve --drafts' and delete that line to publish.

When standard input is a terminal, what the flags do not give is asked for.
Otherwise --type and --title are required; the rest may stay empty.
An existing file is never overwritten.

Flags:
  --type T       document type: a slug (cong-van, thong-bao, quyet-dinh…), a
                 code (TB, QĐ) or a name ("Thông báo")
  --number N     number and symbol, "4588/UBND-VX"; "/UBND-VX" when the
                 number was left blank
  --date D       issue date, YYYY-MM-DD, YYYY-MM, YYYY or DD/MM/YYYY
  --province P   province slug or name ("lai-chau", "Lai Châu"), or
                 trung-uong for central bodies
  --title S      trích yếu (subject); "V/v …" for a công văn
  --id ID        stable identifier when there is no number (default: made up)
  --out DIR      content directory (default "content")

Exit codes: 0 created, 1 the file could not be written, 2 usage error.
`

// runNew is the "new" command on the process's standard input.
func runNew(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return newDirective(ctx, args, os.Stdin, isTerminal(os.Stdin), stdout, stderr)
}

// isTerminal reports whether f is a terminal: a character device other than
// the null device (golang.org/x/term is not a dependency of the module).
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	if null, err := os.Stat(os.DevNull); err == nil && os.SameFile(st, null) {
		return false
	}
	return true
}

// newFields are what new asks for.
type newFields struct {
	typ      model.DocType
	number   model.Number
	date     model.Date
	province string
	title    string
	id       string
}

// newDirective scaffolds a directive. When interactive, missing fields are
// asked for on stdout and read from in.
func newDirective(_ context.Context, args []string, in io.Reader, interactive bool, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("new", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.Usage = func() { fmt.Fprint(stderr, newUsage) }
	typ := fset.String("type", "", "document type")
	number := fset.String("number", "", "number and symbol")
	date := fset.String("date", "", "issue date")
	prov := fset.String("province", "", "province slug or name")
	title := fset.String("title", "", "trích yếu")
	id := fset.String("id", "", "stable identifier when there is no number")
	out := fset.String("out", "content", "content directory")
	if pos, code, ok := parseFlags(fset, args); !ok {
		return code
	} else if len(pos) > 0 {
		fmt.Fprintf(stderr, "new: unexpected argument %q\n", pos[0])
		return 2
	}
	set := map[string]bool{}
	fset.Visit(func(f *flag.Flag) { set[f.Name] = true })

	var nf newFields
	var errs []string
	parse := func(name, value string) error {
		var err error
		switch name {
		case "type":
			nf.typ, err = parseType(value)
		case "number":
			nf.number, err = parseNewNumber(value)
		case "date":
			nf.date, err = model.ParseDate(value)
		case "province":
			nf.province, err = parseProvince(value)
		case "title":
			nf.title = strings.TrimSpace(vn.Normalize(value))
			if nf.title == "" {
				err = errors.New("the title (trích yếu) is required")
			}
		case "id":
			nf.id = strings.TrimSpace(value)
			if nf.id != "" && vn.Slug(nf.id) != nf.id {
				err = fmt.Errorf("%q is not a slug; did you mean %q?", nf.id, vn.Slug(nf.id))
			}
		}
		return err
	}
	values := map[string]*string{"type": typ, "number": number, "date": date, "province": prov, "title": title, "id": id}
	for _, name := range []string{"type", "number", "date", "province", "title", "id"} {
		if !set[name] {
			continue
		}
		if err := parse(name, *values[name]); err != nil {
			errs = append(errs, fmt.Sprintf("--%s: %v", name, err))
		}
	}
	if len(errs) > 0 {
		for _, e := range errs {
			fmt.Fprintln(stderr, "new:", e)
		}
		return 2
	}
	prompts := []struct{ name, label string }{
		{"type", "Loại văn bản (type: cong-van, thong-bao, chi-thi, quyet-dinh, ke-hoach, cong-dien…)"},
		{"number", "Số, ký hiệu (number: 4588/UBND-VX; để trống nếu chưa rõ)"},
		{"date", "Ngày ban hành (date: 2022-12-07 hoặc 07/12/2022; để trống nếu chưa rõ)"},
		{"province", "Tỉnh, thành phố (province: lai-chau, Lai Châu, trung-uong; để trống nếu chưa rõ)"},
		{"title", "Trích yếu (title: V/v …)"},
	}
	if interactive {
		sc := bufio.NewScanner(in)
		for _, p := range prompts {
			if set[p.name] {
				continue
			}
			for {
				fmt.Fprintf(stdout, "%s: ", p.label)
				if !sc.Scan() {
					fmt.Fprintln(stdout)
					fmt.Fprintln(stderr, "new: input ended; nothing was written")
					return 2
				}
				err := parse(p.name, sc.Text())
				if err == nil && p.name == "type" && nf.typ.Slug == "" {
					err = errors.New("the type is required")
				}
				if err == nil {
					break
				}
				fmt.Fprintf(stdout, "  %v\n", err)
			}
		}
	} else {
		var missing []string
		if !set["type"] || nf.typ.Slug == "" {
			missing = append(missing, "--type")
		}
		if !set["title"] {
			missing = append(missing, "--title")
		}
		if len(missing) > 0 {
			fmt.Fprintf(stderr, "new: %s required when standard input is not a terminal\n", strings.Join(missing, " and "))
			fset.Usage()
			return 2
		}
	}
	if !nf.number.Known() && nf.id == "" {
		nf.id = madeUpID(nf)
	}

	text := scaffold(nf)
	rel := newPath(nf)
	// The scaffold must load cleanly; anything else is a bug here.
	doc, diags := load.ParseFile(rel, text)
	if doc == nil || diags.HasErrors() {
		fmt.Fprintf(stderr, "new: internal error: the scaffold does not load:\n%v\n", diags)
		return 1
	}
	dest := filepath.Join(*out, filepath.FromSlash(rel))
	if err := createNew(dest, text); err != nil {
		fmt.Fprintln(stderr, "new:", err)
		return 1
	}
	name := filepath.ToSlash(dest)
	for _, d := range lint.Document(doc).Sorted() {
		d.Pos.File = name
		fmt.Fprintf(stderr, "%s: %s: %s\n", d.Pos, d.Severity, d.Message)
	}
	fmt.Fprintln(stdout, dest)
	fmt.Fprintf(stderr, "created %s (a draft): fill in the empty fields and paste the text below the front matter;\n"+
		"preview with 'go run ./generator serve --drafts', check with 'go run ./generator check',\n"+
		"and delete the line \"draft: true\" to publish.\n", name)
	return 0
}

// parseType accepts a slug, a code or a name.
func parseType(s string) (model.DocType, error) {
	s = strings.TrimSpace(vn.Normalize(s))
	if s == "" {
		return model.DocType{}, nil
	}
	if t, ok := model.TypeBySlug(s); ok {
		return t, nil
	}
	if t, ok := model.TypeByCode(s); ok {
		return t, nil
	}
	if t, ok := model.TypeBySlug(vn.Slug(s)); ok {
		return t, nil
	}
	var slugs []string
	for _, t := range model.DocTypes() {
		slugs = append(slugs, t.Slug)
	}
	return model.DocType{}, fmt.Errorf("unknown document type %q (known: %s)", s, strings.Join(slugs, ", "))
}

func parseNewNumber(s string) (model.Number, error) {
	if strings.TrimSpace(s) == "" {
		return model.Number{}, nil
	}
	n, ok := model.ParseNumber(s)
	if !ok {
		return model.Number{}, fmt.Errorf("%q is not a number and symbol such as 4588/UBND-VX, 30/2020/NĐ-CP or 25-CT/TW", s)
	}
	return n, nil
}

func parseProvince(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	reg := province.Default()
	if p, ok := reg.BySlug(s); ok {
		return p.Slug, nil
	}
	if p, ok := reg.Canonical(s); ok {
		return p.Slug, nil
	}
	if p, ok := reg.Lookup(s); ok {
		return p.Slug, nil
	}
	if vn.Key(s) == "trung uong" {
		return model.Central, nil
	}
	return "", fmt.Errorf("unknown province %q (give a slug such as lai-chau, a name such as Lai Châu, or trung-uong)", s)
}

func yearOf(nf newFields) int {
	if nf.date.Year != 0 {
		return nf.date.Year
	}
	return nf.number.Year
}

// newPath is where the file goes under the content directory:
// {province|khong-ro}/{year|khong-ro}/{type}-{number slug or id}.md.
func newPath(nf newFields) string {
	prov, year := index.Unknown, index.Unknown
	if nf.province != "" {
		prov = nf.province
	}
	if y := yearOf(nf); y != 0 {
		year = strconv.Itoa(y)
	}
	stem := nf.id
	if nf.number.Known() {
		stem = nf.number.Slug()
	}
	return path.Join(prov, year, nf.typ.Slug+"-"+stem+".md")
}

// madeUpID is an identifier for a directive without a number, in the form
// the importer uses: "lai-chau-2022-cv-566c0aa3".
func madeUpID(nf newFields) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	abbr := strings.ToLower(vn.Slug(nf.typ.Code))
	switch {
	case nf.typ.Slug == "cong-van":
		abbr = "cv"
	case abbr == "":
		abbr = "vb"
	}
	prov, year := index.Unknown, index.Unknown
	if nf.province != "" {
		prov = nf.province
	}
	if y := yearOf(nf); y != 0 {
		year = strconv.Itoa(y)
	}
	return prov + "-" + year + "-" + abbr + "-" + hex.EncodeToString(b[:])
}

// quote writes s as a YAML double-quoted scalar ("" when empty).
func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// scaffold writes the directive file: every key, empty where not known,
// with a note on what goes there.
func scaffold(nf newFields) []byte {
	var b strings.Builder
	line := func(key, value, note string) {
		kv := key + ":"
		if value != "" {
			kv += " " + value
		}
		if note != "" {
			fmt.Fprintf(&b, "%-34s # %s\n", kv, note)
			return
		}
		b.WriteString(kv + "\n")
	}
	b.WriteString("---\n")
	b.WriteString("# Văn bản mới. Điền các trường còn trống; trường nào văn bản không ghi thì để trống.\n")
	b.WriteString("# Kiểm tra: go run ./generator check · Xem trước: go run ./generator serve --drafts\n")
	b.WriteString("# Khi đã sẵn sàng công bố, xóa dòng \"draft: true\" ở cuối phần này.\n")
	num := ""
	if nf.number.Text != "" {
		num = quote(nf.number.Text)
	}
	line("number", num, "số, ký hiệu: 4588/UBND-VX; /UBND-VX khi số để trống")
	idNote := "mã cố định, chỉ dùng khi chưa có số"
	line("id", nf.id, idNote)
	line("type", nf.typ.Slug, nf.typ.Name)
	line("title", quote(nf.title), "trích yếu; công văn: \"V/v …\"")
	line("issuer", "", "cơ quan ban hành, như in trên văn bản")
	line("issuer_parent", "", "cơ quan chủ quản (dòng trên tên cơ quan)")
	line("province", nf.province, "tỉnh, thành phố (slug); trung-uong cho cơ quan trung ương")
	line("date", nf.date.String(), "ngày ban hành: 2022-12-07; 2022-09 khi ngày để trống")
	line("place", "", "địa danh: Lai Châu")
	line("published", "", "ngày giờ đăng; sau đồng hồ của bản dựng thì chưa công bố")
	line("effective", "", "ngày có hiệu lực (mặc định: ngày ban hành)")
	line("expires", "", "ngày hết hiệu lực")
	b.WriteString("signer:\n")
	line("  authority", "", "TM., KT., Q., TL., TUQ. và chức vụ: KT. CHỦ TỊCH")
	line("  title", "", "chức vụ người ký: PHÓ CHỦ TỊCH")
	line("  name", "", "họ tên người ký")
	line("addressees", "[]", "Kính gửi: [\"Các sở, ban, ngành\", …]")
	line("distribution", "[]", "Nơi nhận")
	b.WriteString("source:\n")
	line("  url", "", "địa chỉ trang nguồn")
	line("  file", "", "tệp gốc (bản quét, bản tải về)")
	line("  kind", model.FullText, "full-text, news-report hoặc summary")
	line("  note", "", "")
	line("topics", "[]", "chủ đề: [\"Phòng, chống dịch COVID-19\"]")
	line("basis", "[]", "căn cứ: [\"364/TB-VPCP\"]")
	line("implements", "[]", "thực hiện, hướng dẫn")
	line("amends", "[]", "sửa đổi, bổ sung")
	line("replaces", "[]", "thay thế")
	line("repeals", "[]", "bãi bỏ")
	line("corrects", "[]", "đính chính")
	line("cites", "[]", "dẫn chiếu")
	b.WriteString("# edition: {number: 2, date: 2023-01-05, note: \"Đính chính ngày ban hành\"}\n")
	b.WriteString("#   chỉ khi văn bản có nhiều lần ban hành: mỗi lần một tệp trong cùng một thư mục\n")
	line("notes", "", "ghi chú biên tập: điều gì chưa rõ và vì sao")
	line("draft", "true", "xóa dòng này để công bố")
	b.WriteString("---\n\n")
	b.WriteString("(Dán toàn văn văn bản vào đây, thay cho dòng này.)\n")
	return []byte(b.String())
}

// createNew writes a new file, never replacing one.
func createNew(dest string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s already exists; nothing was written (edit it, or give another --number or --id)", dest)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(dest)
		return err
	}
	return f.Close()
}
