package load

import (
	"slices"
	"sync/atomic"

	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"golang.org/x/sync/errgroup"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"time"
	"unsafe"

	"vanban/generator/diag"
	"vanban/generator/model"
)

// Parse cache. Decoding front matter is most of the load stage, and an
// edit touches one file, so a build keeps what it parsed and the next one
// parses only files whose bytes changed. A parse includes the body's
// citations (model.Mention), so the later stages need no body before pages
// render, and an unchanged file is not even read: a cached parse is used
// without reading when the file's size and modification time are the ones
// recorded and that time was safely before the file was last read (see
// racyWindow). Any other file is read and hashed with SHA-256, and its
// cached parse is used when the size and the hash are the same. The cache
// belongs to one build of the program (see Cache.Binary): a different
// binary may parse differently, so its cache is never trusted.

// racyWindow is how long before the time a file was read its modification
// time must be for the time to prove the bytes unchanged later (git's "racy
// clean" rule). A write after the read gives the file a time at or after the
// read, less the file system's timestamp granularity (up to 2 s on FAT), so
// the recorded time can only come back by a deliberate reset of it. A file
// written just before it was read may be written again within the same
// timestamp: it is read and hashed until its time is old enough.
const racyWindow = 2 * time.Second

// FileSum is the SHA-256 of a content file's bytes.
type FileSum [32]byte

// cachedFile is one parsed file as the cache keeps it. Entries are shared
// between caches and never changed once made.
type cachedFile struct {
	Path    string
	Size    int64
	ModTime int64 // Unix nanoseconds, 0 when unknown (never trusted)
	// Checked is a time (Unix nanoseconds) at or before the last read of
	// the file, which gave Sum: the start of that load.
	Checked int64
	Sum     FileSum
	Parsed  bool // false when the file could not be parsed
	BodyAt  int  // offset of the body in the file's bytes, -1 when the document holds it
	// Keys is the document's Keys as (name, line, col) triples, the name an index
	// in names: a map, or a string per key, costs several times more to
	// decode, and the names are the same few in every file.
	Keys  []int32
	Diags diag.List
	names []string // never changed: shared by every entry of a cache file
	// The document of a parsed file, one of: doc, parsed by this build
	// (Body "" when BodyAt >= 0; Keys nil: see cachedFile.Keys), or raw, its
	// checked encoding as a cache file holds it (see codec.go), decoded
	// only when a build uses it. raw is part of a section's buffer, which
	// its strings point into: never written.
	doc *model.Document
	raw []byte
}

// unread reports whether the file's size and modification time, if still
// the recorded ones, prove it unchanged, and the cached parse needs nothing
// of its bytes (a body that is not the file's tail is kept only in memory
// by Load, never here: see loadOne).
func (cf *cachedFile) unread() bool {
	return cf.trusted() && (!cf.Parsed || cf.BodyAt > 0)
}

// trusted reports whether the modification time is older than the read by
// more than racyWindow.
func (cf *cachedFile) trusted() bool {
	return cf.ModTime != 0 && cf.ModTime < cf.Checked-int64(racyWindow)
}

// Cache holds the parsed files of one build. The zero value (or nil) is an
// empty cache.
type Cache struct {
	files map[string]*cachedFile
	// decoded is closed once files is set, for a cache that ReadCache
	// decodes while the load lists and stats the content; nil otherwise.
	decoded chan struct{}
	// Hits and Misses count the files of the last LoadCached that were
	// taken from the cache and parsed. Unread counts the hits whose file
	// was not read (same size and time); Refreshed the hits whose entry
	// changed (a new modification time, or one now old enough to trust):
	// the cache is worth saving when Misses or Refreshed are not 0.
	Hits, Misses      int
	Unread, Refreshed int
}

// entries returns the files of c (nil for a nil cache), once decoded.
func (c *Cache) entries() map[string]*cachedFile {
	if c == nil {
		return nil
	}
	if c.decoded != nil {
		<-c.decoded
	}
	return c.files
}

// Len is the number of files the cache holds.
func (c *Cache) Len() int {
	return len(c.entries())
}

