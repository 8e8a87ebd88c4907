package site

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"debug/elf"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/fnv"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"vanban/generator/diag"
	"vanban/generator/feed"
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
const pageCacheSchema = 3

const pageCacheMagic = "VANBAN-PAGE-CACHE\n"

// DefaultCacheDir is where a build into out keeps its cache.
func DefaultCacheDir(out string) string {
	return filepath.Join(filepath.Dir(filepath.Clean(out)), CacheDirName)
}

// cacheDir is the cache directory of a build with opt.
func cacheDir(opt Options) string { return cmp.Or(opt.CacheDir, DefaultCacheDir(opt.Out)) }

// contentCacheFile is the parse cache in the cache directory dir.
func contentCacheFile(dir string) string { return filepath.Join(dir, "content.cache") }

// ParseCacheSize is the size in bytes of the parse cache a build with opt
// would read, 0 when there is none it would use (a first or uncached
// build, or a cache whose header the load would reject: another build of
// the program's, another schema, a damaged section table). It grows with
// the archive (about 1.4 KB a directive), so it tells the size of the
// build to come, and that it will be incremental, before anything is
// loaded.
func ParseCacheSize(opt Options) int64 {
	if opt.Out == "" || opt.NoCache || programID() == ([32]byte{}) {
		return 0
	}
	return load.CacheFileFor(contentCacheFile(cacheDir(opt)), programID())
}

// programID identifies this build of the program: a cache written by
// another binary (which may parse or render differently) is never used. It
// is zero when the executable cannot be read, which disables the cache.
//
// The Go linker's build ID ends with a hash of the executable's own bytes
// (cmd/go computes it over the linked file), so it names the binary as well
// as a SHA-256 of it, without reading some 20 MB every build. An executable
// without one in the standard form (not ELF, or linked with a build ID set
// by hand) is hashed whole.
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
	fi, err := f.Stat()
	if err != nil {
		return [32]byte{}
	}
	if id, ok := goBuildID(f); ok {
		return sha256.Sum256(fmt.Appendf(nil, "go build id %s, %d bytes", id, fi.Size()))
	}
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, fi.Size())); err != nil {
		return [32]byte{}
	}
	var id [32]byte
	copy(id[:], h.Sum(nil))
	return id
})

// goBuildID reads the Go build ID note of an ELF executable. It accepts
// only IDs as cmd/go writes them: parts of 20 URL-safe base64 characters
// (hashes), the last one the hash of the file's content.
func goBuildID(r io.ReaderAt) (string, bool) {
	f, err := elf.NewFile(r)
	if err != nil {
		return "", false
	}
	s := f.Section(".note.go.buildid")
	if s == nil || s.Size > 1<<10 {
		return "", false
	}
	note, err := s.Data()
	if err != nil || len(note) < 16 {
		return "", false
	}
	bo := f.ByteOrder
	namesz, descsz, typ := bo.Uint32(note), bo.Uint32(note[4:]), bo.Uint32(note[8:])
	if namesz != 4 || typ != 4 || string(note[12:16]) != "Go\x00\x00" || int(descsz) > len(note)-16 {
		return "", false
	}
	id := string(note[16 : 16+descsz])
	parts := strings.Split(id, "/")
	if len(parts) < 2 {
		return "", false
	}
	for _, p := range parts {
		if len(p) != 20 || strings.Trim(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
			return "", false
		}
	}
	return id, true
}

// buildCache is the cache state of one build.
type buildCache struct {
	dir, pagesFile, contentFile string
	program                     [32]byte

	parse *load.Cache // the previous parse cache, nil when none
	// The previous output's page fingerprints, nil when none; set once
	// pagesRead is closed, with pagesNote when they were refused.
	old       *oldPages
	pagesRead chan struct{}
	pagesNote string
	sums      map[string]load.FileSum

	globals uint64
	pos     map[*index.Entry]int32 // position in ix.Entries(): the index of the slices below
	entry   []uint64               // F: files, identity, status
	card    []uint64               // C: what listings and links show of a directive
	links   []uint64               // A: e's links, each with C (or M) of its other end
	missing map[*resolve.Missing]uint64
	keys    map[string]uint64 // keys of outputs other than the directives' own

	encoded     chan struct{} // closed when the parse cache's temporary file is written
	encodedFile string        // its name; "" when it could not be written

	mu       sync.Mutex
	bodies   map[*index.Entry]bool // bodies rendered in this build
	warnings diag.List             // the previous build's warnings about bodies
	kept     atomic.Int64
	notes    []string // why parts of the cache were ignored
}

