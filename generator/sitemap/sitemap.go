// Package sitemap writes sitemaps (sitemaps.org protocol 0.9) and
// robots.txt from a list of absolute page URLs. Up to MaxURLs pages fit in
// one sitemap.xml; beyond that the pages are split into sitemap-1.xml,
// sitemap-2.xml… and sitemap.xml becomes a sitemap index of them, so the
// URL crawlers are given never changes.
package sitemap

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"
)

// MaxURLs is the protocol's limit of URLs per sitemap file.
const MaxURLs = 50000

// Namespace is the sitemaps.org schema namespace.
const Namespace = "http://www.sitemaps.org/schemas/sitemap/0.9"

// File is one file to write, site-relative.
type File struct {
	Path string
	Data []byte
}

type urlset struct {
	XMLName xml.Name `xml:"urlset"`
	NS      string   `xml:"xmlns,attr"`
	URLs    []loc    `xml:"url"`
}

type sitemapIndex struct {
	XMLName  xml.Name `xml:"sitemapindex"`
	NS       string   `xml:"xmlns,attr"`
	Sitemaps []loc    `xml:"sitemap"`
}

type loc struct {
	Loc string `xml:"loc"`
}

// Files returns sitemap.xml and, when the URLs do not fit in one file, the
// parts it indexes. base is the absolute URL of the site root (with a
// trailing slash); max is the number of URLs per file (MaxURLs when <= 0).
// urls are written in the order given.
func Files(base string, urls []string, max int) ([]File, error) {
	if max <= 0 || max > MaxURLs {
		max = MaxURLs
	}
	if len(urls) <= max {
		data, err := marshal(urlsetOf(urls))
		if err != nil {
			return nil, err
		}
		return []File{{"sitemap.xml", data}}, nil
	}
	var files []File
	idx := sitemapIndex{NS: Namespace}
	for i, n := 0, 1; i < len(urls); i, n = i+max, n+1 {
		part := urls[i:min(i+max, len(urls))]
		name := "sitemap-" + strconv.Itoa(n) + ".xml"
		data, err := marshal(urlsetOf(part))
		if err != nil {
			return nil, err
		}
		files = append(files, File{name, data})
		idx.Sitemaps = append(idx.Sitemaps, loc{base + name})
	}
	data, err := marshal(idx)
	if err != nil {
		return nil, err
	}
	return append([]File{{"sitemap.xml", data}}, files...), nil
}

func urlsetOf(urls []string) urlset {
	s := urlset{NS: Namespace, URLs: make([]loc, len(urls))}
	for i, u := range urls {
		s.URLs[i] = loc{u}
	}
	return s
}

func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// Robots is a robots.txt that allows every crawler and names the sitemap.
// disallow lists site-relative paths crawlers should skip.
func Robots(sitemapURL string, disallow []string) []byte {
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	if len(disallow) == 0 {
		b.WriteString("Disallow:\n")
	}
	for _, p := range disallow {
		b.WriteString("Disallow: " + p + "\n")
	}
	b.WriteString("\nSitemap: " + sitemapURL + "\n")
	return []byte(b.String())
}