// Sums returns the SHA-256 of every file the cache holds, by path.
func (c *Cache) Sums() map[string]FileSum {
	files := c.entries()
	out := make(map[string]FileSum, len(files))
	for p, f := range files {
		out[p] = f.Sum
	}
	return out
}

// LoadCached is Load with a parse cache: it returns the same result as Load
// on the same tree, and the cache to keep for the next build. Every file is
// read; a cached parse is used for the same bytes. old may be nil.
func LoadCached(ctx context.Context, fsys fs.FS, old *Cache) (*Result, *Cache, error) {
	// At or before every read: see cachedFile.Checked.
	return loadCached(ctx, fsys, old, time.Now().UnixNano(), false, false)
}

// LoadCachedStat is LoadCached that does not read a file whose size and
// modification time prove it unchanged (see racyWindow; Cache.Unread counts
// them). Its document is the cached parse with Body "" and BodyAt > 0: the
// body is the file's tail from BodyAt, and the SHA-256 of the whole file is
// Sums()[doc.File] of the returned cache. Its Mentions are the cached ones,
// so only a stage that shows the body needs to read it. Every other
// document is LoadCached's.
func LoadCachedStat(ctx context.Context, fsys fs.FS, old *Cache) (*Result, *Cache, error) {
	return loadCached(ctx, fsys, old, time.Now().UnixNano(), true, false)
}

// LoadLean is LoadCachedStat that also leaves in the file every body it
// reads when the body is the file's tail as written: Body "", BodyAt > 0,
// Mentions found. The load stage is the only one that needs every body,
// and only for their mentions; holding them all would make memory grow
// with the archive's text. A body that had to be normalized (not the
// file's tail) is kept. old may be nil.
func LoadLean(ctx context.Context, fsys fs.FS, old *Cache) (*Result, *Cache, error) {
	return loadCached(ctx, fsys, old, time.Now().UnixNano(), true, true)
}