// openCache reads the cache of dir for the output out. Problems are notes,
// never errors: a build without a cache is just slower.
func openCache(dir, out string) *buildCache {
	c := &buildCache{dir: dir, program: programID(), bodies: map[*index.Entry]bool{}}
	if c.program == ([32]byte{}) {
		c.notes = append(c.notes, "cache disabled: cannot identify the program")
		return nil
	}
	c.contentFile = contentCacheFile(dir)
	c.pagesFile = pageCacheFile(dir, out)
	// Read a section at a time, decoded in the background while the
	// content is listed: the file is never whole in memory.
	if pc, err := load.ReadCacheFile(c.contentFile, c.program); err == nil {
		c.parse = pc
	} else if !errors.Is(err, fs.ErrNotExist) {
		c.notes = append(c.notes, "content cache ignored: "+err.Error())
	}
	// The page fingerprints are read beside the load stage: nothing needs
	// them before it ends (see waitPages).
	c.pagesRead = make(chan struct{})
	go func() {
		defer close(c.pagesRead)
		data, err := os.ReadFile(c.pagesFile)
		if err != nil {
			return
		}
		old, err := readPageCache(data, c.program)
		if err != nil {
			c.pagesNote = "page cache ignored: " + err.Error()
			return
		}
		c.old, c.warnings = old, old.warnings
	}()
	return c
}

// pageCacheFile is the page cache of the output out in the cache
// directory dir.
func pageCacheFile(dir, out string) string {
	return filepath.Join(dir, filepath.Base(filepath.Clean(out))+".pages")
}

