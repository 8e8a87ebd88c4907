package site

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"vanban/generator/diag"
	"vanban/generator/fingerprint"
	"vanban/generator/index"
	"vanban/generator/load"
	"vanban/generator/model"
	"vanban/generator/output"
	"vanban/generator/resolve"
)

// Incremental builds. A build keeps, in a cache directory (by default
// .vanban-cache beside the output directory):
//
//   - content.cache: the parse cache of the load stage (parsed front matter
//     by path, size and SHA-256 of each file);
//   - <output name>.pages: for every output file, the fingerprint of its
//     inputs, valid only for the output tree whose manifest it names.
//
// The next build fingerprints each output's inputs again; a file whose
// fingerprint is unchanged is taken from the previous output as it is,
// without rendering it. Inputs are fingerprinted with hashstructure through
// the fingerprint package: the build's globals (program, templates, config,
// site, clock), the directives an output shows (each by its files' SHA-256,
// identity and status) and the links between them. Outputs whose inputs
// are not described here are rendered every time, and the output writer
// keeps their files when the bytes are the same, so a missing description
// costs time, never correctness.
//
// Any doubt makes the cache ignored: another magic, schema or program,
// a damaged or truncated file, or an output directory whose manifest is not
// the one the page fingerprints were made for.

// CacheDirName is the default cache directory, beside the output directory.
const CacheDirName = ".vanban-cache"

// pageCacheSchema is raised whenever what a page fingerprint covers
// changes, so older fingerprints are never compared with new ones.
const pageCacheSchema = 2

const pageCacheMagic = "VANBAN-PAGE-CACHE\n"

// DefaultCacheDir is where a build into out keeps its cache.
func DefaultCacheDir(out string) string {
	return filepath.Join(filepath.Dir(filepath.Clean(out)), CacheDirName)
}

// programID identifies this build of the program: a cache written by
// another binary (which may parse or render differently) is never used. It
// is zero when the executable cannot be read, which disables the cache.
var programID = sync.OnceValue(func() [32]byte {
	exe, err := os.Executable()
	if err != nil {
		return [32]byte{}
	}
	f, err := os.Open(exe)
	if err != nil {
		return [32]byte{}
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return [32]byte{}
	}
	var id [32]byte
	copy(id[:], h.Sum(nil))
	return id
})

// buildCache is the cache state of one build.
type buildCache struct {
	dir, pagesFile, contentFile string
	program                     [32]byte

	parse    *load.Cache     // the previous parse cache, nil when none
	oldPages map[string]page // the previous output's page fingerprints
	sums     map[string]load.FileSum

	globals uint64
	entry   map[*index.Entry]uint64     // F: files, identity, status
	card    map[*index.Entry]uint64     // C: what listings show of a directive
	local   map[*index.Entry]uint64     // L: F and the links in and out
	missing map[*resolve.Missing]uint64 // a missing document and who cites it
	byPath  map[string]*index.Entry     // e.Path() → e
	near    map[*index.Entry]uint64     // neighbours, once computed
	keys    map[string]uint64           // precomputed keys of other outputs

	encoded     chan struct{} // closed when the parse cache's temporary file is written
	encodedFile string        // its name; "" when it could not be written

	mu       sync.Mutex
	bodies   map[*index.Entry]bool // bodies rendered in this build
	warnings diag.List             // the previous build's warnings about bodies
	newPages map[string]uint64
	kept     int
	notes    []string // why parts of the cache were ignored
}

// openCache reads the cache of dir for the output out. Problems are notes,
// never errors: a build without a cache is just slower.
func openCache(dir, out string) *buildCache {
	c := &buildCache{dir: dir, program: programID(), newPages: map[string]uint64{}, bodies: map[*index.Entry]bool{}}
	if c.program == ([32]byte{}) {
		c.notes = append(c.notes, "cache disabled: cannot identify the program")
		return nil
	}
	c.contentFile = filepath.Join(dir, "content.cache")
	c.pagesFile = filepath.Join(dir, filepath.Base(filepath.Clean(out))+".pages")
	// Read a section at a time, decoded in the background while the
	// content is listed: the file is never whole in memory.
	if pc, err := load.ReadCacheFile(c.contentFile, c.program); err == nil {
		c.parse = pc
	} else if !errors.Is(err, fs.ErrNotExist) {
		c.notes = append(c.notes, "content cache ignored: "+err.Error())
	}
	if data, err := os.ReadFile(c.pagesFile); err == nil {
		pc, err := readPageCache(data, c.program, out)
		if err != nil {
			c.notes = append(c.notes, "page cache ignored: "+err.Error())
		} else {
			c.oldPages, c.warnings = pc.Pages, pc.Warnings
		}
	}
	return c
}