// loadCached loads at the time now (Unix nanoseconds), taking unread files
// from old when stat is set, and leaving bodies in their files when lean is.
func loadCached(ctx context.Context, fsys fs.FS, old *Cache, now int64, stat, lean bool) (*Result, *Cache, error) {
	files, entries, err := listContent(fsys)
	if err != nil {
		return nil, nil, err
	}
	// Files are statted while a cache file is still being decoded (see
	// ReadCache): most of them are then taken from it unread.
	var stats []fileStat
	if stat && old != nil {
		stats = make([]fileStat, len(files))
		inBatches(ctx, len(files), func(lo, hi int) {
			for i := lo; i < hi; i++ {
				st := &stats[i]
				st.size, st.mtime, st.ok = statFile(fsys, files[i], entries[i])
			}
		})
	}
	prev := old.entries()
	next := make([]loaded, len(files))
	var counts [outcomes]atomic.Int64
	inBatches(ctx, len(files), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			var st *fileStat
			if stats != nil {
				st = &stats[i]
			}
			l, how := loadOne(fsys, files[i], prev[files[i]], st, now)
			if lean && l.doc != nil && l.doc.BodyAt > 0 {
				l.doc.Body = "" // the file's bytes are garbage from here
			}
			next[i] = l
			counts[how].Add(1)
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	res := &Result{}
	docs := make([]*model.Document, len(files))
	c := &Cache{files: make(map[string]*cachedFile, len(files)),
		Misses: int(counts[parsed].Load()), Unread: int(counts[unreadHit].Load()), Refreshed: int(counts[refreshedHit].Load())}
	c.Hits = len(files) - c.Misses
	for i, l := range next {
		res.Diags = append(res.Diags, l.entry.Diags...)
		docs[i] = l.doc
		c.files[l.entry.Path] = l.entry
	}
	res.Directives = group(docs, &res.Diags)
	return res, c, nil
}

// inBatches calls do for consecutive ranges of [0, n) on every core, until
// ctx is done. Batches keep the goroutines few when a file costs a stat.
func inBatches(ctx context.Context, n int, do func(lo, hi int)) {
	const batch = 16
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for lo := 0; lo < n && ctx.Err() == nil; lo += batch {
		g.Go(func() error {
			do(lo, min(lo+batch, n))
			return nil
		})
	}
	_ = g.Wait()
}

// fileStat is what statFile found.
type fileStat struct {
	size, mtime int64
	ok          bool
}

// loaded is a cache entry with the document this build uses.
type loaded struct {
	entry *cachedFile
	doc   *model.Document
}

// outcome is how loadOne got a document.
type outcome int

const (
	parsed       outcome = iota // read and parsed
	readHit                     // read, same bytes: cached parse
	refreshedHit                // readHit with an entry worth saving again
	unreadHit                   // same size and time: cached parse, not read
	outcomes
)

// loadOne loads the file name with its cache entry prev (nil when none);
// now is the start of the load. With st, the file's stat, a file whose size
// and time prove it unchanged is not read.
func loadOne(fsys fs.FS, name string, prev *cachedFile, st *fileStat, now int64) (loaded, outcome) {
	if st != nil && prev != nil && prev.unread() {
		if st.ok && st.size == prev.Size && st.mtime == prev.ModTime {
			if doc, ok := prev.document(nil); ok {
				return loaded{prev, doc}, unreadHit
			}
		}
	}
	data, mtime, err := readFile(fsys, name)
	if err != nil {
		var diags diag.List
		diags.Errorf(diag.Pos{File: name}, "cannot read: %v", err)
		// Never cached as parsed: the next build tries again.
		return loaded{entry: &cachedFile{Path: name, Size: -1, Diags: diags}}, parsed
	}
	sum := FileSum(sha256.Sum256(data))
	if prev != nil && prev.Size == int64(len(data)) && prev.Sum == sum {
		if doc, ok := prev.document(data); ok {
			out := *prev
			out.ModTime, out.Checked = mtime, now
			if mtime != prev.ModTime || out.trusted() != prev.trusted() {
				return loaded{&out, doc}, refreshedHit
			}
			return loaded{&out, doc}, readHit
		}
	}
	doc, diags := parseFile(name, data, true)
	cf := &cachedFile{Path: name, Size: int64(len(data)), ModTime: mtime, Checked: now, Sum: sum, Diags: diags, BodyAt: -1}
	if doc != nil && !cacheable(doc) {
		cf.Size = -1 // parsed again next time
	} else if doc != nil {
		cf.keep(doc, data)
	}
	return loaded{cf, doc}, parsed
}

// keep makes cf the cache entry of doc, parsed from data. The body stays
// out of the cache when it is the file's tail as is (the usual case:
// already NFC); doc's is then sliced from data, and doc.BodyAt set.
func (cf *cachedFile) keep(doc *model.Document, data []byte) {
	saved := *doc
	saved.Keys = nil
	cf.Parsed, cf.doc = true, &saved
	cf.names = make([]string, len(doc.Keys))
	cf.Keys = make([]int32, 0, 3*len(doc.Keys))
	for i, k := range doc.Keys {
		cf.names[i] = k.Key
		cf.Keys = append(cf.Keys, int32(i), k.Line, k.Col)
	}
	if len(doc.Body) <= len(data) && string(data[len(data)-len(doc.Body):]) == doc.Body {
		cf.BodyAt = len(data) - len(doc.Body)
		saved.Body = ""
		doc.BodyAt = cf.BodyAt
	}
}

// readFile reads a file whole, with its modification time (Unix
// nanoseconds, 0 when unknown). The bytes are the caller's: nothing else
// holds them.
func readFile(fsys fs.FS, name string) ([]byte, int64, error) {
	if data, mtime, ok := readDirect(fsys, name); ok {
		return data, mtime, nil
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		data, err := io.ReadAll(f)
		return data, 0, err
	}
	mtime := stamp(st)
	if size := st.Size(); st.Mode().IsRegular() && size > 0 && size < 1<<30 {
		// The size the open file has now: reading on to the end would cost
		// one more system call per file and guard only against a file
		// written during the build, which no way of reading makes safe.
		data := make([]byte, size)
		if _, err := io.ReadFull(f, data); err != nil {
			return nil, 0, err
		}
		return data, mtime, nil
	}
	data, err := io.ReadAll(f)
	return data, mtime, err
}

// statFile returns the size and modification time (Unix nanoseconds) of
// the regular file name, whose directory entry is e; ok is false when they
// are unknown. A symbolic link is followed: its own time says nothing of
// the file it names.
func statFile(fsys fs.FS, name string, e fs.DirEntry) (size, mtime int64, ok bool) {
	if size, mtime, ok := statDirect(fsys, name); ok {
		return size, mtime, true
	}
	var info fs.FileInfo
	var err error
	if e != nil && e.Type()&fs.ModeSymlink == 0 {
		info, err = e.Info()
	} else {
		info, err = fs.Stat(fsys, name)
	}
	if err != nil || !info.Mode().IsRegular() {
		return 0, 0, false
	}
	mtime = stamp(info)
	return info.Size(), mtime, mtime != 0
}

// unixNano is t in Unix nanoseconds, 0 for the zero time (unknown: a file
// system without times).
func unixNano(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// document returns a fresh copy of the cached document with its body, for a
// file whose bytes are data; with data nil (a file not read), the body is
// left in the file (Body "", BodyAt > 0).
func (cf *cachedFile) document(data []byte) (*model.Document, bool) {
	if !cf.Parsed {
		return nil, true
	}
	if data != nil && cf.BodyAt > len(data) {
		return nil, false
	}
	d := new(model.Document)
	if cf.doc != nil {
		*d = *cf.doc
	} else if decodeDocument(cf.raw, d) != nil {
		return nil, false // never: checked when read
	}
	d.Keys = nil
	if len(cf.Keys) > 0 {
		d.Keys = make([]model.KeyPos, len(cf.Keys)/3)
		for i := range d.Keys {
			d.Keys[i] = model.KeyPos{Key: cf.names[cf.Keys[3*i]], Line: cf.Keys[3*i+1], Col: cf.Keys[3*i+2]}
		}
	}
	d.BodyAt = 0
	if data == nil && cf.BodyAt > 0 {
		d.BodyAt, d.Body = cf.BodyAt, ""
	} else if cf.BodyAt >= 0 {
		d.BodyAt = cf.BodyAt
		if tail := data[cf.BodyAt:]; len(tail) > 0 {
			d.Body = unsafe.String(&tail[0], len(tail)) // data is the caller's and never written again
		} else {
			d.Body = ""
		}
	}
	return d, true
}

// cacheable reports whether doc survives the cache unchanged: the cache
// keeps a time as an instant, read back in Vietnam's zone, so a document
// with a publication time in another zone is parsed again every time
// rather than changed by the cache.
func cacheable(doc *model.Document) bool {
	return doc.Published.IsZero() || doc.Published.Location() == model.Zone()
}

// contentFiles lists the content files as Load does: *.md files in lexical
// order, skipping names that start with "." or "_" and README.md files.
func contentFiles(fsys fs.FS) ([]string, error) {
	files, _, err := listContent(fsys)
	return files, err
}

// listContent is contentFiles with each file's directory entry.
func listContent(fsys fs.FS) ([]string, []fs.DirEntry, error) {
	var files []string
	var entries []fs.DirEntry
	err := walkContent(fsys, func(p string, e fs.DirEntry) error {
		files, entries = append(files, p), append(entries, e)
		return nil
	})
	return files, entries, err
}

// CountFiles counts the content files Load would read, stopping once it
// passes limit: it returns at most limit+1.
func CountFiles(fsys fs.FS, limit int) (int, error) {
	n := 0
	err := walkContent(fsys, func(string, fs.DirEntry) error {
		if n++; n > limit {
			return fs.SkipAll
		}
		return nil
	})
	return n, err
}

// walkContent calls file for each content file (see contentFiles).
func walkContent(fsys fs.FS, file func(p string, e fs.DirEntry) error) error {
	return fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := e.Name()
		if p != "." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !e.IsDir() && strings.HasSuffix(name, ".md") && !strings.EqualFold(name, "README.md") {
			return file(p, e)
		}
		return nil
	})
}