// removePageCache removes the page cache of out, proven wrong.
func removePageCache(dir, out string) error {
	err := os.Remove(pageCacheFile(dir, out))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// waitPages waits for the previous output's page fingerprints (c.old) to
// be read.
func (c *buildCache) waitPages() {
	<-c.pagesRead
	if c.pagesNote != "" {
		c.notes = append(c.notes, c.pagesNote)
		c.pagesNote = ""
	}
}

// forTree keeps the page fingerprints only if they were made for the
// output tree whose manifest has the SHA-256 manifest: a tree written or
// edited by anything else is not the one they describe.
func (c *buildCache) forTree(manifest [32]byte) {
	if c.old != nil && c.old.manifest != manifest {
		c.notes = append(c.notes, "page cache ignored: the output is not the one it describes")
		c.old, c.warnings = nil, nil
	}
}

// A page cache file is
//
//	magic, schema (uint32), program ID (32 bytes), manifest SHA-256 (32 bytes),
//	pages: count (uvarint), then per page path length (uvarint), path,
//	       key, size, modification time (8 bytes each),
//	warnings: count (uvarint), then per warning file, line, column,
//	       severity, message (strings as length and bytes),
//	the SHA-256 of everything before it.
//
// Pages are in the order the build listed its outputs, which is the same
// from one build to the next: no sorting on either side. Integers are big
// endian.

// oldPages is what the previous build left: per output, the fingerprint of
// its inputs and the stamp of its file. Paths are slices of one string (the
// file read), not a string each.
type oldPages struct {
	at       map[string]int32
	pages    []oldPage
	warnings diag.List
	manifest [32]byte // SHA-256 of the manifest of the output they describe
}

type oldPage struct {
	path  string
	key   uint64
	stamp output.Stamp
}

// find returns the index of path's page, or -1.
func (o *oldPages) find(path string) int32 {
	if o == nil {
		return -1
	}
	if i, ok := o.at[path]; ok {
		return i
	}
	return -1
}

// readPageCache reads a page cache written by program. The manifest it
// names is checked by the caller (forTree).
func readPageCache(data []byte, program [32]byte) (*oldPages, error) {
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
	manifest := [32]byte(data[p : p+32])
	p += 32
	// The data is never written again: the paths can share its bytes.
	body := data[p : len(data)-32]
	r := pageReader{s: unsafe.String(unsafe.SliceData(body), len(body))}
	n := r.count(8 + 24)
	o := &oldPages{at: make(map[string]int32, n), pages: make([]oldPage, n), manifest: manifest}
	for i := range o.pages {
		pg := &o.pages[i]
		pg.path = r.str()
		pg.key = r.u64()
		pg.stamp = output.Stamp{Size: int64(r.u64()), ModTime: int64(r.u64())}
		if _, dup := o.at[pg.path]; dup && r.err == nil {
			r.err = errors.New("a page listed twice")
		}
		o.at[pg.path] = int32(i)
	}
	for range r.count(5) {
		var d diag.Diagnostic
		d.Pos.File = r.str()
		d.Pos.Line, d.Pos.Col = int(r.u64()), int(r.u64())
		d.Severity = diag.Severity(r.u64())
		d.Message = r.str()
		o.warnings = append(o.warnings, d)
	}
	if r.err == nil && r.s != "" {
		r.err = errors.New("trailing bytes")
	}
	if r.err != nil {
		return nil, r.err
	}
	return o, nil
}

// pageReader reads the fields of a page cache; the first problem sticks.
type pageReader struct {
	s   string
	err error
}

func (r *pageReader) fail() {
	if r.err == nil {
		r.err = errors.New("malformed")
	}
	r.s = ""
}

func (r *pageReader) uvarint() uint64 {
	var v uint64
	for i := 0; i < len(r.s) && i < binary.MaxVarintLen64; i++ {
		c := r.s[i]
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			r.s = r.s[i+1:]
			return v
		}
	}
	r.fail()
	return 0
}

// count reads a count of items of at least min bytes each.
func (r *pageReader) count(min int) int {
	n := r.uvarint()
	if n > uint64(len(r.s)/min) {
		r.fail()
		return 0
	}
	return int(n)
}

func (r *pageReader) u64() uint64 {
	if len(r.s) < 8 {
		r.fail()
		return 0
	}
	v := uint64(r.s[0])<<56 | uint64(r.s[1])<<48 | uint64(r.s[2])<<40 | uint64(r.s[3])<<32 |
		uint64(r.s[4])<<24 | uint64(r.s[5])<<16 | uint64(r.s[6])<<8 | uint64(r.s[7])
	r.s = r.s[8:]
	return v
}

func (r *pageReader) str() string {
	n := r.uvarint()
	if n > uint64(len(r.s)) {
		r.fail()
		return ""
	}
	v := r.s[:n]
	r.s = r.s[n:]
	return v
}

// pageWriter writes a page cache, hashing as it goes.
type pageWriter struct {
	w   *bufio.Writer
	h   hash.Hash
	buf [binary.MaxVarintLen64]byte
}

func (w *pageWriter) write(b []byte) {
	w.w.Write(b) // errors surface at Flush
	w.h.Write(b)
}

func (w *pageWriter) uvarint(v uint64) { w.write(binary.AppendUvarint(w.buf[:0], v)) }
func (w *pageWriter) u64(v uint64)     { w.write(binary.BigEndian.AppendUint64(w.buf[:0], v)) }

func (w *pageWriter) str(s string) {
	w.uvarint(uint64(len(s)))
	w.w.WriteString(s)
	io.WriteString(w.h, s)
}

