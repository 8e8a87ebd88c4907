// Package synth generates deterministic synthetic archives for benchmarks:
// N directives spread over the 34 provinces and the central jurisdiction,
// issued 2015–2025, each with a 4–10 KB Vietnamese body built from a word
// list, 2–6 citations of other generated directives (correct number forms,
// dates and issuers, so they resolve), a few citations of documents that are
// not in the archive, declared relations (implements, amends, replaces),
// topics, and some directives with two editions (a folder of edition files).
//
// The same N and seed always give the same bytes, so a benchmark archive
// can be cached by N and rebuilt anywhere.
package synth

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"vanban/generator/model"
	"vanban/generator/province"
)

// Seed is the default seed.
const Seed = 20251123

// Options control one archive.
type Options struct {
	N    int    // directives
	Seed uint64 // 0: Seed
}

// form is how a kind of document is numbered and who issues it.
type form struct {
	typ    string // type slug
	symbol string // symbol after the number: "QĐ-UBND"; "{Y}" stands for the year
	issuer string // central issuer; "" for a province's people's committee
	short  string // how citing texts name the issuer
	party  bool   // Party form "25-CT/TW"
	weight int
}

var central = []form{
	{typ: "cong-dien", symbol: "CĐ-TTg", issuer: "Thủ tướng Chính phủ", short: "Thủ tướng Chính phủ", weight: 3},
	{typ: "chi-thi", symbol: "CT-TTg", issuer: "Thủ tướng Chính phủ", short: "Thủ tướng Chính phủ", weight: 2},
	{typ: "quyet-dinh", symbol: "QĐ-TTg", issuer: "Thủ tướng Chính phủ", short: "Thủ tướng Chính phủ", weight: 3},
	{typ: "thong-bao", symbol: "TB-VPCP", issuer: "Văn phòng Chính phủ", short: "Văn phòng Chính phủ", weight: 3},
	{typ: "cong-van", symbol: "VPCP-KGVX", issuer: "Văn phòng Chính phủ", short: "Văn phòng Chính phủ", weight: 3},
	{typ: "cong-van", symbol: "BYT-DP", issuer: "Bộ Y tế", short: "Bộ Y tế", weight: 2},
	{typ: "nghi-quyet", symbol: "NQ-CP", issuer: "Chính phủ", short: "Chính phủ", weight: 2},
	{typ: "nghi-dinh", symbol: "{Y}/NĐ-CP", issuer: "Chính phủ", short: "Chính phủ", weight: 1},
	{typ: "chi-thi", symbol: "CT/TW", issuer: "Ban Bí thư", short: "Ban Bí thư", party: true, weight: 1},
}

var local = []form{
	{typ: "cong-van", symbol: "UBND-VX", weight: 6},
	{typ: "cong-van", symbol: "UBND-KT", weight: 4},
	{typ: "quyet-dinh", symbol: "QĐ-UBND", weight: 4},
	{typ: "ke-hoach", symbol: "KH-UBND", weight: 3},
	{typ: "chi-thi", symbol: "CT-UBND", weight: 1},
	{typ: "thong-bao", symbol: "TB-UBND", weight: 2},
	{typ: "cong-dien", symbol: "CĐ-UBND", weight: 1},
	{typ: "bao-cao", symbol: "BC-UBND", weight: 1},
}

// Directive is one generated directive's identity.
type Directive struct {
	Index  int
	Jur    string // province slug or "trung-uong"
	Prov   *province.Province
	Form   form
	Date   time.Time
	Seq    int
	Number string // "123/QĐ-UBND"
	Issuer string
	Short  string // issuer as citing texts name it
	Type   model.DocType
	Edits  bool // two editions
	File   string
}

// Archive is the plan of an archive: every directive's identity.
type Archive struct {
	Opt  Options
	Dirs []*Directive // in date order
	byJ  map[string][]*Directive
}

