// Package output is the last stage: it writes a build's files and a
// manifest that lists every file with its SHA-256 fingerprint.
//
// Begin writes a whole new tree into a temporary directory beside the output
// directory and swaps it in at Commit, so the published tree is never
// half-written and an aborted build leaves the previous one untouched. Files
// whose bytes did not change since the last build are hard-linked from it.
//
// Update changes an existing tree in place, for incremental builds, where
// linking some 20,000 unchanged files into a new tree would be most of the
// work. Files with new bytes are staged in a hidden directory beside the
// output; the output directory is not touched before Commit, so a build that
// fails and calls Abort leaves it byte- and mtime-identical. Commit then
//
//  1. removes the manifest,
//  2. deletes the previous build's files that this build neither wrote nor
//     kept, and the directories this empties,
//  3. renames the staged files into place,
//  4. renames the new manifest (written into staging before step 1) into
//     place.
//
// The manifest goes first and comes back last so that a Commit that fails or
// dies part way leaves a tree without one: the next Update refuses it
// (ErrNoPrevious), the caller rebuilds it whole with Begin, and the site's
// page cache, which names the SHA-256 of the manifest it was made for, is
// ignored. A stale manifest would instead claim files that were already
// replaced or deleted. Files that are in no manifest (put there by hand) are
// left alone unless a new file needs their place; Begin removes them. Neither
// mode syncs to disk: a power loss part way is not covered.
//
// Keep takes a file of the previous build as it is, without reading it, when
// its size and modification time still equal the Stamp the previous Tx
// reported (Stamps). Commit does not return before the filesystem's clock has
// moved past the modification time of every file the build wrote, so a file
// edited after a build always gets a stamp of its own.
package output

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// ManifestName is the manifest file at the output root.
const ManifestName = "manifest.json"

// ErrNoPrevious is returned by Update when the output directory holds no
// valid manifest to update; build it with Begin instead.
var ErrNoPrevious = errors.New("no previous build to update")

// Manifest lists every file of a build with its fingerprint.
type Manifest struct {
	Version int               `json:"version"`
	Files   map[string]string `json:"files"` // slash path → "sha256:<hex>"
}

