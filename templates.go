// Package vanban holds what the module root must provide: go:embed cannot
// reach a parent directory, so the default templates are embedded here and
// handed to the generator as an fs.FS.
package vanban

import (
	"embed"
	"io/fs"
)

//go:embed templates
var templates embed.FS

// Templates returns the default templates (the repository's templates/
// directory as shipped in the binary).
func Templates() fs.FS {
	sub, err := fs.Sub(templates, "templates")
	if err != nil {
		return templates // unreachable: the directory is embedded
	}
	return sub
}