// Plan decides every directive's identity without writing anything.
func Plan(opt Options) *Archive {
	if opt.Seed == 0 {
		opt.Seed = Seed
	}
	r := rand.New(rand.NewPCG(opt.Seed, 1))
	reg := province.Default()
	units := reg.Units("2025-07-01")
	start := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	days := int(time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC).Sub(start).Hours()/24) + 1
	a := &Archive{Opt: opt, byJ: map[string][]*Directive{}}
	for i := range opt.N {
		d := &Directive{Index: i, Date: start.AddDate(0, 0, r.IntN(days))}
		if r.IntN(100) < 15 {
			d.Jur = model.Central
			d.Form = pick(r, central)
			d.Issuer, d.Short = d.Form.issuer, d.Form.short
		} else {
			d.Prov = units[r.IntN(len(units))]
			d.Jur = d.Prov.Slug
			d.Form = pick(r, local)
			d.Issuer = "Ủy ban nhân dân " + d.Prov.FullName
			d.Short = "UBND " + d.Prov.FullName
		}
		d.Type, _ = model.TypeBySlug(d.Form.typ)
		d.Edits = r.IntN(100) < 3
		a.Dirs = append(a.Dirs, d)
	}
	slices.SortStableFunc(a.Dirs, func(x, y *Directive) int { return x.Date.Compare(y.Date) })
	seq := map[string]int{}
	for _, d := range a.Dirs {
		k := d.Jur + "/" + strconv.Itoa(d.Date.Year())
		seq[k]++
		d.Seq = seq[k]
		sym := strings.ReplaceAll(d.Form.symbol, "{Y}", strconv.Itoa(d.Date.Year()))
		if d.Form.party {
			d.Number = strconv.Itoa(d.Seq) + "-" + sym
		} else {
			d.Number = strconv.Itoa(d.Seq) + "/" + sym
		}
		n, _ := model.ParseNumber(d.Number)
		dir := d.Jur + "/" + strconv.Itoa(d.Date.Year())
		if d.Edits {
			d.File = dir + "/" + d.Type.Slug + "-" + n.Slug() + "/ban-1.md"
		} else {
			d.File = dir + "/" + d.Type.Slug + "-" + n.Slug() + ".md"
		}
		a.byJ[d.Jur] = append(a.byJ[d.Jur], d)
	}
	for i, d := range a.Dirs {
		d.Index = i
	}
	return a
}

func pick(r *rand.Rand, fs []form) form {
	total := 0
	for _, f := range fs {
		total += f.weight
	}
	n := r.IntN(total)
	for _, f := range fs {
		if n < f.weight {
			return f
		}
		n -= f.weight
	}
	return fs[0]
}

// earlier picks a directive of jurisdiction jur issued before d (or on the
// same day), or nil.
func (a *Archive) earlier(r *rand.Rand, jur string, d *Directive) *Directive {
	list := a.byJ[jur]
	n, _ := slices.BinarySearchFunc(list, d.Index, func(x *Directive, i int) int { return cmp.Compare(x.Index, i) })
	if n == 0 {
		return nil
	}
	return list[r.IntN(n)]
}

// Write generates the archive under dir/content (our format) and, when
// hugo is set, dir/hugo/content (the same directives for the Hugo site).
// It writes a vanban.yaml with a fixed clock next to content.
func (a *Archive) Write(dir string, hugo bool) error {
	if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
		return err
	}
	cfg := "title: \"Kho văn bản (thử tải)\"\nbase_url: \"https://vanban.example.gov.vn/\"\nlanguage: vi\n" +
		"publisher: \"Sở Thông tin và Truyền thông\"\nclock: \"2026-01-01T00:00:00+07:00\"\nfeeds:\n  items: 50\n  full_text: true\n"
	if err := os.WriteFile(filepath.Join(dir, "vanban.yaml"), []byte(cfg), 0o644); err != nil {
		return err
	}
	if hugo {
		if err := writeHugoSkeleton(filepath.Join(dir, "hugo")); err != nil {
			return err
		}
	}
	work := make(chan int)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				if err := a.writeOne(dir, a.Dirs[i], hugo); err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		}()
	}
	for i := range a.Dirs {
		work <- i
	}
	close(work)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

// Files returns the generated files of d: path → bytes (ours), and the
// Hugo page of its current edition.
func (a *Archive) Files(d *Directive) (files map[string][]byte, hugoPath string, hugoPage []byte) {
	r := rand.New(rand.NewPCG(a.Opt.Seed, uint64(d.Index)+2))
	doc := a.doc(r, d)
	files = map[string][]byte{}
	if !d.Edits {
		files[d.File] = doc.render(0, time.Time{}, "")
	} else {
		files[d.File] = doc.render(1, d.Date, "")
		ed2 := d.Date.AddDate(0, 0, 1+r.IntN(20))
		doc2 := doc
		doc2.body = doc.body + "\n\nVăn bản này được đính chính về ngày ban hành và một số lỗi chính tả trong mục cuối.\n"
		files[strings.TrimSuffix(d.File, "ban-1.md")+"ban-2.md"] = doc2.render(2, ed2, "Đính chính lỗi chính tả")
		doc = doc2
	}
	hp := strings.TrimSuffix(strings.TrimSuffix(d.File, "/ban-1.md"), ".md") + ".md"
	return files, hp, doc.hugo(d)
}