// Fingerprint is the manifest's fingerprint of a file's bytes.
func Fingerprint(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// Stamp is a cheap identity of a file's bytes: its size and modification
// time as lstat reports them.
type Stamp struct {
	Size    int64
	ModTime int64 // Unix nanoseconds
}

func stampOf(fi fs.FileInfo) Stamp { return Stamp{Size: fi.Size(), ModTime: fi.ModTime().UnixNano()} }

// Tx is one build being written. Write and Keep are safe for concurrent use;
// Commit and Abort are called once, after them.
type Tx struct {
	out       string
	stage     string   // Begin: the whole new tree; Update: only files with new bytes
	inPlace   bool     // Update mode
	pre       *prestat // Update: the previous files' stamps
	old       *previous
	committed bool
	bufs      sync.Pool // *[]byte of compareBuf bytes, for sameBytes

	mu      sync.Mutex
	files   map[string]string
	stamps  map[string]Stamp
	dirs    map[string]bool // directories made under stage, as slash paths
	staged  []string        // Update: files to rename into place at Commit
	newest  int64           // latest ModTime of a file written by this build
	written int             // files actually written (not linked or kept)
	bytes   int64
	wrote   [32]byte // SHA-256 of the manifest Commit wrote
}

// PreviousManifest is the SHA-256 of the manifest file the Tx found in the
// output (for Update, of the tree it changes); zero when there was none. A
// cache that describes an output names the manifest it was made with: it
// is valid for this tree only when the two agree, and the manifest is not
// read a second time to know.
func (tx *Tx) PreviousManifest() [32]byte { return tx.old.sum }

// Manifest is the SHA-256 of the manifest file Commit wrote; zero before
// a successful Commit.
func (tx *Tx) Manifest() [32]byte {
	tx.mu.Lock()
	defer tx.mu.Unlock()
	if !tx.committed {
		return [32]byte{}
	}
	return tx.wrote
}

func newTx(out, stage string, old *previous) *Tx {
	// Sized for a build like the previous one: growing maps of 20,000
	// entries costs more than the Keeps that fill them.
	n := len(old.paths)
	return &Tx{out: out, stage: stage, old: old, files: make(map[string]string, n), stamps: make(map[string]Stamp, n), dirs: map[string]bool{".": true}}
}

// previous is the manifest of the build a Tx replaces.
type previous struct {
	paths []string         // sorted
	fps   []string         // fps[i] is the fingerprint of paths[i]
	index map[string]int32 // position in paths
	sum   [32]byte         // SHA-256 of the manifest file; zero when there was none
}

// find returns rel's position in the previous build, or -1.
func (p *previous) find(rel string) int {
	if i, ok := p.index[rel]; ok {
		return int(i)
	}
	return -1
}

// fingerprint is rel's fingerprint in the previous build, "" when it had
// no such file.
func (p *previous) fingerprint(rel string) string {
	if i := p.find(rel); i >= 0 {
		return p.fps[i]
	}
	return ""
}

// readPrevious reads the manifest of the tree in dir.
func readPrevious(dir string) (*previous, error) {
	h := sha256.New()
	text, err := readText(filepath.Join(dir, ManifestName), h)
	if err != nil {
		return nil, err
	}
	p, err := parseManifest(text)
	if err != nil {
		return nil, err
	}
	h.Sum(p.sum[:0])
	return p, nil
}

// readText reads a file into a string without copying it a second time:
// a manifest is megabytes, and its paths and fingerprints stay substrings
// of it for the whole build. It writes the bytes to also as it reads them.
func readText(name string, also io.Writer) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var b strings.Builder
	if fi, err := f.Stat(); err == nil {
		b.Grow(int(fi.Size()) + 1)
	}
	if _, err := io.Copy(io.MultiWriter(&b, also), f); err != nil {
		return "", err
	}
	return b.String(), nil
}

// mkStage makes the hidden working directory beside dir.
func mkStage(dir, kind string) (string, error) {
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+kind)
	if err != nil {
		return "", err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		_ = os.Remove(tmp)
		return "", err
	}
	return tmp, nil
}

// Begin starts writing a build that will replace dir.
func Begin(dir string) (*Tx, error) {
	dir = filepath.Clean(dir)
	tmp, err := mkStage(dir, ".tmp-")
	if err != nil {
		return nil, err
	}
	prev, err := readPrevious(dir)
	if err != nil {
		prev = &previous{}
	}
	return newTx(dir, tmp, prev), nil
}

// Update starts a build that changes dir in place. dir must hold a valid
// manifest; otherwise the error wraps ErrNoPrevious.
func Update(dir string) (*Tx, error) {
	dir = filepath.Clean(dir)
	prev, err := readPrevious(dir)
	if err != nil {
		return nil, fmt.Errorf("%w in %s: %w", ErrNoPrevious, dir, err)
	}
	// Commit deletes what the old manifest lists: it must all be inside.
	for _, rel := range prev.paths {
		if err := checkOutput(rel); err != nil {
			return nil, fmt.Errorf("%w in %s: %w", ErrNoPrevious, dir, err)
		}
	}
	stage, err := mkStage(dir, ".stage-")
	if err != nil {
		return nil, err
	}
	tx := newTx(dir, stage, prev)
	tx.inPlace = true
	tx.pre = startPrestat(dir, prev.paths)
	return tx, nil
}

// prestat is the previous build's files' stamps, taken in the background
// as soon as an update begins: Keep then needs no system call, and the
// tens of thousands of lstat calls run while the caller is busy with
// single-threaded work (indexing, resolving) instead of when it renders.
type prestat struct {
	done   chan struct{}
	stamps []Stamp // by position in the previous build; Size -1: missing or not a regular file
}

func startPrestat(dir string, rels []string) *prestat {
	p := &prestat{done: make(chan struct{}), stamps: make([]Stamp, len(rels))}
	go func() {
		defer close(p.done)
		lstatAll(dir, rels, p.stamps)
	}()
	return p
}

