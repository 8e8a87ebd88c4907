package site

import (
	"bytes"
	"slices"
	"strings"

	"vanban/generator/sitemap"
)

// sitemapJobs writes sitemap.xml (split behind a sitemap index beyond
// sitemap.MaxURLs pages) and robots.txt. The pages are the HTML jobs of the
// build: each ".../index.html" is the URL of its directory. 404.html and the
// pages marked noindex (documents cited but not in the archive) are left
// out.
func (b *builder) sitemapJobs(jobs []job) []job {
	noindex := map[string]bool{}
	for _, m := range b.g.Missing() {
		noindex[m.Path()] = true
	}
	var urls []string
	for _, j := range jobs {
		dir, ok := strings.CutSuffix(j.path, "index.html")
		if !ok || (dir != "" && !strings.HasSuffix(dir, "/")) || noindex[dir] {
			continue
		}
		urls = append(urls, b.site.AbsURL(dir))
	}
	slices.Sort(urls)
	urls = slices.Compact(urls)
	files, err := sitemap.Files(b.site.BaseURL, urls, 0)
	out := []job{{"robots.txt", func(buf *bytes.Buffer) error {
		buf.Write(sitemap.Robots(b.site.AbsURL("sitemap.xml"), nil))
		return nil
	}}}
	if err != nil {
		return append(out, job{"sitemap.xml", func(*bytes.Buffer) error { return err }})
	}
	for _, f := range files {
		out = append(out, job{f.Path, func(buf *bytes.Buffer) error {
			buf.Write(f.Data)
			return nil
		}})
	}
	return out
}
