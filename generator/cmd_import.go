package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"vanban/generator/importer"
)

const importUsage = `Usage: go run ./generator import FILE... [--json | --out DIR [--force]]

Reads the raw text of an official document or of the portal page carrying it
(plain text, Markdown, HTML, DOCX export or OCR) and extracts the directive
record: issuer, number, date, type, subject, addressees, signature, body,
distribution, province and citations. What it cannot read stays empty and is
reported on stderr as FILE:LINE: message.

  --json       print each record as JSON on stdout (the default)
  --out DIR    write each record as a directive Markdown file under DIR at
               {province}/{year}/{type}-{number}.md and print its path
  --force      overwrite an existing file under --out

Exit codes: 0 done, 1 a file could not be read or written, 2 usage error.
`

// runImport is the "import" command.
func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("import", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.Usage = func() { fmt.Fprint(stderr, importUsage) }
	asJSON := fset.Bool("json", false, "print the record as JSON")
	out := fset.String("out", "", "write a directive file under this content directory")
	force := fset.Bool("force", false, "overwrite an existing file")
	files, code, ok := parseFlags(fset, args)
	if !ok {
		return code
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "import: no FILE given")
		fset.Usage()
		return 2
	}
	if *asJSON && *out != "" {
		fmt.Fprintln(stderr, "import: --json and --out are exclusive")
		return 2
	}
	if *force && *out == "" {
		fmt.Fprintln(stderr, "import: --force needs --out")
		return 2
	}
	status := 0
	for _, file := range files {
		if err := ctx.Err(); err != nil {
			fmt.Fprintln(stderr, "import:", err)
			return 1
		}
		raw, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", file, err)
			status = 1
			continue
		}
		rec, probs := importer.Import(filepath.Base(file), raw)
		for _, p := range probs {
			if p.Line > 0 {
				fmt.Fprintf(stderr, "%s:%d: %s: %s\n", file, p.Line, p.Field, p.Message)
			} else {
				fmt.Fprintf(stderr, "%s: %s: %s\n", file, p.Field, p.Message)
			}
		}
		if *out == "" {
			j, err := rec.JSON()
			if err != nil {
				fmt.Fprintf(stderr, "%s: %v\n", file, err)
				status = 1
				continue
			}
			if _, err := stdout.Write(j); err != nil {
				fmt.Fprintln(stderr, "import:", err)
				return 1
			}
			continue
		}
		dest := filepath.Join(*out, filepath.FromSlash(rec.Path()))
		if err := writeRecord(rec, dest, *force); err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", file, err)
			status = 1
			continue
		}
		fmt.Fprintln(stdout, dest)
	}
	return status
}

// writeRecord writes the directive file, refusing to replace an existing one
// unless force is set. The file appears whole or not at all.
func writeRecord(rec *importer.Record, dest string, force bool) error {
	if _, err := os.Stat(dest); err == nil && !force {
		return fmt.Errorf("%s exists (use --force to overwrite)", dest)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(dest), ".import-*.md")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := rec.WriteMarkdown(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if !force {
		// Link fails if dest appeared meanwhile: never clobber.
		if err := os.Link(tmp.Name(), dest); err != nil {
			return err
		}
		return nil
	}
	return os.Rename(tmp.Name(), dest)
}
