package site

import (
	"bytes"
	"slices"
	"strconv"
	"strings"

	"vanban/generator/fingerprint"
	"vanban/generator/sitemap"
)

// sitemapJobs writes sitemap.xml (split behind a sitemap index beyond
// sitemap.MaxURLs pages) and robots.txt. The pages are the HTML jobs of the
// build: each ".../index.html" is the URL of its directory. 404.html and the
// pages marked noindex (documents cited but not in the archive) are left
// out. With a cache, the files are keyed by the list of pages, and made
// only when it changed.
func (b *builder) sitemapJobs(jobs []job) []job {
	robots := job{path: "robots.txt", make: func(buf *bytes.Buffer) error {
		buf.Write(sitemap.Robots(b.site.AbsURL("sitemap.xml"), nil))
		return nil
	}}
	if k, ok := b.cache.lookupKey(robots.path); ok {
		robots = b.keyJob(robots, k)
	} else {
		robots.old = -1
	}
	out := []job{robots}
	var sum uint64
	if b.cache != nil {
		// Jobs come in the same order from the same inputs: the sequence
		// of pages names the set.
		h, n := fingerprint.New().Uint64(b.cache.globals), 0
		for i := range jobs {
			if dir, ok := sitemapDir(&jobs[i]); ok {
				h = h.String(dir)
				n++
			}
		}
		sum = h.Sum()
		kept := out
		all := true
		for _, name := range sitemapNames(n) {
			j := b.keyJob(job{path: name}, outputKey(sum, name))
			all = all && j.old >= 0 && b.keep(&j)
			kept = append(kept, j)
		}
		if all {
			return kept
		}
	}
	var urls []string
	for i := range jobs {
		if dir, ok := sitemapDir(&jobs[i]); ok {
			urls = append(urls, b.site.AbsURL(dir))
		}
	}
	slices.Sort(urls)
	urls = slices.Compact(urls)
	files, err := sitemap.Files(b.site.BaseURL, urls, 0)
	if err != nil {
		return append(out, job{path: "sitemap.xml", old: -1, make: func(*bytes.Buffer) error { return err }})
	}
	for _, f := range files {
		j := job{path: f.Path, old: -1, make: func(buf *bytes.Buffer) error {
			buf.Write(f.Data)
			return nil
		}}
		if b.cache != nil {
			j = b.keyJob(j, outputKey(sum, f.Path))
		}
		out = append(out, j)
	}
	return out
}

// sitemapDir is the directory of a page the sitemap lists.
func sitemapDir(j *job) (string, bool) {
	dir, ok := strings.CutSuffix(j.path, "index.html")
	if !ok || (dir != "" && !strings.HasSuffix(dir, "/")) || j.noindex {
		return "", false
	}
	return dir, true
}

// sitemapNames are the files sitemap.Files makes for n URLs.
func sitemapNames(n int) []string {
	if n <= sitemap.MaxURLs {
		return []string{"sitemap.xml"}
	}
	names := []string{"sitemap.xml"}
	for i := 1; (i-1)*sitemap.MaxURLs < n; i++ {
		names = append(names, "sitemap-"+strconv.Itoa(i)+".xml")
	}
	return names
}