// Cache files. A cache file is:
//
//	magic "VANBAN-PARSE-CACHE\n"
//	schema version (uint32, big endian)
//	binary identity (32 bytes: see Cache.Binary)
//	number of sections n (uint32)
//	n section lengths (uint64) and CRC-32C checksums (uint32)
//	SHA-256 of everything before it (32 bytes)
//	n sections: the key names (a length, then each name), then up to
//	cacheShard cached files each, in path order (see codec.go)
//
// Sections are checked and decoded in parallel. Anything else — another
// magic or version, another binary, a short, long or damaged file, a
// section that does not decode or an entry that does not hold together —
// is rejected whole.
const (
	cacheMagic = "VANBAN-PARSE-CACHE\n"
	// CacheSchema is raised whenever the encoding, cachedFile or
	// model.Document change.
	CacheSchema = 6
	// cacheShard is the number of files in a section: few enough to
	// decode on every core.
	cacheShard = 512
)

// ErrCache says a cache file was rejected; the build goes on without it.
var ErrCache = errors.New("parse cache rejected")

// WriteCache writes c for the program identified by binary.
func WriteCache(w io.Writer, c *Cache, binary [32]byte) error {
	entries := c.entries()
	files := make([]*cachedFile, 0, len(entries))
	for _, f := range entries {
		if f.Size >= 0 {
			files = append(files, f)
		}
	}
	// In path order: the same content gives the same cache file.
	slices.SortFunc(files, func(a, b *cachedFile) int { return strings.Compare(a.Path, b.Path) })
	names, renumber := keyTable(files)
	sections := make([][]byte, 1+(len(files)+cacheShard-1)/cacheShard)
	var s0 writer
	s0.len(len(names))
	for _, n := range names {
		s0.str(n)
	}
	sections[0] = s0.b
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range sections[1:] {
		g.Go(func() error {
			shard := files[i*cacheShard : min(len(files), (i+1)*cacheShard)]
			nkeys := 0
			for _, f := range shard {
				nkeys += len(f.Keys)
			}
			var w, doc writer
			w.len(len(shard))
			w.len(nkeys)
			for _, f := range shard {
				w.entry(f, renumber[unsafe.SliceData(f.names)], &doc)
			}
			sections[1+i] = w.b
			return nil
		})
	}
	_ = g.Wait()
	// The sections go to w as they are, not copied after the header into
	// one buffer: 13.5 MB more of fresh memory at 10,000 directives.
	head := append([]byte(cacheMagic), binary32(CacheSchema)...)
	head = append(head, binary[:]...)
	head = append(head, binary32(uint32(len(sections)))...)
	for _, s := range sections {
		head = append(head, binary64(uint64(len(s)))...)
		head = append(head, binary32(crc32c(s))...)
	}
	sum := sha256.Sum256(head)
	head = append(head, sum[:]...)
	if _, err := w.Write(head); err != nil {
		return err
	}
	for _, s := range sections {
		if _, err := w.Write(s); err != nil {
			return err
		}
	}
	return nil
}

