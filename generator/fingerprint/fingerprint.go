// Package fingerprint is the one place that wraps
// github.com/gohugoio/hashstructure: it turns structured inputs into short,
// stable fingerprints. An edition's fingerprint covers what the office
// issued (its metadata and its text) and nothing about where the file lies
// in the content tree, so renaming or moving a file keeps it, while any
// change of a word, a date or a name changes it.
//
// The fingerprint is a 64-bit FNV-1a hash written as 16 hexadecimal digits.
// It identifies a text; it is not a signature. The build manifest
// (manifest.json) carries the SHA-256 of every published file.
package fingerprint

import (
	"fmt"
	"time"

	"github.com/gohugoio/hashstructure"

	"vanban/generator/model"
)

// Schema is the version of what an edition's fingerprint covers. Raise it
// whenever editionRecord changes meaning, so that old and new fingerprints
// are never compared as if they were the same kind.
const Schema = 1

// Of fingerprints any value that hashstructure accepts (structs, slices,
// maps, strings, numbers, time.Time). Unexported struct fields are ignored.
func Of(v any) (uint64, error) {
	return hashstructure.Hash(v, nil)
}

// Hash folds a sequence of plain values into a fingerprint without
// reflection or allocation: for inputs hashed by the thousand per build,
// where Of's walk over a struct would be most of the cost. It takes eight
// bytes at a time, each step an FNV-style multiply and a shift that folds
// the high bits back into the low ones. Strings are length-prefixed, so no
// two different sequences of strings and numbers feed the same words. The
// zero Hash is not ready: use New.
type Hash uint64

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// New starts a Hash.
func New() Hash { return fnvOffset }

// Uint64 adds n.
func (h Hash) Uint64(n uint64) Hash {
	h = (h ^ Hash(n)) * fnvPrime
	return h ^ h>>32
}

// Int adds n.
func (h Hash) Int(n int) Hash { return h.Uint64(uint64(n)) }

// Bool adds b.
func (h Hash) Bool(b bool) Hash {
	if b {
		return h.Uint64(1)
	}
	return h.Uint64(0)
}

// String adds s, after its length.
func (h Hash) String(s string) Hash {
	h = h.Uint64(uint64(len(s)))
	for ; len(s) >= 8; s = s[8:] {
		h = h.Uint64(uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56)
	}
	var tail uint64
	for i := len(s) - 1; i >= 0; i-- {
		tail = tail<<8 | uint64(s[i])
	}
	return h.Uint64(tail)
}

// Sum is the fingerprint of what was added.
func (h Hash) Sum() uint64 { return uint64(h) }

// String formats a fingerprint as 16 lowercase hexadecimal digits.
func String(h uint64) string { return fmt.Sprintf("%016x", h) }

// Edition returns the fingerprint of one edition of a directive, as 16
// hexadecimal digits. It covers the schema version, every front matter
// field that describes the document (number, type, title, issuer, dates,
// signer, addressees, distribution, source, topics, relations, edition
// block, notes) and the Markdown text; it leaves out the file path, the
// positions of keys and lines, and the draft flag.
func Edition(doc *model.Document) (string, error) {
	h, err := Of(record(doc))
	if err != nil {
		return "", fmt.Errorf("fingerprint of %s: %w", doc.File, err)
	}
	return String(h), nil
}

// editionRecord is what an edition's fingerprint covers. Field names are
// part of the hash: renaming one changes every fingerprint, so do it only
// together with raising Schema.
type editionRecord struct {
	Schema       int
	Number       string
	Type         string
	Title        string
	Issuer       string
	Parent       string
	Province     string
	Date         string
	Place        string
	Published    string
	Effective    string
	Expires      string
	Signer       [3]string // authority, title, name
	Addressees   []string
	Distribution []string
	Source       [4]string // url, file, kind, note
	Topics       []string
	Relations    []refRecord
	Edition      editionInfo
	Notes        string
	Body         string
}

type refRecord struct {
	Kind, Number, Date, Issuer, Note string
}

type editionInfo struct {
	Number     int
	Date, Note string
}

func record(d *model.Document) editionRecord {
	r := editionRecord{
		Schema:       Schema,
		Number:       d.Number.Text,
		Type:         d.Type.Slug,
		Title:        d.Title,
		Issuer:       d.Issuer,
		Parent:       d.Parent,
		Province:     d.Province,
		Date:         d.Date.String(),
		Place:        d.Place,
		Effective:    d.Effective.String(),
		Expires:      d.Expires.String(),
		Signer:       [3]string{d.Signer.Authority, d.Signer.Title, d.Signer.Name},
		Addressees:   d.Addressees,
		Distribution: d.Distribution,
		Source:       [4]string{d.Source.URL, d.Source.File, d.Source.Kind, d.Source.Note},
		Topics:       d.Topics,
		Edition:      editionInfo{d.Edition.Number, d.Edition.Date.String(), d.Edition.Note},
		Notes:        d.Notes,
		Body:         d.Body,
	}
	if !d.Published.IsZero() {
		r.Published = d.Published.Format(time.RFC3339)
	}
	for _, ref := range d.Relations {
		r.Relations = append(r.Relations, refRecord{string(ref.Kind), ref.Number.Text, ref.Date.String(), ref.Issuer, ref.Note})
	}
	return r
}
