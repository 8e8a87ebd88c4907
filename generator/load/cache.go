package load

import (
	"slices"
	"sync/atomic"

	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"golang.org/x/sync/errgroup"
	"io"
	"io/fs"
	"reflect"
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

// cachedFile is one parsed file as the cache keeps it.
type cachedFile struct {
	Path    string
	Size    int64
	ModTime int64 // Unix nanoseconds, 0 when unknown (never trusted)
	// Checked is a time (Unix nanoseconds) at or before the last read of
	// the file, which gave Sum: the start of that load.
	Checked int64
	Sum     FileSum
	Doc     *model.Document // nil when the file could not be parsed; Body empty when BodyAt >= 0, KeyPos nil
	BodyAt  int             // offset of Doc.Body in the file's bytes, -1 when Body is stored
	Keys    []keyPos        // Doc.KeyPos, by key
	Diags   diag.List
}

// unread reports whether the file's size and modification time, if still
// the recorded ones, prove it unchanged, and the cached parse needs nothing
// of its bytes (a body that is not the file's tail is kept only in memory
// by Load, never here: see loadOne).
func (cf *cachedFile) unread() bool {
	return cf.trusted() && (cf.Doc == nil || cf.BodyAt > 0)
}

// trusted reports whether the modification time is older than the read by
// more than racyWindow.
func (cf *cachedFile) trusted() bool {
	return cf.ModTime != 0 && cf.ModTime < cf.Checked-int64(racyWindow)
}

// keyPos is an entry of Document.KeyPos. A gob map costs several times a
// slice to decode, and the file name would be repeated in every entry.
type keyPos struct {
	Key       string
	File      string // "" for the document's own file
	Line, Col int
}

// Cache holds the parsed files of one build. The zero value (or nil) is an
// empty cache.
type Cache struct {
	files map[string]*cachedFile
	// Hits and Misses count the files of the last LoadCached that were
	// taken from the cache and parsed. Unread counts the hits whose file
	// was not read (same size and time); Refreshed the hits whose entry
	// changed (a new modification time, or one now old enough to trust):
	// the cache is worth saving when Misses or Refreshed are not 0.
	Hits, Misses      int
	Unread, Refreshed int
}

// Len is the number of files the cache holds.
func (c *Cache) Len() int {
	if c == nil {
		return 0
	}
	return len(c.files)
}

// Sums returns the SHA-256 of every file the cache holds, by path.
func (c *Cache) Sums() map[string]FileSum {
	out := make(map[string]FileSum, len(c.files))
	for p, f := range c.files {
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
	next := make([]*loaded, len(files))
	var counts [outcomes]atomic.Int64
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	// Unread files cost a stat each: batches keep the goroutines few.
	const batch = 16
	for lo := 0; lo < len(files); lo += batch {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			for i := lo; i < min(lo+batch, len(files)); i++ {
				cf, how := loadOne(fsys, files[i], entries[i], old, now, stat)
				if lean && cf.doc != nil && cf.doc.BodyAt > 0 {
					cf.doc.Body = "" // the file's bytes are garbage from here
				}
				next[i] = cf
				counts[how].Add(1)
			}
			return nil
		})
	}
	_ = g.Wait() // loadOne reports problems as diagnostics, never as errors
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	res := &Result{}
	docs := make([]*model.Document, len(files))
	c := &Cache{files: make(map[string]*cachedFile, len(files)),
		Misses: int(counts[parsed].Load()), Unread: int(counts[unreadHit].Load()), Refreshed: int(counts[refreshedHit].Load())}
	c.Hits = len(files) - c.Misses
	for i, cf := range next {
		res.Diags = append(res.Diags, cf.Diags...)
		docs[i] = cf.doc
		c.files[cf.Path] = &cf.cachedFile
	}
	res.Directives = group(docs, &res.Diags)
	return res, c, nil
}