// keyTable returns the sorted key names of files, and how to renumber the
// keys of each table of names that is not that list (by its first
// element). Entries read from one cache file share its table, so there are
// few tables, and usually none to renumber.
func keyTable(files []*cachedFile) ([]string, map[*string][]int32) {
	// A clean build has a table per file, each a dozen of the same few
	// names: the distinct names are collected in a map, not sorted with
	// every repetition (150,000 at 10,000 directives).
	tables := map[*string][]string{}
	var names []string
	seen := map[string]int32{}
	for _, f := range files {
		p := unsafe.SliceData(f.names)
		if len(f.names) == 0 || tables[p] != nil {
			continue
		}
		tables[p] = f.names
		for _, n := range f.names {
			if _, ok := seen[n]; !ok {
				seen[n] = 0
				names = append(names, n)
			}
		}
	}
	slices.Sort(names)
	for i, n := range names {
		seen[n] = int32(i)
	}
	renumber := map[*string][]int32{}
	for p, t := range tables {
		if slices.Equal(t, names) {
			continue
		}
		m := make([]int32, len(t))
		for i, n := range t {
			m[i] = seen[n]
		}
		renumber[p] = m
	}
	return names, renumber
}

// ReadCache reads a cache file written by WriteCache for the same binary.
// It checks the header and returns at once, decoding the sections while
// the caller goes on (LoadLean lists and stats the content meanwhile):
// a section that proves damaged or malformed then leaves the cache empty,
// and every file is parsed. data is not changed, and not kept: the
// sections are copied (the cache's strings point into them).
func ReadCache(data []byte, binary [32]byte) (*Cache, error) {
	at := func(off, size int64) ([]byte, error) { return bytes.Clone(data[off : off+size]), nil }
	return readCache(at, int64(len(data)), binary, func() {})
}

