// Package output is the last stage: it writes a build into a temporary
// directory beside the output directory and swaps it in whole, so the
// published tree is never half-written and an aborted build leaves the
// previous one untouched. Files whose bytes did not change since the last
// build are hard-linked from it instead of rewritten, and a manifest lists
// every file with its SHA-256 fingerprint.
package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// ManifestName is the manifest file at the output root.
const ManifestName = "manifest.json"

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

// Tx is one build being written. Write is safe for concurrent use.
type Tx struct {
	out, tmp string
	old      map[string]string // previous manifest

	mu      sync.Mutex
	files   map[string]string
	written int // files actually written (not linked)
	bytes   int64
}

// Begin starts writing a build that will replace dir.
func Begin(dir string) (*Tx, error) {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	tx := &Tx{out: dir, tmp: tmp, files: map[string]string{}}
	if m, err := ReadManifest(os.DirFS(dir)); err == nil {
		tx.old = m.Files
	}
	return tx, nil
}

// CheckPath rejects a path that could escape the output directory.
func CheckPath(rel string) error {
	if rel == "" || rel == "." || strings.HasPrefix(rel, "/") || strings.Contains(rel, "\\") || !fs.ValidPath(rel) || path.Clean(rel) != rel {
		return fmt.Errorf("output path %q is not a clean relative path inside the output directory", rel)
	}
	return nil
}

// Write stores one file of the build.
func (tx *Tx) Write(rel string, data []byte) error {
	if err := CheckPath(rel); err != nil {
		return err
	}
	if rel == ManifestName {
		return fmt.Errorf("%s is reserved for the build manifest", rel)
	}
	fp := Fingerprint(data)
	tx.mu.Lock()
	if _, dup := tx.files[rel]; dup {
		tx.mu.Unlock()
		return fmt.Errorf("two outputs want the same path %s", rel)
	}
	tx.files[rel] = fp
	same := tx.old[rel] == fp
	tx.mu.Unlock()

	dst := filepath.Join(tx.tmp, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	if same {
		// Unchanged since the last build: keep the very same file, once its
		// bytes are checked (it may have been edited since the manifest).
		prev := filepath.Join(tx.out, filepath.FromSlash(rel))
		if old, err := os.ReadFile(prev); err == nil && bytes.Equal(old, data) && os.Link(prev, dst) == nil {
			return nil
		}
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		return err
	}
	tx.mu.Lock()
	tx.written++
	tx.bytes += int64(len(data))
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

// Commit writes the manifest and swaps the new tree in for the old one.
func (tx *Tx) Commit() error {
	m := Manifest{Version: 1, Files: tx.Files()}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tx.tmp, ManifestName), append(data, '\n'), 0o644); err != nil {
		return err
	}
	if _, err := os.Stat(tx.out); errors.Is(err, os.ErrNotExist) {
		return os.Rename(tx.tmp, tx.out)
	}
	if err := exchange(tx.tmp, tx.out); err == nil {
		// The new build is live; tmp now holds the previous one. Failing to
		// delete it leaves a stray directory, not a failed build.
		_ = os.RemoveAll(tx.tmp)
		return nil
	}
	// No atomic exchange here: two renames, with the old tree kept until the
	// new one is in place.
	old := tx.tmp + ".old"
	if err := os.Rename(tx.out, old); err != nil {
		return err
	}
	if err := os.Rename(tx.tmp, tx.out); err != nil {
		_ = os.Rename(old, tx.out)
		return err
	}
	return os.RemoveAll(old)
}

// Abort discards the build; the previous output stays as it was.
func (tx *Tx) Abort() error { return os.RemoveAll(tx.tmp) }

// ReadManifest reads the manifest of a built tree.
func ReadManifest(fsys fs.FS) (*Manifest, error) {
	data, err := fs.ReadFile(fsys, ManifestName)
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", ManifestName, err)
	}
	if m.Version != 1 || m.Files == nil {
		return nil, fmt.Errorf("%s: not a vanban manifest", ManifestName)
	}
	return &m, nil
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