func (a *Archive) writeOne(dir string, d *Directive, hugo bool) error {
	files, hp, hpage := a.Files(d)
	for p, b := range files {
		if err := writeFile(filepath.Join(dir, "content", filepath.FromSlash(p)), b); err != nil {
			return err
		}
	}
	if hugo {
		return writeFile(filepath.Join(dir, "hugo", "content", filepath.FromSlash(hp)), hpage)
	}
	return nil
}

func writeFile(p string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, b, 0o644)
}

// rel is a relation declared in front matter.
type rel struct {
	kind string
	to   *Directive
}

type docText struct {
	d      *Directive
	title  string
	topics []string
	rels   []rel
	signer [3]string
	body   string
}

func (a *Archive) doc(r *rand.Rand, d *Directive) docText {
	t := docText{d: d, signer: signers[r.IntN(len(signers))]}
	t.title = title(r, d)
	for range 1 + r.IntN(3) {
		tp := topics[r.IntN(len(topics))]
		if !slices.Contains(t.topics, tp) {
			t.topics = append(t.topics, tp)
		}
	}
	// Citations: 2–6 earlier directives of the same jurisdiction or central.
	var cites []*Directive
	seen := map[*Directive]bool{d: true}
	for range 2 + r.IntN(5) {
		jur := d.Jur
		if d.Jur != model.Central && r.IntN(2) == 0 {
			jur = model.Central
		}
		if c := a.earlier(r, jur, d); c != nil && !seen[c] {
			seen[c] = true
			cites = append(cites, c)
		}
	}
	// Declared relations to earlier directives.
	if x := r.IntN(100); x < 16 {
		kind, jur := "implements", model.Central
		switch {
		case x < 4:
			kind, jur = "replaces", d.Jur
		case x < 8:
			kind, jur = "amends", d.Jur
		}
		if c := a.earlier(r, jur, d); c != nil && c != d {
			t.rels = append(t.rels, rel{kind, c})
		}
	}
	t.body = body(r, d, cites, t.rels)
	return t
}

func title(r *rand.Rand, d *Directive) string {
	var b strings.Builder
	if d.Type.Slug == "cong-van" {
		b.WriteString("V/v ")
	} else {
		b.WriteString("Về việc ")
	}
	n := 6 + r.IntN(9)
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[r.IntN(len(words))])
	}
	return b.String()
}

func vnDate(t time.Time) string {
	return fmt.Sprintf("%02d/%02d/%d", t.Day(), int(t.Month()), t.Year())
}

// citation is how running text cites c.
func citation(c *Directive) string {
	return c.Type.Name + " số " + c.Number + " ngày " + vnDate(c.Date) + " của " + c.Short
}