// stamp is the stamp taken of the previous build's i-th file, once they
// are all taken.
func (p *prestat) stamp(i int) Stamp {
	<-p.done
	return p.stamps[i]
}

// CheckPath rejects a path that could escape the output directory.
func CheckPath(rel string) error {
	if rel == "" || rel == "." || strings.HasPrefix(rel, "/") || strings.Contains(rel, "\\") || !fs.ValidPath(rel) || path.Clean(rel) != rel {
		return fmt.Errorf("output path %q is not a clean relative path inside the output directory", rel)
	}
	return nil
}

func checkOutput(rel string) error {
	if err := CheckPath(rel); err != nil {
		return err
	}
	if rel == ManifestName {
		return fmt.Errorf("%s is reserved for the build manifest", rel)
	}
	return nil
}

func (tx *Tx) prev(rel string) string    { return filepath.Join(tx.out, filepath.FromSlash(rel)) }
func (tx *Tx) staging(rel string) string { return filepath.Join(tx.stage, filepath.FromSlash(rel)) }

// claim records rel with its fingerprint, refusing a second output there.
func (tx *Tx) claim(rel, fp string) error {
	tx.mu.Lock()
	defer tx.mu.Unlock()
	if _, dup := tx.files[rel]; dup {
		return fmt.Errorf("two outputs want the same path %s", rel)
	}
	tx.files[rel] = fp
	return nil
}

// record notes the stamp of a file of the new tree and, when this build
// wrote it, its size.
func (tx *Tx) record(rel string, s Stamp, written bool) {
	tx.mu.Lock()
	defer tx.mu.Unlock()
	tx.stamps[rel] = s
	if written {
		tx.written++
		tx.bytes += s.Size
		tx.newest = max(tx.newest, s.ModTime)
	}
}

// Write stores one file of the build.
func (tx *Tx) Write(rel string, data []byte) error {
	if err := checkOutput(rel); err != nil {
		return err
	}
	fp := Fingerprint(data)
	if err := tx.claim(rel, fp); err != nil {
		return err
	}
	if tx.old.fingerprint(rel) == fp {
		// Unchanged since the last build: keep the very same file, once its
		// bytes are checked (it may have been edited since the manifest).
		buf, _ := tx.bufs.Get().(*[]byte)
		if buf == nil {
			b := make([]byte, compareBuf)
			buf = &b
		}
		s, ok := sameBytes(tx.prev(rel), data, *buf)
		tx.bufs.Put(buf)
		if ok && (tx.inPlace || tx.link(rel) == nil) {
			tx.record(rel, s, false)
			return nil
		}
	}
	if err := tx.mkdirs(path.Dir(rel)); err != nil {
		return err
	}
	// The stamp the file keeps: renames do not change the mtime.
	st, err := create(tx.staging(rel), data)
	if err != nil {
		return err
	}
	if tx.inPlace {
		tx.mu.Lock()
		tx.staged = append(tx.staged, rel)
		tx.mu.Unlock()
	}
	tx.record(rel, st, true)
	return nil
}

// compareBuf is the size of the pieces sameBytes reads.
const compareBuf = 64 << 10

// sameBytes reports whether p is a regular file holding exactly data. It
// reads the file a piece at a time into buf (at least 2 bytes): the files a
// build renders again are its largest (listings, feeds, the search index,
// megabytes each), and a buffer of a file's size is that much fresh memory.
func sameBytes(p string, data, buf []byte) (Stamp, bool) {
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(data)) {
		return Stamp{}, false
	}
	f, err := os.Open(p)
	if err != nil {
		return Stamp{}, false
	}
	defer f.Close()
	// The last read asks for one byte more than is left, to see the end.
	for rest := data; ; {
		n, err := io.ReadFull(f, buf[:min(len(rest)+1, len(buf))])
		if n > len(rest) || !bytes.Equal(buf[:n], rest[:n]) {
			return Stamp{}, false // longer, or other bytes
		}
		rest = rest[n:]
		if err != nil { // io.EOF or io.ErrUnexpectedEOF: at the end
			return stampOf(fi), len(rest) == 0 && (err == io.EOF || err == io.ErrUnexpectedEOF)
		}
	}
}

