// Command floor is the benchmark floor: the least a static site generator
// must do for an archive. It walks the content tree, parses each file's
// front matter with adrg/frontmatter, renders the Markdown body with one
// goldmark instance (the same extensions as vanban: tables, strikethrough)
// and writes one HTML file per Markdown file — nothing else: no citations,
// no listings, no feeds.
//
//	floor -content DIR -out DIR [-j N]
//
// -j sets how many files are processed at once (default: every core, as
// vanban does).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/adrg/frontmatter"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

func main() {
	content := flag.String("content", "content", "content directory")
	out := flag.String("out", "public-floor", "output directory")
	jobs := flag.Int("j", runtime.GOMAXPROCS(0), "files processed at once")
	flag.Parse()
	var files []string
	err := filepath.WalkDir(*content, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))
	work := make(chan string)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failed []string
	for range max(1, *jobs) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for p := range work {
				if err := one(md, &buf, *content, *out, p); err != nil {
					mu.Lock()
					failed = append(failed, p+": "+err.Error())
					mu.Unlock()
				}
			}
		}()
	}
	for _, p := range files {
		work <- p
	}
	close(work)
	wg.Wait()
	if len(failed) > 0 {
		fmt.Fprintln(os.Stderr, strings.Join(failed, "\n"))
		os.Exit(1)
	}
	fmt.Printf("floor: %d files\n", len(files))
}

func one(md goldmark.Markdown, buf *bytes.Buffer, content, out, p string) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	var meta map[string]any
	body, err := frontmatter.Parse(f, &meta)
	f.Close()
	if err != nil {
		return err
	}
	title, _ := meta["title"].(string)
	buf.Reset()
	buf.WriteString("<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>")
	buf.WriteString(html.EscapeString(title))
	buf.WriteString("</title></head><body><h1>")
	buf.WriteString(html.EscapeString(title))
	buf.WriteString("</h1>\n")
	if err := md.Convert(body, buf); err != nil {
		return err
	}
	buf.WriteString("</body></html>\n")
	rel, err := filepath.Rel(content, p)
	if err != nil {
		return err
	}
	dst := filepath.Join(out, strings.TrimSuffix(rel, ".md"), "index.html")
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, buf.Bytes(), 0o644)
}