// ReadCacheFile is ReadCache of the file name, read a section at a time as
// it is decoded: the file is never whole in memory, and decoding starts
// once the header is read. A missing file is an fs.ErrNotExist.
func ReadCacheFile(name string, binary [32]byte) (*Cache, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	c, err := readCache(fileAt(f), st.Size(), binary, func() { f.Close() })
	if err != nil {
		f.Close()
	}
	return c, err
}

// readAt returns size bytes of a cache file at off, in a new buffer that
// nothing else holds (the cache's strings will point into it).
type readAt func(off, size int64) ([]byte, error)

// fileAt is the readAt of an open cache file.
func fileAt(f *os.File) readAt {
	return func(off, size int64) ([]byte, error) {
		buf := make([]byte, size)
		if n, err := f.ReadAt(buf, off); n < len(buf) {
			return nil, err
		}
		return buf, nil
	}
}

// readCache is ReadCache of a file of size bytes; done is called once it
// is no longer read.
func readCache(at readAt, size int64, binary [32]byte, done func()) (*Cache, error) {
	sections, err := readHeader(at, size, binary)
	if err != nil {
		return nil, err
	}
	c := &Cache{decoded: make(chan struct{})}
	go func() {
		defer close(c.decoded)
		c.files, _ = decodeSections(at, sections)
		done()
	}()
	return c, nil
}

// readHeader checks everything of a cache file of size bytes but its
// sections' contents — the start (checkStart), the section table under its
// SHA-256, and that the sections fill the file exactly — and returns where
// the sections are.
func readHeader(at readAt, size int64, binary [32]byte) ([]section, error) {
	p := int64(cacheStart)
	if size < p+32 {
		return nil, fmt.Errorf("%w: truncated", ErrCache)
	}
	start, err := at(0, p)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCache, err)
	}
	if err := checkStart(start, binary); err != nil {
		return nil, err
	}
	n := int64(getUint32(start[p-4:]))
	head := p + n*sectionEntry
	if n < 1 || head+32 > size {
		return nil, fmt.Errorf("%w: truncated or damaged (sections)", ErrCache)
	}
	table, err := at(p, head+32-p)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCache, err)
	}
	h := sha256.New()
	h.Write(start)
	h.Write(table[:head-p])
	if !bytes.Equal(h.Sum(nil), table[head-p:]) {
		return nil, fmt.Errorf("%w: damaged (checksum)", ErrCache)
	}
	sections := make([]section, n)
	off := head + 32
	for i := range sections {
		e := table[sectionEntry*i:]
		length := getUint64(e)
		if length > uint64(size-off) {
			return nil, fmt.Errorf("%w: truncated", ErrCache)
		}
		sections[i] = section{off: off, size: int64(length), sum: getUint32(e[8:])}
		off += int64(length)
	}
	if off != size {
		return nil, fmt.Errorf("%w: damaged (trailing bytes)", ErrCache)
	}
	return sections, nil
}

// cacheStart is the length of a cache file's fixed start: magic, schema
// version, binary identity and number of sections.
const cacheStart = len(cacheMagic) + 4 + 32 + 4