// Keep takes rel from the previous build as it is, without reading it: it
// must be in the previous manifest and still be a regular file with stamp s.
// When Keep fails nothing is recorded, and the caller writes the file.
func (tx *Tx) Keep(rel string, s Stamp) error {
	if err := checkOutput(rel); err != nil {
		return err
	}
	i := tx.old.find(rel)
	if i < 0 {
		return fmt.Errorf("keep %s: not in the previous build", rel)
	}
	fp := tx.old.fps[i]
	var got Stamp
	if tx.pre != nil {
		if got = tx.pre.stamp(i); got.Size < 0 {
			return fmt.Errorf("keep %s: missing or not a regular file", rel)
		}
	} else {
		fi, err := os.Lstat(tx.prev(rel))
		if err != nil {
			return fmt.Errorf("keep %s: %w", rel, err)
		}
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("keep %s: not a regular file (%v)", rel, fi.Mode().Type())
		}
		got = stampOf(fi)
	}
	if got != s {
		return fmt.Errorf("keep %s: changed since the last build (size %d, mtime %d; the build left %d, %d)", rel, got.Size, got.ModTime, s.Size, s.ModTime)
	}
	if err := tx.claim(rel, fp); err != nil {
		return err
	}
	if !tx.inPlace {
		if err := tx.link(rel); err != nil {
			tx.mu.Lock()
			delete(tx.files, rel)
			tx.mu.Unlock()
			return fmt.Errorf("keep %s: %w", rel, err)
		}
	}
	tx.record(rel, s, false)
	return nil
}

// link hard-links the previous build's rel into the new tree.
func (tx *Tx) link(rel string) error {
	if err := tx.mkdirs(path.Dir(rel)); err != nil {
		return err
	}
	return os.Link(tx.prev(rel), tx.staging(rel))
}