// loaded is a cache entry with the document this build uses.
type loaded struct {
	cachedFile
	doc *model.Document
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

// loadOne loads the file name, whose directory entry is e, with the cache
// old (nil when none); now is the start of the load. With stat, a file
// whose size and time prove it unchanged is not read.
func loadOne(fsys fs.FS, name string, e fs.DirEntry, old *Cache, now int64, stat bool) (*loaded, outcome) {
	var prev *cachedFile
	if old != nil {
		prev = old.files[name]
	}
	if stat && prev != nil && prev.unread() {
		if size, mtime, ok := statFile(fsys, name, e); ok && size == prev.Size && mtime == prev.ModTime {
			if doc, ok := prev.document(nil); ok {
				return &loaded{cachedFile: *prev, doc: doc}, unreadHit
			}
		}
	}
	data, mtime, err := readFile(fsys, name)
	if err != nil {
		var diags diag.List
		diags.Errorf(diag.Pos{File: name}, "cannot read: %v", err)
		// Never cached as parsed: the next build tries again.
		return &loaded{cachedFile: cachedFile{Path: name, Size: -1, Diags: diags}}, parsed
	}
	sum := FileSum(sha256.Sum256(data))
	if prev != nil && prev.Size == int64(len(data)) && prev.Sum == sum {
		if doc, ok := prev.document(data); ok {
			out := *prev
			out.ModTime, out.Checked = mtime, now
			if mtime != prev.ModTime || out.trusted() != prev.trusted() {
				return &loaded{cachedFile: out, doc: doc}, refreshedHit
			}
			return &loaded{cachedFile: out, doc: doc}, readHit
		}
	}
	doc, diags := parseFile(name, data, true)
	cf := cachedFile{Path: name, Size: int64(len(data)), ModTime: mtime, Checked: now, Sum: sum, Diags: diags, BodyAt: -1}
	if doc != nil && !cacheable(doc) {
		cf.Size = -1 // parsed again next time
	} else if doc != nil {
		// Keep the body out of the cache when it is the file's tail as is
		// (the usual case: already NFC); it is sliced from the bytes read.
		stored := *doc
		stored.KeyPos = nil
		cf.Keys = make([]keyPos, 0, len(doc.KeyPos))
		for k, p := range doc.KeyPos {
			kp := keyPos{Key: k, File: p.File, Line: p.Line, Col: p.Col}
			if p.File == doc.File {
				kp.File = ""
			}
			cf.Keys = append(cf.Keys, kp)
		}
		slices.SortFunc(cf.Keys, func(a, b keyPos) int { return strings.Compare(a.Key, b.Key) })
		if len(doc.Body) <= len(data) && string(data[len(data)-len(doc.Body):]) == doc.Body {
			cf.BodyAt = len(data) - len(doc.Body)
			stored.Body = ""
			doc.BodyAt = cf.BodyAt
		}
		cf.Doc = &stored
	}
	return &loaded{cachedFile: cf, doc: doc}, parsed
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
	if cf.Doc == nil {
		return nil, true
	}
	d := *cf.Doc
	d.KeyPos = make(map[string]diag.Pos, len(cf.Keys))
	for _, k := range cf.Keys {
		p := diag.Pos{File: k.File, Line: k.Line, Col: k.Col}
		if p.File == "" {
			p.File = d.File
		}
		d.KeyPos[k.Key] = p
	}
	if !d.Published.IsZero() {
		d.Published = d.Published.In(model.Zone()) // gob keeps the offset, not the zone's name
	}
	d.BodyAt = 0
	if data == nil && cf.BodyAt > 0 {
		d.BodyAt, d.Body = cf.BodyAt, ""
	} else if cf.BodyAt >= 0 {
		if cf.BodyAt > len(data) {
			return nil, false
		}
		d.BodyAt = cf.BodyAt
		if tail := data[cf.BodyAt:]; len(tail) > 0 {
			d.Body = unsafe.String(&tail[0], len(tail)) // data is the caller's and never written again
		} else {
			d.Body = ""
		}
	}
	return &d, true
}

// cacheable reports whether doc survives the cache unchanged: gob decodes
// an empty slice as nil and a time in its offset only, so a document with
// an empty, non-nil list or a publication time outside Vietnam's zone is
// parsed again every time rather than changed by the cache.
func cacheable(doc *model.Document) bool {
	v := reflect.ValueOf(doc).Elem()
	for i := range v.NumField() {
		if f := v.Field(i); f.Kind() == reflect.Slice && f.Len() == 0 && !f.IsNil() {
			return false
		}
	}
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
	err := fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
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
			files, entries = append(files, p), append(entries, e)
		}
		return nil
	})
	return files, entries, err
}

// Cache files. A cache file is:
//
//	magic "VANBAN-PARSE-CACHE\n"
//	schema version (uint32, big endian)
//	binary identity (32 bytes: see Cache.Binary)
//	payload length (uint64) and payload: chunks of up to cacheChunk cached
//	files, each a length (uint64) and a gob of them, decoded in parallel
//	SHA-256 of everything before it (32 bytes)
//
// Anything else — another magic or version, another binary, a short or
// damaged file, a payload that does not decode — is rejected whole.
const (
	cacheMagic = "VANBAN-PARSE-CACHE\n"
	// CacheSchema is raised whenever cachedFile or model.Document change
	// meaning in a way gob would not notice.
	CacheSchema = 4
	cacheChunk  = 1024
)