// manifestSum is the SHA-256 of the output's manifest: page fingerprints
// are valid only for the tree they were made with.
func manifestSum(out string) ([32]byte, error) {
	data, err := os.ReadFile(filepath.Join(out, output.ManifestName))
	if err != nil {
		return [32]byte{}, err
	}
	return sha256.Sum256(data), nil
}

// pageCache is the payload of a page cache file.
type pageCache struct {
	Pages    map[string]page // output path → fingerprint of its inputs, and its file
	Warnings diag.List       // warnings about directive bodies, to repeat when they are not rendered
}

func readPageCache(data []byte, program [32]byte, out string) (*pageCache, error) {
	head := len(pageCacheMagic) + 4 + 32 + 32
	if len(data) < head+32 || string(data[:len(pageCacheMagic)]) != pageCacheMagic {
		return nil, errors.New("not a page cache")
	}
	p := len(pageCacheMagic)
	if v := binary.BigEndian.Uint32(data[p:]); v != pageCacheSchema {
		return nil, fmt.Errorf("schema version %d, want %d", v, pageCacheSchema)
	}
	p += 4
	if !bytes.Equal(data[p:p+32], program[:]) {
		return nil, errors.New("written by another build of the program")
	}
	p += 32
	if sum := sha256.Sum256(data[:len(data)-32]); !bytes.Equal(sum[:], data[len(data)-32:]) {
		return nil, errors.New("damaged or truncated")
	}
	ms, err := manifestSum(out)
	if err != nil || !bytes.Equal(ms[:], data[p:p+32]) {
		return nil, errors.New("the output is not the one it describes")
	}
	p += 32
	var pc pageCache
	if err := gob.NewDecoder(bytes.NewReader(data[p : len(data)-32])).Decode(&pc); err != nil {
		return nil, err
	}
	if pc.Pages == nil {
		return nil, errors.New("no pages")
	}
	return &pc, nil
}

func writePageCache(pc *pageCache, program [32]byte, manifest [32]byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(pageCacheMagic)
	var v [4]byte
	binary.BigEndian.PutUint32(v[:], pageCacheSchema)
	buf.Write(v[:])
	buf.Write(program[:])
	buf.Write(manifest[:])
	if err := gob.NewEncoder(&buf).Encode(pc); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(buf.Bytes())
	buf.Write(sum[:])
	return buf.Bytes(), nil
}

// writeFileAtomic replaces name with data, never leaving half a file.
func writeFileAtomic(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".tmp-"+filepath.Base(name))
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
	}
	return err
}

// encodeContent starts writing the parse cache of this build to a
// temporary file in the cache directory, while the site renders (held in
// memory it would be tens of megabytes); saveContent puts it in place once
// the build has succeeded, discardContent removes it when it has not.
func (c *buildCache) encodeContent(pc *load.Cache) {
	c.encoded = make(chan struct{})
	go func() {
		defer close(c.encoded)
		name, err := c.writeTemp(func(w io.Writer) error { return load.WriteCache(w, pc, c.program) })
		if err == nil {
			c.encodedFile = name
		}
	}()
}

// waitContent waits until the parse cache is written (and its memory
// free); the build waits before rendering, so the memory it measures then
// is the render's.
func (c *buildCache) waitContent() {
	if c.encoded != nil {
		<-c.encoded
	}
}