// mkdirs makes dir (a slash path) under stage, each directory once: a
// remembered directory costs no system call, a new one a single mkdir.
func (tx *Tx) mkdirs(dir string) error {
	tx.mu.Lock()
	done := tx.dirs[dir]
	tx.mu.Unlock()
	if done {
		return nil
	}
	if err := tx.mkdirs(path.Dir(dir)); err != nil {
		return err
	}
	// Another Write may have made it meanwhile. Something else than a
	// directory there fails the open that follows, naming the path.
	if err := os.Mkdir(tx.staging(dir), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	tx.mu.Lock()
	tx.dirs[dir] = true
	tx.mu.Unlock()
	return nil
}

// Stats reports how many files the build has and how many were written
// rather than kept from the last build.
func (tx *Tx) Stats() (files, written int, bytes int64) {
	tx.mu.Lock()
	defer tx.mu.Unlock()
	return len(tx.files), tx.written, tx.bytes
}

// Files returns the manifest entries written so far.
func (tx *Tx) Files() map[string]string {
	tx.mu.Lock()
	defer tx.mu.Unlock()
	return maps.Clone(tx.files)
}

// Stamps returns, after Commit, the stamp of every file of the new tree
// (not the manifest), for the next build's Keep. After Commit the map is
// the caller's: the Tx has no more use for it.
func (tx *Tx) Stamps() map[string]Stamp {
	tx.mu.Lock()
	defer tx.mu.Unlock()
	if tx.committed {
		return tx.stamps
	}
	return maps.Clone(tx.stamps)
}

func (tx *Tx) manifest() ([]byte, error) {
	tx.mu.Lock()
	defer tx.mu.Unlock()
	data, err := encodeManifestSorted(tx.sortedPaths(), tx.files)
	if err == nil {
		tx.wrote = sha256.Sum256(data)
	}
	return data, err
}

// sortedPaths returns the paths of the new tree in order: the previous
// build's, already sorted, that are still there, merged with the new ones.
// Sorting only the few new paths, not all 20,000, is most of what an
// incremental Commit saves.
func (tx *Tx) sortedPaths() []string {
	paths := make([]string, 0, len(tx.files))
	for _, p := range tx.old.paths {
		if _, ok := tx.files[p]; ok {
			paths = append(paths, p)
		}
	}
	if len(paths) == len(tx.files) {
		return paths
	}
	var added []string
	for p := range tx.files {
		if tx.old.find(p) < 0 {
			added = append(added, p)
		}
	}
	slices.Sort(added)
	merged := make([]string, 0, len(tx.files))
	i, j := 0, 0
	for i < len(paths) && j < len(added) {
		if paths[i] < added[j] {
			merged = append(merged, paths[i])
			i++
		} else {
			merged = append(merged, added[j])
			j++
		}
	}
	merged = append(merged, paths[i:]...)
	return append(merged, added[j:]...)
}

// encodeManifest gives the bytes json.MarshalIndent(m, "", "  ") and a
// newline would, in a tenth of the time: at 20,000 files the encoder's
// reflection and key sorting were a quarter of an incremental Commit.
func encodeManifest(files map[string]string) ([]byte, error) {
	return encodeManifestSorted(slices.Sorted(maps.Keys(files)), files)
}

// encodeManifestSorted is encodeManifest given the sorted paths of files.
func encodeManifestSorted(paths []string, files map[string]string) ([]byte, error) {
	if len(files) == 0 {
		return []byte("{\n  \"version\": 1,\n  \"files\": {}\n}\n"), nil
	}
	// Exactly the size of the manifest when nothing needs escaping: the
	// buffer is megabytes, and growing it copies it.
	size := len(manifestHead) + len(manifestTail)
	for _, p := range paths {
		size += len(`    "": "",`) + 1 + len(p) + len(files[p])
	}
	b := make([]byte, 0, size)
	b = append(b, manifestHead...)
	for i, p := range paths {
		if i > 0 {
			b = append(b, ",\n"...)
		}
		b = append(b, "    "...)
		b = appendJSONString(b, p)
		b = append(b, ": "...)
		b = appendJSONString(b, files[p])
	}
	return append(b, manifestTail...), nil
}

const (
	manifestHead = "{\n  \"version\": 1,\n  \"files\": {\n"
	manifestTail = "\n  }\n}\n"
)

// appendJSONString appends s as encoding/json quotes it: plain printable
// ASCII as it is, anything else through the encoder itself.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// Commit writes the manifest and publishes the new tree: in Begin mode by
// swapping it in for the old one, in Update mode as the package comment
// describes. After a failed Commit, call Abort.
func (tx *Tx) Commit() error {
	err := tx.commit()
	if err == nil {
		tx.mu.Lock()
		tx.committed = true
		tx.mu.Unlock()
	}
	return err
}

func (tx *Tx) commit() error {
	if tx.inPlace {
		return tx.commitInPlace()
	}
	data, err := tx.manifest()
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tx.stage, ManifestName), data, 0o644); err != nil {
		return err
	}
	if err := tx.clockPast(); err != nil {
		return err
	}
	if _, err := os.Stat(tx.out); errors.Is(err, os.ErrNotExist) {
		return os.Rename(tx.stage, tx.out)
	}
	if err := exchange(tx.stage, tx.out); err == nil {
		// The new build is live; tmp now holds the previous one. Failing to
		// delete it leaves a stray directory, not a failed build.
		_ = os.RemoveAll(tx.stage)
		return nil
	}
	// No atomic exchange here: two renames, with the old tree kept until the
	// new one is in place.
	old := tx.stage + ".old"
	if err := os.Rename(tx.out, old); err != nil {
		return err
	}
	if err := os.Rename(tx.stage, tx.out); err != nil {
		_ = os.Rename(old, tx.out)
		return err
	}
	return os.RemoveAll(old)
}

