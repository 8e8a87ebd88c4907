//go:build !linux

package output

import (
	"os"
	"path/filepath"
)

// lstatAll stamps dir's files rels (slash paths) into stamps, Size -1 for
// one that is missing or not a regular file.
func lstatAll(dir string, rels []string, stamps []Stamp) {
	for i, rel := range rels {
		fi, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil || !fi.Mode().IsRegular() {
			stamps[i] = Stamp{Size: -1}
			continue
		}
		stamps[i] = stampOf(fi)
	}
}