// writePageCache writes a page cache of n pages (in the build's order) to
// w.
func writePageCache(w io.Writer, n int, pages iter.Seq[oldPage], warnings diag.List, program, manifest [32]byte) error {
	pw := &pageWriter{w: bufio.NewWriterSize(w, 1<<16), h: sha256.New()}
	pw.write([]byte(pageCacheMagic))
	pw.write(binary.BigEndian.AppendUint32(nil, pageCacheSchema))
	pw.write(program[:])
	pw.write(manifest[:])
	pw.uvarint(uint64(n))
	for p := range pages {
		n--
		pw.str(p.path)
		pw.u64(p.key)
		pw.u64(uint64(p.stamp.Size))
		pw.u64(uint64(p.stamp.ModTime))
	}
	if n != 0 {
		return errors.New("page count changed while writing")
	}
	pw.uvarint(uint64(len(warnings)))
	for _, d := range warnings {
		pw.str(d.Pos.File)
		pw.u64(uint64(d.Pos.Line))
		pw.u64(uint64(d.Pos.Col))
		pw.u64(uint64(d.Severity))
		pw.str(d.Message)
	}
	pw.w.Write(pw.h.Sum(nil))
	return pw.w.Flush()
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

// Job states, as runJobs leaves them.
const (
	jobFailed   = iota
	jobKept     // taken from the previous build
	jobRendered // rendered and written (or found with the same bytes)
)

// savePages writes the page fingerprints for the output just committed:
// per output with known inputs, its key and the stamp of its file, and
// the build's warnings about bodies. It streams to a temporary file,
// renamed into place.
func (c *buildCache) savePages(manifest [32]byte, jobs []job, done []uint8, stamps map[string]output.Stamp, warnings diag.List) error {
	// A kept file has the stamp the previous build left (Keep checked it).
	page := func(i int) (oldPage, bool) {
		j := &jobs[i]
		switch {
		case !j.keyed:
		case done[i] == jobKept:
			return oldPage{j.path, j.key, c.old.pages[j.old].stamp}, true
		case done[i] == jobRendered:
			if st, ok := stamps[j.path]; ok {
				return oldPage{j.path, j.key, st}, true
			}
		}
		return oldPage{}, false
	}
	n := 0
	for i := range jobs {
		if _, ok := page(i); ok {
			n++
		}
	}
	pages := func(yield func(oldPage) bool) {
		for i := range jobs {
			if p, ok := page(i); ok && !yield(p) {
				return
			}
		}
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(c.dir, ".tmp-"+filepath.Base(c.pagesFile))
	if err != nil {
		return err
	}
	err = writePageCache(f, n, pages, warnings, c.program, manifest)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), c.pagesFile)
	}
	if err != nil {
		_ = os.Remove(f.Name())
	}
	return err
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

// combine folds fingerprints into one. Leaves of plain data are
// fingerprinted with hashstructure (fp) or, by the thousand, field by field
// (fingerprint.Hash); combining their 64-bit results needs neither.
func combine(parts ...uint64) uint64 {
	h := fingerprint.New()
	for _, p := range parts {
		h = h.Uint64(p)
	}
	return h.Sum()
}

func strSum(s string) uint64 { return fingerprint.New().String(s).Sum() }

func hashDate(h fingerprint.Hash, d model.Date) fingerprint.Hash {
	return h.Int(d.Year).Int(d.Month).Int(d.Day)
}

func hashNumber(h fingerprint.Hash, n model.Number) fingerprint.Hash {
	return h.String(n.Text).String(n.Seq).Int(n.Year).String(n.Symbol).String(n.Code).String(n.Issuer).Bool(n.Party)
}

func hashTime(h fingerprint.Hash, t time.Time) fingerprint.Hash {
	if t.IsZero() {
		return h.Bool(false)
	}
	name, off := t.Zone()
	return h.Bool(true).Uint64(uint64(t.UnixNano())).String(name).Int(off)
}

func hashStrings(h fingerprint.Hash, ss []string) fingerprint.Hash {
	h = h.Int(len(ss))
	for _, s := range ss {
		h = h.String(s)
	}
	return h
}

// hashRef adds a directive named by a status: its identifier and number.
func hashRef(h fingerprint.Hash, e *index.Entry) fingerprint.Hash {
	if e == nil {
		return h.Bool(false)
	}
	return hashNumber(h.Bool(true).String(e.ID), e.Doc.Number)
}