// writeTemp writes a temporary file in the cache directory.
func (c *buildCache) writeTemp(write func(io.Writer) error) (string, error) {
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(c.dir, ".tmp-content.cache-")
	if err != nil {
		return "", err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// saveContent puts the parse cache written by encodeContent in place.
func (c *buildCache) saveContent() error {
	if c.encoded == nil {
		return nil
	}
	c.waitContent()
	c.encoded = nil
	if c.encodedFile == "" {
		return errors.New("parse cache not written")
	}
	return os.Rename(c.encodedFile, c.contentFile)
}

// discardContent removes the parse cache of a build that failed.
func (c *buildCache) discardContent() {
	if c.encoded == nil {
		return
	}
	c.waitContent()
	c.encoded = nil
	if c.encodedFile != "" {
		_ = os.Remove(c.encodedFile)
	}
}

// page is what the cache knows of an output file: the fingerprint of its
// inputs, and the stamp of the file written for them, so that the next
// build can keep the file without reading it (output.Tx.Keep).
type page struct {
	Key   uint64
	Stamp output.Stamp
}

// savePages writes the page fingerprints for the output just committed,
// with the stamps of its files and the build's warnings about bodies.
func (c *buildCache) savePages(out string, stamps map[string]output.Stamp, warnings diag.List) error {
	ms, err := manifestSum(out)
	if err != nil {
		return err
	}
	pages := make(map[string]page, len(c.newPages))
	for p, k := range c.newPages {
		if st, ok := stamps[p]; ok {
			pages[p] = page{k, st}
		}
	}
	data, err := writePageCache(&pageCache{Pages: pages, Warnings: warnings}, c.program, ms)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	return writeFileAtomic(c.pagesFile, data)
}

// fp fingerprints a value of plain data.
func fp(v any) uint64 {
	h, err := fingerprint.Of(v)
	if err != nil {
		// hashstructure refuses only exotic types. Fall back to the printed
		// form: at worst it differs between builds, which costs a re-render,
		// never a stale page.
		f := fnv.New64a()
		fmt.Fprintf(f, "%T %#v", v, v)
		return f.Sum64()
	}
	return h
}

// combine folds fingerprints (and strings) into one with FNV-1a. Leaves
// are fingerprinted with hashstructure (fp); combining their 64-bit results
// needs no reflection, and most keys are combinations.
func combine(parts ...uint64) uint64 {
	h := fnv.New64a()
	var b [8]byte
	for _, p := range parts {
		binary.BigEndian.PutUint64(b[:], p)
		h.Write(b[:])
	}
	return h.Sum64()
}

func strSum(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// statusRecord is a status with directives named by identifier.
type statusRecord struct {
	Code   string
	Since  string
	By     []string
	Events []eventRecord
}

type eventRecord struct {
	Code, Since, By string
}

func idOf(e *index.Entry) string {
	if e == nil {
		return ""
	}
	return e.ID
}

// entryRecord is what F(e) covers: e's files (paths and SHA-256), its
// identity in the catalogue and its status.
type entryRecord struct {
	ID, Jurisdiction string
	Year             int
	Draft            bool
	Files            []string
	Sums             []uint64
	Status           statusRecord
}

// prepare computes the fingerprints of every directive and missing
// document once. globals covers everything every output depends on.
func (c *buildCache) prepare(b *builder, globals any) {
	c.globals = fp(struct {
		Schema  int
		Program [32]byte
		Globals any
	}{pageCacheSchema, c.program, globals})
	entries := b.ix.Entries()
	c.entry = make(map[*index.Entry]uint64, len(entries))
	c.card = make(map[*index.Entry]uint64, len(entries))
	c.byPath = make(map[string]*index.Entry, len(entries))
	// Every directive's fingerprints are independent: on every core.
	entrySums, cardSums := make([]uint64, len(entries)), make([]uint64, len(entries))
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(entries); i += workers {
				e := entries[i]
				st := b.g.Status(e)
				r := entryRecord{ID: e.ID, Jurisdiction: e.Jurisdiction, Year: e.Year, Draft: e.Draft,
					Status: statusRecord{Code: string(st.Code), Since: st.Since.String()}}
				for _, by := range st.By {
					r.Status.By = append(r.Status.By, idOf(by), by.Doc.Number.Printed())
				}
				for _, ev := range st.Events {
					r.Status.Events = append(r.Status.Events, eventRecord{string(ev.Code), ev.Since.String(), idOf(ev.By)})
				}
				for _, d := range e.Dir.Editions {
					r.Files = append(r.Files, d.File)
					s := c.sums[d.File]
					r.Sums = append(r.Sums, binary.BigEndian.Uint64(s[:8]), binary.BigEndian.Uint64(s[8:16]))
				}
				entrySums[i] = fp(r)
				cardSums[i] = cardSum(e, fp(r.Status))
			}
		})
	}
	wg.Wait()
	for i, e := range entries {
		c.entry[e] = entrySums[i]
		c.card[e] = cardSums[i]
		c.byPath[e.Path()] = e
	}
	c.missing = map[*resolve.Missing]uint64{}
	for _, m := range b.g.Missing() {
		r := struct {
			ID, Number, Type, Jurisdiction string
			Year                           int
			Dates, Issuers, CitedBy        []string
		}{ID: m.ID, Number: m.Number.Text, Type: m.Type.Slug, Jurisdiction: m.Jurisdiction, Year: m.Year, Issuers: m.Issuers}
		for _, d := range m.Dates {
			r.Dates = append(r.Dates, d.String())
		}
		for _, l := range m.CitedBy {
			r.CitedBy = append(r.CitedBy, idOf(l.From))
		}
		c.missing[m] = fp(r)
	}
	c.local = make(map[*index.Entry]uint64, len(entries))
	for _, e := range entries {
		var r []uint64
		r = append(r, c.entry[e])
		for _, l := range b.g.Out(e) {
			r = append(r, 1, c.linkEnd(l.To, l.Missing))
		}
		for _, l := range b.g.In(e) {
			r = append(r, 2, c.entry[l.From])
		}
		c.local[e] = combine(r...)
	}
	c.keys = map[string]uint64{}
	c.near = make(map[*index.Entry]uint64, len(entries))
}