// ErrCache says a cache file was rejected; the build goes on without it.
var ErrCache = errors.New("parse cache rejected")

// WriteCache writes c for the program identified by binary.
func WriteCache(w io.Writer, c *Cache, binary [32]byte) error {
	files := make([]*cachedFile, 0, len(c.files))
	for _, f := range c.files {
		if f.Size >= 0 {
			files = append(files, f)
		}
	}
	// In path order: the same content gives the same cache file.
	slices.SortFunc(files, func(a, b *cachedFile) int { return strings.Compare(a.Path, b.Path) })
	chunks := make([][]byte, (len(files)+cacheChunk-1)/cacheChunk)
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range chunks {
		g.Go(func() error {
			var b bytes.Buffer
			err := gob.NewEncoder(&b).Encode(files[i*cacheChunk : min(len(files), (i+1)*cacheChunk)])
			chunks[i] = b.Bytes()
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	var payload bytes.Buffer
	for _, c := range chunks {
		var n [8]byte
		putUint64(n[:], uint64(len(c)))
		payload.Write(n[:])
		payload.Write(c)
	}
	var buf bytes.Buffer
	buf.Grow(len(cacheMagic) + 4 + 32 + 8 + payload.Len() + 32)
	buf.WriteString(cacheMagic)
	_ = binary32(&buf, CacheSchema)
	buf.Write(binary[:])
	var n [8]byte
	putUint64(n[:], uint64(payload.Len()))
	buf.Write(n[:])
	buf.Write(payload.Bytes())
	sum := sha256.Sum256(buf.Bytes())
	buf.Write(sum[:])
	_, err := w.Write(buf.Bytes())
	return err
}

// ReadCache reads a cache file written by WriteCache for the same binary.
func ReadCache(data []byte, binary [32]byte) (*Cache, error) {
	head := len(cacheMagic) + 4 + 32 + 8
	if len(data) < head+32 {
		return nil, fmt.Errorf("%w: truncated", ErrCache)
	}
	if string(data[:len(cacheMagic)]) != cacheMagic {
		return nil, fmt.Errorf("%w: not a vanban parse cache", ErrCache)
	}
	p := len(cacheMagic)
	if v := uint32(data[p])<<24 | uint32(data[p+1])<<16 | uint32(data[p+2])<<8 | uint32(data[p+3]); v != CacheSchema {
		return nil, fmt.Errorf("%w: schema version %d, want %d", ErrCache, v, CacheSchema)
	}
	p += 4
	if !bytes.Equal(data[p:p+32], binary[:]) {
		return nil, fmt.Errorf("%w: written by another build of the program", ErrCache)
	}
	p += 32
	n := getUint64(data[p : p+8])
	p += 8
	if n != uint64(len(data)-head-32) {
		return nil, fmt.Errorf("%w: truncated or damaged (payload length)", ErrCache)
	}
	body := data[:len(data)-32]
	if sum := sha256.Sum256(body); !bytes.Equal(sum[:], data[len(data)-32:]) {
		return nil, fmt.Errorf("%w: damaged (checksum)", ErrCache)
	}
	var chunks [][]byte
	for rest := data[p : p+int(n)]; len(rest) > 0; {
		if len(rest) < 8 || getUint64(rest) > uint64(len(rest)-8) {
			return nil, fmt.Errorf("%w: truncated or damaged (chunk length)", ErrCache)
		}
		size := int(getUint64(rest))
		chunks, rest = append(chunks, rest[8:8+size]), rest[8+size:]
	}
	decoded := make([][]*cachedFile, len(chunks))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, chunk := range chunks {
		g.Go(func() error { return gob.NewDecoder(bytes.NewReader(chunk)).Decode(&decoded[i]) })
	}
	if err := g.Wait(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCache, err)
	}
	files := slices.Concat(decoded...)
	c := &Cache{files: make(map[string]*cachedFile, len(files))}
	for _, f := range files {
		if f == nil || f.Path == "" || f.Size < 0 || f.BodyAt < -1 {
			return nil, fmt.Errorf("%w: malformed entry", ErrCache)
		}
		c.files[f.Path] = f
	}
	return c, nil
}

func binary32(w *bytes.Buffer, v uint32) error {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], v)
	_, err := w.Write(b[:])
	return err
}

func putUint64(b []byte, v uint64) { binary.BigEndian.PutUint64(b, v) }
func getUint64(b []byte) uint64    { return binary.BigEndian.Uint64(b) }