func (tx *Tx) commitInPlace() error {
	// Everything that can fail without touching the output comes first.
	if err := conflicts(tx.files); err != nil {
		return err
	}
	data, err := tx.manifest()
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(tx.stage, ".manifest-*")
	if err != nil {
		return err
	}
	newManifest := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := tx.clockPast(); err != nil {
		return err
	}

	// 1. No manifest until the tree matches the new one.
	manifest := filepath.Join(tx.out, ManifestName)
	if err := os.Remove(manifest); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	// 2. Files of the previous build that are not in this one.
	emptied := map[string]bool{}
	for _, rel := range tx.old.paths {
		if _, ok := tx.files[rel]; ok {
			continue
		}
		if err := os.RemoveAll(tx.prev(rel)); err != nil {
			return err
		}
		for d := path.Dir(rel); d != "."; d = path.Dir(d) {
			emptied[d] = true
		}
	}
	// Deepest first; a directory that still holds something stays.
	gone := slices.SortedFunc(maps.Keys(emptied), func(a, b string) int {
		return cmp.Compare(strings.Count(b, "/"), strings.Count(a, "/"))
	})
	for _, d := range gone {
		_ = os.Remove(tx.prev(d))
	}
	// 3. The files with new bytes.
	made := map[string]bool{".": true}
	slices.Sort(tx.staged)
	for _, rel := range tx.staged {
		if err := tx.outDirs(path.Dir(rel), made); err != nil {
			return err
		}
		if err := replace(tx.staging(rel), tx.prev(rel)); err != nil {
			return err
		}
	}
	// 4. The manifest, last.
	if err := os.Rename(newManifest, manifest); err != nil {
		return err
	}
	// The build is published; a staging directory left behind is a stray
	// directory, not a failed build.
	_ = os.RemoveAll(tx.stage)
	return nil
}

// conflicts refuses a tree in which a path is both a file and a directory
// (a kept a/b and a written a/b/index.html): in Update mode nothing else
// would notice before the kept file is replaced by a directory.
func conflicts(files map[string]string) error {
	for rel := range files {
		for d := path.Dir(rel); d != "."; d = path.Dir(d) {
			if _, ok := files[d]; ok {
				return fmt.Errorf("output %s is both a file and the directory of %s", d, rel)
			}
		}
	}
	return nil
}

// outDirs makes sure dir (a slash path) is a directory of the output, not a
// file or a symbolic link left there, which would take the new file
// elsewhere.
func (tx *Tx) outDirs(dir string, made map[string]bool) error {
	if made[dir] {
		return nil
	}
	if err := tx.outDirs(path.Dir(dir), made); err != nil {
		return err
	}
	p := tx.prev(dir)
	fi, err := os.Lstat(p)
	switch {
	case err == nil && fi.IsDir():
	case err == nil || errors.Is(err, fs.ErrNotExist):
		if err == nil {
			if err := os.Remove(p); err != nil {
				return err
			}
		}
		if err := os.Mkdir(p, 0o755); err != nil {
			return err
		}
	default:
		return err
	}
	made[dir] = true
	return nil
}

// replace renames src to dst, first removing a directory at dst (the old
// tree's directory of files that are in no manifest any more).
func replace(src, dst string) error {
	err := os.Rename(src, dst)
	if err == nil {
		return nil
	}
	if fi, lerr := os.Lstat(dst); lerr != nil || !fi.IsDir() {
		return err
	}
	if err := os.RemoveAll(dst); err != nil {
		return err
	}
	return os.Rename(src, dst)
}

// clockPast returns once the filesystem's clock is past the modification
// time of every file this build wrote: a file edited after Commit then
// cannot have the stamp the build recorded for it, even with coarse
// timestamps. It gives up after about 100 ms (a clock behind the files'
// times), leaving Keep to the size and mtime alone.
func (tx *Tx) clockPast() error {
	tx.mu.Lock()
	newest := tx.newest
	tx.mu.Unlock()
	if newest == 0 {
		return nil
	}
	f, err := os.CreateTemp(filepath.Dir(tx.out), "."+filepath.Base(tx.out)+".clock-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	for range 100 {
		if _, err := f.WriteAt([]byte{0}, 0); err != nil {
			return err
		}
		fi, err := f.Stat()
		if err != nil {
			return err
		}
		if fi.ModTime().UnixNano() > newest {
			return nil
		}
		time.Sleep(time.Millisecond)
	}
	return nil
}