// statusSum covers a status with the directives it names.
func statusSum(st resolve.Status) uint64 {
	h := hashDate(fingerprint.New().String(string(st.Code)), st.Since)
	h = h.Int(len(st.By))
	for _, by := range st.By {
		h = hashRef(h, by)
	}
	h = h.Int(len(st.Events))
	for _, ev := range st.Events {
		h = hashRef(hashDate(h.String(string(ev.Code)), ev.Since), ev.By)
	}
	return h.Sum()
}

// linkSum covers what a page shows of a link besides its ends.
func linkSum(l *resolve.Link) fingerprint.Hash {
	h := fingerprint.New().String(string(l.Kind)).Bool(l.Declared)
	h = hashDate(hashNumber(h, l.Number), l.Date)
	return h.String(l.Issuer).String(l.Note).String(l.Context)
}

// prepare computes the fingerprints of every directive and missing
// document once. globals covers everything every output depends on.
//
// F(e) covers e's files (paths and SHA-256), its identity and its status:
// everything e's own outputs show of e. C(e) is what a card, a link or
// the relation diagram shows of e: not its text, so editing a body
// re-renders its own outputs and feeds, not its neighbours'. M(m) is a
// missing document with who cites it. A(e) covers e's links, in order:
// each link's own fields (the citing sentence among them) and C or M of
// its other end.
func (c *buildCache) prepare(b *builder, globals any) {
	c.globals = fp(struct {
		Schema  int
		Program [32]byte
		Globals any
	}{pageCacheSchema, c.program, globals})
	entries := b.ix.Entries()
	n := len(entries)
	c.pos = make(map[*index.Entry]int32, n)
	for i, e := range entries {
		c.pos[e] = int32(i)
	}
	c.entry, c.card, c.links = make([]uint64, n), make([]uint64, n), make([]uint64, n)
	c.parallel(n, func(i int) {
		e := entries[i]
		st := statusSum(b.g.Status(e))
		h := fingerprint.New().String(e.ID).String(e.Jurisdiction).Int(e.Year).Bool(e.Draft).Uint64(st)
		h = h.Int(len(e.Dir.Editions))
		for _, d := range e.Dir.Editions {
			h = h.String(d.File)
			s, known := c.sums[d.File]
			h = h.Bool(known)
			if !known { // then the body is in memory, not read from the file
				h = h.String(d.Body)
			}
			for k := 0; k < len(s); k += 8 {
				h = h.Uint64(binary.BigEndian.Uint64(s[k:]))
			}
		}
		c.entry[i] = h.Sum()
		c.card[i] = cardSum(e, st)
	})
	c.missing = make(map[*resolve.Missing]uint64, len(b.g.Missing()))
	for _, m := range b.g.Missing() {
		h := hashNumber(fingerprint.New().String(m.ID), m.Number).String(m.Type.Slug).String(m.Jurisdiction).Int(m.Year)
		h = h.Int(len(m.Dates))
		for _, d := range m.Dates {
			h = hashDate(h, d)
		}
		h = hashStrings(h, m.Issuers).Int(len(m.CitedBy))
		for _, l := range m.CitedBy {
			h = h.String(idOf(l.From))
		}
		c.missing[m] = h.Sum()
	}
	// Each link's own fields once (its context is a sentence): from its
	// citing directive's side, at linkAt[i] + its place in Out(e).
	linkAt := make([]int, n+1)
	for i, e := range entries {
		linkAt[i+1] = linkAt[i] + len(b.g.Out(e))
	}
	linkSums := make([]uint64, linkAt[n])
	c.parallel(n, func(i int) {
		for k, l := range b.g.Out(entries[i]) {
			linkSums[linkAt[i]+k] = linkSum(l).Sum()
		}
	})
	c.parallel(n, func(i int) {
		e := entries[i]
		out, in := b.g.Out(e), b.g.In(e)
		h := fingerprint.New().Int(len(out))
		for k, l := range out {
			h = h.Uint64(linkSums[linkAt[i]+k])
			switch {
			case l.To != nil:
				h = h.Uint64(1).Uint64(c.card[c.pos[l.To]])
			case l.Missing != nil:
				h = h.Uint64(2).Uint64(c.missing[l.Missing])
			default:
				h = h.Uint64(0)
			}
		}
		h = h.Int(len(in))
		for _, l := range in {
			from := c.pos[l.From]
			k := slices.Index(b.g.Out(l.From), l)
			h = h.Uint64(linkSums[linkAt[from]+k]).Uint64(c.card[from])
		}
		c.links[i] = h.Sum()
	})
	c.keys = map[string]uint64{}
}