// checkStart checks the fixed start of a cache file: a vanban parse cache
// of this schema, written by the program identified by binary.
func checkStart(start []byte, binary [32]byte) error {
	if len(start) < cacheStart || string(start[:len(cacheMagic)]) != cacheMagic {
		return fmt.Errorf("%w: not a vanban parse cache", ErrCache)
	}
	if v := getUint32(start[len(cacheMagic):]); v != CacheSchema {
		return fmt.Errorf("%w: schema version %d, want %d", ErrCache, v, CacheSchema)
	}
	if !bytes.Equal(start[len(cacheMagic)+4:cacheStart-4], binary[:]) {
		return fmt.Errorf("%w: written by another build of the program", ErrCache)
	}
	return nil
}

// CacheFileFor is the size of the cache file name when its header is one
// ReadCacheFile accepts for the program identified by binary (readHeader:
// a few kilobytes read), and 0 when it is not (missing, another program
// or schema, not a cache, truncated, a damaged section table): a damaged
// section is found when the cache is read.
func CacheFileFor(name string, binary [32]byte) int64 {
	f, err := os.Open(name)
	if err != nil {
		return 0
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return 0
	}
	if _, err := readHeader(fileAt(f), st.Size(), binary); err != nil {
		return 0
	}
	return st.Size()
}

// section is where a section of a cache file is, and its CRC-32C.
type section struct {
	off, size int64
	sum       uint32
}

// crc32c is the checksum of a section. CRC-32C finds damage as well as a
// cryptographic hash would (nothing here is secret or signed) at a
// twentieth of the CPU time: SHA-256 of the sections was an eighth of the
// load stage.
func crc32c(b []byte) uint32 { return crc32.Checksum(b, crc32.MakeTable(crc32.Castagnoli)) }

// sectionEntry is the size of a section's length and checksum.
const sectionEntry = 8 + 4

// decodeSections checks and decodes the sections of a cache file on every
// core, each read into a buffer of its own that its entries keep.
func decodeSections(at readAt, sections []section) (map[string]*cachedFile, error) {
	read := func(i int) (*reader, error) {
		s := sections[i]
		b, err := at(s.off, s.size)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrCache, err)
		}
		// Checked first: damaged bytes are never decoded.
		if crc32c(b) != s.sum {
			return nil, fmt.Errorf("%w: damaged (checksum of section %d)", ErrCache, i)
		}
		return &reader{b: b}, nil
	}
	// The key names first: every other section needs them.
	r, err := read(0)
	if err != nil {
		return nil, err
	}
	names := make([]string, r.len(1))
	for i := range names {
		names[i] = r.str()
	}
	if r.err != nil || len(r.b) != 0 {
		return nil, fmt.Errorf("%w: malformed key names", ErrCache)
	}
	shards := make([][]cachedFile, len(sections)-1)
	var next atomic.Int64
	var g errgroup.Group
	for range min(runtime.GOMAXPROCS(0), len(shards)) {
		g.Go(func() error {
			for i := int(next.Add(1)); i < len(sections); i = int(next.Add(1)) {
				r, err := read(i)
				if err != nil {
					return err
				}
				if shards[i-1] = r.section(names); r.err != nil {
					return fmt.Errorf("%w: section %d: %v", ErrCache, i, r.err)
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	count := 0
	for _, s := range shards {
		count += len(s)
	}
	files := make(map[string]*cachedFile, count)
	for _, s := range shards {
		for i := range s {
			f := &s[i]
			if f.Path == "" || f.Size < 0 || f.BodyAt < -1 || files[f.Path] != nil {
				return nil, fmt.Errorf("%w: malformed entry", ErrCache)
			}
			files[f.Path] = f
		}
	}
	return files, nil
}

func binary32(v uint32) []byte  { return binary.BigEndian.AppendUint32(nil, v) }
func binary64(v uint64) []byte  { return binary.BigEndian.AppendUint64(nil, v) }
func getUint32(b []byte) uint32 { return binary.BigEndian.Uint32(b) }
func getUint64(b []byte) uint64 { return binary.BigEndian.Uint64(b) }