func (c *buildCache) linkEnd(to *index.Entry, m *resolve.Missing) uint64 {
	switch {
	case to != nil:
		return c.entry[to]
	case m != nil:
		return c.missing[m]
	}
	return 0
}

// neighbours returns the fingerprint of e's neighbourhood two links deep
// (both directions): what a directive page shows of other directives — its
// links, their cards and the relation diagram. It is computed once per
// directive (its pages and its API record share it).
func (c *buildCache) neighbours(b *builder, e *index.Entry) uint64 {
	c.mu.Lock()
	h, ok := c.near[e]
	c.mu.Unlock()
	if ok {
		return h
	}
	h = c.neighbourhood(b, e)
	c.mu.Lock()
	c.near[e] = h
	c.mu.Unlock()
	return h
}

// neighbourhood combines L of e and of every directive linked to it: L of
// a neighbour already covers F of the directives it links to.
func (c *buildCache) neighbourhood(b *builder, e *index.Entry) uint64 {
	out, in := b.g.Out(e), b.g.In(e)
	r := make([]uint64, 0, 1+len(out)+len(in))
	r = append(r, c.local[e])
	for _, l := range out {
		if l.To != nil {
			r = append(r, c.local[l.To])
		}
	}
	for _, l := range in {
		r = append(r, c.local[l.From])
	}
	return combine(r...)
}

// cardSum is C(e): what a card in a listing, the search index or the API
// catalogue shows of e — not its text, so editing a body re-renders its
// own pages and feeds but no listing. status is the fingerprint of e's
// status record.
func cardSum(e *index.Entry, status uint64) uint64 {
	d := e.Doc
	prov := ""
	if e.Province != nil {
		prov = e.Province.Slug
	}
	pub := ""
	if !d.Published.IsZero() {
		pub = d.Published.String()
	}
	parts := []uint64{status, boolBit(e.Draft)}
	for _, s := range []string{e.ID, e.Path(), e.Jurisdiction, prov, d.Number.Printed(), d.Number.Text, d.Type.Slug, d.Title, d.Issuer,
		d.Date.String(), d.Effective.String(), d.Expires.String(), pub, strings.Join(d.Topics, "\x00")} {
		parts = append(parts, strSum(s))
	}
	return combine(parts...)
}

// entryOf finds the directive an output belongs to: its pages (current,
// editions, comparisons) under its permalink, and its API record.
func (c *buildCache) entryOf(path string) *index.Entry {
	if strings.HasPrefix(path, "van-ban/") {
		parts := strings.SplitN(path, "/", 5)
		if len(parts) == 5 {
			return c.byPath[strings.Join(parts[:4], "/")+"/"]
		}
		return nil
	}
	if id, ok := strings.CutPrefix(path, apiDir); ok {
		if id, ok := strings.CutSuffix(id, ".json"); ok {
			if e, found := c.byPath[index.DocPath(id)]; found {
				return e
			}
		}
	}
	return nil
}