// Abort discards the build; the previous output stays as it was.
func (tx *Tx) Abort() error { return os.RemoveAll(tx.stage) }

// ReadManifest reads the manifest of a built tree.
func ReadManifest(fsys fs.FS) (*Manifest, error) {
	data, err := fs.ReadFile(fsys, ManifestName)
	if err != nil {
		return nil, err
	}
	p, err := parseManifest(string(data))
	if err != nil {
		return nil, err
	}
	m := &Manifest{Version: 1, Files: make(map[string]string, len(p.paths))}
	for i, rel := range p.paths {
		m.Files[rel] = p.fps[i]
	}
	return m, nil
}

// parseManifest reads a manifest. One written by this package (sorted
// paths, nothing escaped) is read directly, its strings substrings of text;
// anything else goes through encoding/json, which defines the result.
func parseManifest(text string) (*previous, error) {
	if p, ok := parseCanonical(text); ok {
		return p, nil
	}
	var m Manifest
	if err := json.Unmarshal([]byte(text), &m); err != nil {
		return nil, fmt.Errorf("%s: %w", ManifestName, err)
	}
	if m.Version != 1 || m.Files == nil {
		return nil, fmt.Errorf("%s: not a vanban manifest", ManifestName)
	}
	p := &previous{paths: slices.Sorted(maps.Keys(m.Files)), index: make(map[string]int32, len(m.Files))}
	p.fps = make([]string, len(p.paths))
	for i, rel := range p.paths {
		p.fps[i] = m.Files[rel]
		p.index[rel] = int32(i)
	}
	return p, nil
}

// parseCanonical reads text when it is exactly what encodeManifest writes
// for paths and fingerprints that need no escaping, in strictly increasing
// order; ok is false for anything else.
func parseCanonical(text string) (p *previous, ok bool) {
	if text == "{\n  \"version\": 1,\n  \"files\": {}\n}\n" {
		return &previous{index: map[string]int32{}}, true
	}
	rest, ok := strings.CutPrefix(text, manifestHead)
	if !ok {
		return nil, false
	}
	rest, ok = strings.CutSuffix(rest, manifestTail)
	if !ok {
		return nil, false
	}
	// Each entry is at least `    "a": ""` and a separator.
	n := strings.Count(rest, "\n") + 1
	p = &previous{paths: make([]string, 0, n), fps: make([]string, 0, n)}
	for {
		var rel, fp string
		if rest, ok = strings.CutPrefix(rest, `    `); !ok {
			return nil, false
		}
		if rel, rest, ok = plainString(rest); !ok {
			return nil, false
		}
		if rest, ok = strings.CutPrefix(rest, `: `); !ok {
			return nil, false
		}
		if fp, rest, ok = plainString(rest); !ok {
			return nil, false
		}
		if len(p.paths) > 0 && p.paths[len(p.paths)-1] >= rel {
			return nil, false
		}
		p.paths, p.fps = append(p.paths, rel), append(p.fps, fp)
		if rest == "" {
			break
		}
		if rest, ok = strings.CutPrefix(rest, ",\n"); !ok {
			return nil, false
		}
	}
	p.index = make(map[string]int32, len(p.paths))
	for i, rel := range p.paths {
		p.index[rel] = int32(i)
	}
	return p, true
}

// plainString reads a JSON string at the start of s that appendJSONString
// writes without escapes: printable ASCII but for '"', '\\', '<', '>' and
// '&'.
func plainString(s string) (v, rest string, ok bool) {
	if s == "" || s[0] != '"' {
		return "", "", false
	}
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			return s[1:i], s[i+1:], true
		case c < 0x20 || c > 0x7e || c == '\\' || c == '<' || c == '>' || c == '&':
			return "", "", false
		}
	}
	return "", "", false
}

// SortedPaths returns the manifest's paths in order.
func (m *Manifest) SortedPaths() []string {
	out := make([]string, 0, len(m.Files))
	for p := range m.Files {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}
