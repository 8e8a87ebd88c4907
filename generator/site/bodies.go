package site

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"unsafe"

	"vanban/generator/load"
	"vanban/generator/model"
)

// bodyStore gives pages the directive bodies the load stage left in their
// files. Holding every body would make memory grow with the archive's text
// (some 700 MB at 100,000 directives), and each is needed only by its own
// directive's outputs, so load.LoadLean keeps a body that is its file's
// tail exactly as written (Body "", BodyAt > 0) out of memory, and does not
// even read the files its cache proves unchanged. A body is read here when
// an output needs it, checked against the SHA-256 of the file the load
// stage parsed: a file edited during the build fails the build instead of
// mixing two versions.
type bodyStore struct {
	fsys fs.FS
	sums map[string]load.FileSum // the load stage's, by file
}

// body returns doc's body, from memory or read back from its file.
func (s *bodyStore) body(doc *model.Document) (string, error) {
	sum, known := s.sums[doc.File]
	if doc.Body != "" || doc.BodyAt <= 0 || !known {
		return doc.Body, nil
	}
	data, err := fs.ReadFile(s.fsys, doc.File)
	if err != nil {
		return "", fmt.Errorf("%s: %w", doc.File, err)
	}
	if doc.BodyAt > len(data) || load.FileSum(sha256.Sum256(data)) != sum {
		return "", fmt.Errorf("%s: changed during the build; build again", doc.File)
	}
	// data is this call's own and never written again: the body can be a
	// view of it rather than a copy (6 % of a clean build's garbage).
	body := data[doc.BodyAt:]
	if len(body) == 0 {
		return "", nil
	}
	return unsafe.String(&body[0], len(body)), nil
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