// key is the fingerprint of the inputs of the output at path, or false
// when they are not known (the output is then rendered).
func (c *buildCache) key(b *builder, path string) (uint64, bool) {
	if k, ok := c.keys[path]; ok {
		return k, true
	}
	if e := c.entryOf(path); e != nil {
		return combine(c.globals, strSum(path), c.neighbours(b, e)), true
	}
	return 0, false
}

// listKey is the key of an output showing the cards of entries (a listing
// page) with its own data.
func (c *buildCache) listKey(path string, own any, entries []*index.Entry) uint64 {
	r := make([]uint64, 0, len(entries)+1)
	r = append(r, fp([]any{c.globals, path, own}))
	for _, e := range entries {
		r = append(r, c.card[e])
	}
	return combine(r...)
}

// feedKey is the key of a feed's files: the items show their directives'
// text, with citations linked to the directives they cite.
func (c *buildCache) feedKey(b *builder, path string, own any, entries []*index.Entry) uint64 {
	r := make([]uint64, 0, len(entries)+1)
	r = append(r, fp([]any{c.globals, path, own}))
	for _, e := range entries {
		r = append(r, c.local[e])
	}
	return combine(r...)
}

// describe fills the keys of the outputs whose inputs are known besides the
// directives' own pages: feeds and the issuer and topic pages.
func (c *buildCache) describe(b *builder) {
	for _, s := range b.memoFeedSets() {
		var upd []uint64
		for _, u := range s.updates {
			upd = append(upd, c.entry[u.e], fp(u.item), boolBit(u.pub))
		}
		own := []any{s.title, s.name, s.group, s.page, s.isUpd, upd, b.cfg.Feeds}
		for _, f := range []string{"rss.xml", "atom.xml", "feed.json"} {
			c.keys[s.dir+f] = c.feedKey(b, s.dir+f, own, s.entries)
		}
	}
	c.describeLists(b)
	issuers, topics := b.memoByIssuerTopic()
	for _, k := range []struct {
		dir  string
		list []slice
	}{{issuerDir, issuers}, {topicDir, topics}} {
		var names []string
		for _, s := range k.list {
			p := k.dir + s.slug + "/index.html"
			c.keys[p] = c.listKey(p, []string{s.slug, s.name}, s.entries)
			names = append(names, s.slug, s.name, fmt.Sprint(len(s.entries)))
		}
		c.keys[k.dir+"index.html"] = fp([]any{c.globals, k.dir + "index.html", names})
	}
}

func boolBit(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// keep takes the output at path from the previous build when its inputs
// have the same fingerprint; it reports whether it did.
func (c *buildCache) keep(tx *output.Tx, path string, key uint64) bool {
	c.mu.Lock()
	c.newPages[path] = key
	old, ok := c.oldPages[path]
	c.mu.Unlock()
	// The file must still be the one written for these inputs (same size
	// and time): an output edited by hand is rendered again.
	if !ok || old.Key != key || tx.Keep(path, old.Stamp) != nil {
		return false
	}
	c.mu.Lock()
	c.kept++
	c.mu.Unlock()
	return true
}

// rendered records the key of an output that was rendered.
func (c *buildCache) rendered(path string, key uint64) {
	c.mu.Lock()
	c.newPages[path] = key
	c.mu.Unlock()
}

// templatesSum fingerprints every template file.
func templatesSum(fsys fs.FS) (uint64, error) {
	var parts []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		parts = append(parts, p, string(sum[:]))
		return nil
	})
	if err != nil {
		return 0, err
	}
	return fp(parts), nil
}