func sentence(r *rand.Rand, b *strings.Builder) {
	n := 12 + r.IntN(17)
	for i := range n {
		w := words[r.IntN(len(words))]
		if i == 0 {
			if w[0] < 0x80 {
				w = strings.ToUpper(w[:1]) + w[1:]
			} else { // a multi-byte first letter: start with a plain word
				w = "Các " + w
			}
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		if i > 3 && i < n-2 && r.IntN(12) == 0 {
			b.WriteByte(',')
		}
	}
	b.WriteString(". ")
}

func body(r *rand.Rand, d *Directive, cites []*Directive, rels []rel) string {
	target := 4000 + r.IntN(6000)
	var b strings.Builder
	b.Grow(target + 1024)
	// Opening: the legal basis, citing the first documents.
	b.WriteString("Thực hiện ")
	for i, c := range cites[:min(2, len(cites))] {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(citation(c))
	}
	if len(cites) == 0 {
		b.WriteString("chỉ đạo của cấp trên")
	}
	b.WriteString("; ")
	sentence(r, &b)
	b.WriteString("\n\n")
	for _, rl := range rels {
		switch rl.kind {
		case "replaces":
			b.WriteString("Văn bản này thay thế " + citation(rl.to) + ".\n\n")
		case "amends":
			b.WriteString("Văn bản này sửa đổi, bổ sung một số nội dung của " + citation(rl.to) + ".\n\n")
		}
	}
	rest := cites[min(2, len(cites)):]
	item := 1
	for b.Len() < target {
		b.WriteString(strconv.Itoa(item) + ". " + openers[r.IntN(len(openers))] + ". ")
		for range 2 + r.IntN(4) {
			sentence(r, &b)
		}
		if len(rest) > 0 && r.IntN(2) == 0 {
			b.WriteString("Thực hiện nghiêm " + citation(rest[0]) + ". ")
			rest = rest[1:]
		}
		if r.IntN(10) == 0 {
			// A document that is not in the archive.
			y := d.Date.Year() - 1 - r.IntN(3)
			b.WriteString("Căn cứ Báo cáo số " + strconv.Itoa(1+r.IntN(40)) + "/BC-BTC ngày " +
				vnDate(time.Date(y, time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)) + " của Bộ Tài chính. ")
		}
		b.WriteString("\n\n")
		if r.IntN(3) == 0 {
			for range 2 + r.IntN(3) {
				b.WriteString("- ")
				sentence(r, &b)
				b.WriteString("\n")
			}
			b.WriteString("\n")
		}
		item++
	}
	for _, c := range rest {
		b.WriteString("Các cơ quan, đơn vị tiếp tục thực hiện " + citation(c) + ".\n\n")
	}
	b.WriteString("Yêu cầu thủ trưởng các cơ quan, đơn vị liên quan nghiêm túc triển khai thực hiện./.\n")
	return b.String()
}

func q(s string) string { return strconv.Quote(s) }

func (t docText) render(edition int, edDate time.Time, note string) []byte {
	d := t.d
	var b strings.Builder
	b.Grow(len(t.body) + 1024)
	b.WriteString("---\n")
	b.WriteString("number: " + q(d.Number) + "\n")
	b.WriteString("type: " + d.Type.Slug + "\n")
	b.WriteString("title: " + q(t.title) + "\n")
	b.WriteString("issuer: " + q(d.Issuer) + "\n")
	b.WriteString("province: " + d.Jur + "\n")
	b.WriteString("date: " + d.Date.Format("2006-01-02") + "\n")
	if d.Prov != nil {
		b.WriteString("place: " + q(d.Prov.Name) + "\n")
	} else {
		b.WriteString("place: Hà Nội\n")
	}
	b.WriteString("signer:\n  authority: " + q(t.signer[0]) + "\n  title: " + q(t.signer[1]) + "\n  name: " + q(t.signer[2]) + "\n")
	b.WriteString("addressees:\n  - Các sở, ban, ngành\n  - UBND các xã, phường\n")
	b.WriteString("distribution:\n  - Như trên\n  - \"Lưu: VT\"\n")
	b.WriteString("topics:\n")
	for _, tp := range t.topics {
		b.WriteString("  - " + q(tp) + "\n")
	}
	for _, rl := range t.rels {
		b.WriteString(rl.kind + ":\n  - number: " + q(rl.to.Number) + "\n    date: " + rl.to.Date.Format("2006-01-02") + "\n")
	}
	if edition > 0 {
		b.WriteString("edition:\n  number: " + strconv.Itoa(edition) + "\n  date: " + edDate.Format("2006-01-02") + "\n")
		if note != "" {
			b.WriteString("  note: " + q(note) + "\n")
		}
	}
	b.WriteString("---\n\n")
	b.WriteString(t.body)
	return []byte(b.String())
}

// hugo is the directive as a Hugo page: the same body, the same listings
// as taxonomies (tinh, loai, nam).
func (t docText) hugo(d *Directive) []byte {
	var b strings.Builder
	b.Grow(len(t.body) + 512)
	b.WriteString("---\n")
	b.WriteString("title: " + q(d.Type.Name+" số "+d.Number+": "+t.title) + "\n")
	b.WriteString("date: " + d.Date.Format("2006-01-02") + "\n")
	b.WriteString("so: " + q(d.Number) + "\n")
	b.WriteString("issuer: " + q(d.Issuer) + "\n")
	b.WriteString("tinh: [" + q(d.Jur) + "]\n")
	b.WriteString("loai: [" + q(d.Type.Slug) + "]\n")
	b.WriteString("nam: [\"" + strconv.Itoa(d.Date.Year()) + "\"]\n")
	b.WriteString("---\n\n")
	b.WriteString(t.body)
	return []byte(b.String())
}

// Version changes whenever the generator's output changes, so cached
// archives are regenerated.
const Version = 2