// parallel runs f(0) … f(n-1) on every core.
func (c *buildCache) parallel(n int, f func(int)) {
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				f(i)
			}
		})
	}
	wg.Wait()
}

// self is the fingerprint of what e's API record and feed items show:
// F(e) and A(e).
func (c *buildCache) self(e *index.Entry) uint64 {
	i := c.pos[e]
	return combine(c.entry[i], c.links[i])
}

// pageSum is the fingerprint of what e's pages show: F(e), A(e), and A of
// every directive linked to e, which covers the relation diagram two steps
// deep. Each output adds its path (outputKey).
func (c *buildCache) pageSum(b *builder, e *index.Entry) uint64 {
	i := c.pos[e]
	h := fingerprint.New().Uint64(c.globals).Uint64(c.entry[i]).Uint64(c.links[i])
	for _, l := range b.g.Out(e) {
		if l.To != nil {
			h = h.Uint64(c.links[c.pos[l.To]])
		}
	}
	for _, l := range b.g.In(e) {
		h = h.Uint64(c.links[c.pos[l.From]])
	}
	return h.Sum()
}

// outputKey is the key of the output at path from the fingerprint of its
// inputs.
func outputKey(sum uint64, path string) uint64 {
	return fingerprint.New().Uint64(sum).String(path).Sum()
}

// cardSum is C(e). status is the fingerprint of e's status.
func cardSum(e *index.Entry, status uint64) uint64 {
	d := e.Doc
	prov := ""
	if e.Province != nil {
		prov = e.Province.Slug
	}
	h := fingerprint.New().Uint64(status).Bool(e.Draft).String(e.ID).String(e.Jurisdiction).String(prov)
	h = hashNumber(h, d.Number).String(d.Type.Slug).String(d.Title).String(d.Issuer)
	h = hashDate(hashDate(hashDate(h, d.Date), d.Effective), d.Expires)
	return hashStrings(hashTime(h, d.Published), d.Topics).Sum()
}

func idOf(e *index.Entry) string {
	if e == nil {
		return ""
	}
	return e.ID
}

// listKey is the key of an output showing the cards of entries (a listing
// page) with its own data.
func (c *buildCache) listKey(path string, own any, entries []*index.Entry) uint64 {
	h := fingerprint.New().Uint64(fp([]any{c.globals, path, own})).Int(len(entries))
	for _, e := range entries {
		h = h.Uint64(c.card[c.pos[e]])
	}
	return h.Sum()
}

// feedKey is the key of a feed's files: the items show their directives'
// text, with citations linked to the directives they cite.
func (c *buildCache) feedKey(path string, own uint64, entries []*index.Entry) uint64 {
	h := fingerprint.New().Uint64(c.globals).String(path).Uint64(own).Int(len(entries))
	for _, e := range entries {
		h = h.Uint64(c.self(e))
	}
	return h.Sum()
}

// itemSum covers a feed item.
func itemSum(h fingerprint.Hash, it *feed.Item) fingerprint.Hash {
	h = h.String(it.ID).String(it.Link).String(it.Title).String(it.Summary).String(it.HTML)
	return hashStrings(hashTime(hashTime(h, it.Published), it.Updated), it.Categories).String(it.Author)
}