// describeLists fills the keys of the listing pages: each shows the cards
// of its directives (province, type and year pages, missing documents) or
// only names and counts (the index pages and the home page).
func (c *buildCache) describeLists(b *builder) {
	entries := b.ix.Entries()
	byJur := map[string][]*index.Entry{}
	byType := map[string][]*index.Entry{}
	byYear := map[int][]*index.Entry{}
	for _, e := range entries {
		byJur[e.Jurisdiction] = append(byJur[e.Jurisdiction], e)
		byType[e.Doc.Type.Slug] = append(byType[e.Doc.Type.Slug], e)
		byYear[e.Doc.Date.Year] = append(byYear[e.Doc.Date.Year], e)
	}
	counts := func(m map[string][]*index.Entry) []string {
		var out []string
		for k, v := range m {
			out = append(out, k+"="+fmt.Sprint(len(v)))
		}
		slices.Sort(out)
		return out
	}
	jurCounts := counts(byJur)
	typeCounts := counts(byType)
	yearKeys := map[string][]*index.Entry{}
	for y, es := range byYear {
		seg := fmt.Sprint(y)
		if y == 0 {
			seg = index.Unknown
		}
		yearKeys[seg] = es
		p := "nam/" + seg + "/index.html"
		c.keys[p] = c.listKey(p, seg, es)
	}
	yearCounts := counts(yearKeys)
	if reg := b.ix.Provinces(); reg != nil {
		for _, pr := range reg.All() {
			p := "tinh/" + pr.Slug + "/index.html"
			c.keys[p] = c.listKey(p, pr.Slug, b.ix.InProvince(pr.Slug))
		}
	}
	p := "tinh/" + index.Unknown + "/index.html"
	c.keys[p] = c.listKey(p, "", byJur[""])
	c.keys["tinh/index.html"] = fp([]any{c.globals, "tinh/index.html", jurCounts})
	for _, t := range model.DocTypes() {
		p := "loai/" + t.Slug + "/index.html"
		c.keys[p] = c.listKey(p, t.Slug, byType[t.Slug])
	}
	c.keys["loai/index.html"] = fp([]any{c.globals, "loai/index.html", typeCounts})
	c.keys["nam/index.html"] = fp([]any{c.globals, "nam/index.html", yearCounts})
	var all []uint64
	for _, m := range b.g.Missing() {
		all = append(all, c.missing[m])
		r := []uint64{c.missing[m]}
		for _, l := range m.CitedBy {
			r = append(r, c.entry[l.From])
		}
		p := m.Path() + "index.html"
		c.keys[p] = combine(append([]uint64{c.globals, strSum(p)}, r...)...)
	}
	c.keys["chua-co-trong-kho/index.html"] = combine(append([]uint64{c.globals, strSum("chua-co-trong-kho/index.html")}, all...)...)
	// The search index and the API catalogue show what a card shows (number,
	// title, issuer, dates, status, topics): C of each.
	c.keys["tim-kiem/chi-muc.json"] = c.listKey("tim-kiem/chi-muc.json", nil, entries)
	c.keys[apiCatalogue] = c.listKey(apiCatalogue, nil, entries)
	latest := entries[:min(20, len(entries))]
	c.keys["index.html"] = c.listKey("index.html", []any{jurCounts, typeCounts, yearCounts}, latest)
	for _, p := range []string{"tim-kiem/index.html", "404.html"} {
		c.keys[p] = fp([]any{c.globals, p})
	}
}

// unchanged reports whether the output at path has the inputs it had in
// the previous build (it will be kept unless its file is gone).
func (c *buildCache) unchanged(path string) bool {
	k, ok := c.keys[path]
	return ok && c.oldPages[path].Key == k
}

// errOutOfStep means an output predicted to be kept could not be; the
// build is then made again without the cache.
var errOutOfStep = errors.New("incremental build out of step with the previous output")

// bodyRendered records that e's body was rendered (and checked) in this
// build.
func (c *buildCache) bodyRendered(e *index.Entry) {
	c.mu.Lock()
	c.bodies[e] = true
	c.mu.Unlock()
}

// replayWarnings returns the previous build's warnings about the bodies of
// directives whose body was not rendered in this build: the same files
// give the same warnings, and a build reports them whether or not it had
// to render.
func (c *buildCache) replayWarnings(b *builder) diag.List {
	byFile := map[string]*index.Entry{}
	for _, e := range b.ix.Entries() {
		byFile[e.Doc.File] = e
	}
	var out diag.List
	for _, w := range c.warnings {
		if e, ok := byFile[w.Pos.File]; ok && !c.bodies[e] {
			out = append(out, w)
		}
	}
	return out
}

// memoFeedSets and memoByIssuerTopic compute the feed sets and the issuer
// and topic groups once per build (each walks the whole catalogue).
func (b *builder) memoFeedSets() []feedSet {
	b.setsOnce.Do(func() { b.sets = b.feedSets() })
	return b.sets
}

func (b *builder) memoByIssuerTopic() (issuers, topics []slice) {
	b.slicesOnce.Do(func() { b.issuers, b.topics = b.byIssuerTopic() })
	return b.issuers, b.topics
}
