package site

import (
	"crypto/sha256"
	"fmt"
	"hash/maphash"
	"io/fs"
	"sync"

	"vanban/generator/index"
	"vanban/generator/load"
	"vanban/generator/model"
)

// bodyStore keeps directive bodies out of memory while pages are rendered.
// The resolve stage needs every body at once (citations); after it, each
// body is needed by its own directive's outputs only, so holding them all
// would make peak memory grow with the archive's text (some 700 MB at
// 100,000 directives). A body that is its file's tail exactly as written
// (model.Document.BodyAt) is dropped and read back when an output needs it;
// a checksum proves the read-back text is the one resolved, so a file edited
// during the build fails the build instead of mixing two versions. The
// build loads with load.LoadLean, which leaves such bodies in their files
// from the start (and does not even read the files the cache proves
// unchanged): they are read here, checked against the SHA-256 of the file
// the load stage parsed.
type bodyStore struct {
	fsys fs.FS
	seed maphash.Seed
	sums map[string]load.FileSum // the parse cache's, for bodies never read

	mu   sync.Mutex
	held map[*model.Document]heldBody
}

type heldBody struct {
	size int
	sum  uint64
}

func newBodyStore(fsys fs.FS, sums map[string]load.FileSum) *bodyStore {
	return &bodyStore{fsys: fsys, seed: maphash.MakeSeed(), sums: sums, held: map[*model.Document]heldBody{}}
}

// release drops from memory the bodies of every edition of entries that can
// be read back.
func (s *bodyStore) release(entries []*index.Entry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range entries {
		for _, doc := range e.Dir.Editions {
			if doc.BodyAt <= 0 || doc.Body == "" {
				continue
			}
			s.held[doc] = heldBody{size: len(doc.Body), sum: maphash.String(s.seed, doc.Body)}
			doc.Body = ""
		}
	}
}

// body returns doc's body, from memory or read back from its file.
func (s *bodyStore) body(doc *model.Document) (string, error) {
	s.mu.Lock()
	h, released := s.held[doc]
	s.mu.Unlock()
	if !released {
		if sum, known := s.sums[doc.File]; known && doc.Body == "" && doc.BodyAt > 0 {
			return s.unread(doc, sum)
		}
		return doc.Body, nil
	}
	data, err := fs.ReadFile(s.fsys, doc.File)
	if err != nil {
		return "", fmt.Errorf("%s: %w", doc.File, err)
	}
	if doc.BodyAt+h.size != len(data) || maphash.Bytes(s.seed, data[doc.BodyAt:]) != h.sum {
		return "", fmt.Errorf("%s: changed during the build; build again", doc.File)
	}
	return string(data[doc.BodyAt:]), nil
}

// unread reads the body of a document whose file the load stage did not
// read, checking the file is still the one the cache parsed.
func (s *bodyStore) unread(doc *model.Document, sum load.FileSum) (string, error) {
	data, err := fs.ReadFile(s.fsys, doc.File)
	if err != nil {
		return "", fmt.Errorf("%s: %w", doc.File, err)
	}
	if doc.BodyAt > len(data) || load.FileSum(sha256.Sum256(data)) != sum {
		return "", fmt.Errorf("%s: changed during the build; build again", doc.File)
	}
	return string(data[doc.BodyAt:]), nil
}

// withBody returns doc with its body in place, for code that reads
// Document.Body (fingerprints, comparisons).
func (s *bodyStore) withBody(doc *model.Document) (*model.Document, error) {
	body, err := s.body(doc)
	if err != nil {
		return nil, err
	}
	if body == doc.Body {
		return doc, nil
	}
	d := *doc
	d.Body = body
	return &d, nil
}