// describe fills the keys of the outputs whose inputs are known besides the
// directives' own: feeds, listings, the issuer and topic pages, the feeds
// page and list, robots.txt.
func (c *buildCache) describe(b *builder) {
	sets := fingerprint.New().Uint64(fp(b.cfg.Feeds))
	for _, s := range b.memoFeedSets() {
		h := fingerprint.New().String(s.title).String(s.name).String(s.group).String(s.page).Bool(s.isUpd).Bool(s.full)
		h = h.Int(len(s.updates))
		for i := range s.updates {
			u := &s.updates[i]
			h = itemSum(h.Uint64(c.entry[c.pos[u.e]]).Bool(u.pub), &u.item)
		}
		own := h.Sum()
		for _, f := range []string{"rss.xml", "atom.xml", "feed.json"} {
			c.keys[s.dir+f] = c.feedKey(s.dir+f, own, s.entries)
		}
		// What the feeds page and the OPML file show of the set.
		sets = sets.String(s.dir).String(s.title).String(s.name).String(s.group).String(s.page).Bool(len(s.entries) == 0 && len(s.updates) == 0)
	}
	for _, p := range []string{"nguon-tin/index.html", "nguon-tin/feeds.opml"} {
		c.keys[p] = combine(c.globals, strSum(p), sets.Sum())
	}
	c.keys["robots.txt"] = combine(c.globals, strSum("robots.txt"))
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
			names = append(names, s.slug, s.name, strconv.Itoa(len(s.entries)))
		}
		c.keys[k.dir+"index.html"] = fp([]any{c.globals, k.dir + "index.html", names})
	}
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
	for _, e := range entries {
		byJur[e.Jurisdiction] = append(byJur[e.Jurisdiction], e)
	}
	byType, byYear := b.memoByTypeYear()
	counts := func(m map[string][]*index.Entry) []string {
		var out []string
		for k, v := range m {
			out = append(out, k+"="+strconv.Itoa(len(v)))
		}
		slices.Sort(out)
		return out
	}
	jurCounts := counts(byJur)
	typeCounts := counts(byType)
	yearKeys := map[string][]*index.Entry{}
	for y, es := range byYear {
		seg := strconv.Itoa(y)
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
	all := fingerprint.New().Uint64(c.globals).String("chua-co-trong-kho/index.html")
	for _, m := range b.g.Missing() {
		all = all.Uint64(c.missing[m])
		// The page shows the card of each citing directive, with the link.
		h := fingerprint.New().Uint64(c.globals).Uint64(c.missing[m]).Int(len(m.CitedBy))
		for _, l := range m.CitedBy {
			h = h.Uint64(linkSum(l).Sum()).Uint64(c.card[c.pos[l.From]])
		}
		c.keys[m.Path()+"index.html"] = outputKey(h.Sum(), m.Path()+"index.html")
	}
	c.keys["chua-co-trong-kho/index.html"] = all.Sum()
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

// lookupKey is the key describe gave the output at path.
func (c *buildCache) lookupKey(path string) (uint64, bool) {
	if c == nil {
		return 0, false
	}
	k, ok := c.keys[path]
	return k, ok
}

// unchanged reports whether the output at path has the inputs it had in
// the previous build (it will be kept unless its file is gone).
func (c *buildCache) unchanged(path string) bool {
	k, ok := c.keys[path]
	return ok && c.same(path, k)
}

// same reports whether the previous build made path from inputs with key.
func (c *buildCache) same(path string, key uint64) bool {
	i := c.old.find(path)
	return i >= 0 && c.old.pages[i].key == key
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
	if len(c.warnings) == 0 {
		return nil
	}
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

// memoByTypeYear groups the catalogue by document type and by year, once.
func (b *builder) memoByTypeYear() (byType map[string][]*index.Entry, byYear map[int][]*index.Entry) {
	b.typesOnce.Do(func() {
		b.byType, b.byYear = map[string][]*index.Entry{}, map[int][]*index.Entry{}
		for _, e := range b.ix.Entries() {
			b.byType[e.Doc.Type.Slug] = append(b.byType[e.Doc.Type.Slug], e)
			b.byYear[e.Doc.Date.Year] = append(b.byYear[e.Doc.Date.Year], e)
		}
	})
	return b.byType, b.byYear
}
