package synth

import (
	"os"
	"path/filepath"
)

// The Hugo site is the comparison the issue asks for: a page per
// directive, province, type and year listings (taxonomies tinh, loai, nam)
// listing every directive like ours do, RSS per province and per type with
// summaries and for the home page with the full text (as ours: full text in
// the archive-wide feed only, feeds.slice_full_text off), the same goldmark
// extensions as ours (tables and strikethrough, nothing else).
var hugoFiles = map[string]string{
	"hugo.toml": `baseURL = "https://vanban.example.gov.vn/"
languageCode = "vi"
title = "Kho văn bản (thử tải)"
disableKinds = ["section", "sitemap", "robotsTXT"]
rssLimit = 50
enableRobotsTXT = false

[taxonomies]
tinh = "tinh"
loai = "loai"
nam = "nam"

[outputs]
home = ["html", "rss"]
page = ["html"]
taxonomy = ["html"]
term = ["html", "rss"]

[markup.goldmark.renderer]
unsafe = false
[markup.goldmark.extensions]
definitionList = false
footnote = false
linkify = false
strikethrough = true
table = true
taskList = false
typographer = false
`,
	"layouts/_default/baseof.html": `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }} – {{ .Site.Title }}</title>
{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}
</head><body>
<nav><a href="{{ "" | relURL }}">Trang chủ</a> · <a href="{{ "tinh/" | relURL }}">Tỉnh, thành phố</a> · <a href="{{ "loai/" | relURL }}">Loại</a> · <a href="{{ "nam/" | relURL }}">Năm</a></nav>
<main>{{ block "main" . }}{{ end }}</main>
</body></html>
`,
	"layouts/_default/single.html": `{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<dl><dt>Số</dt><dd>{{ .Params.so }}</dd><dt>Cơ quan</dt><dd>{{ .Params.issuer }}</dd><dt>Ngày</dt><dd>{{ .Date.Format "02/01/2006" }}</dd>
<dt>Tỉnh</dt><dd>{{ range .GetTerms "tinh" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</dd>
<dt>Loại</dt><dd>{{ range .GetTerms "loai" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</dd></dl>
{{ .Content }}
</article>{{ end }}
`,
	"layouts/_default/list.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "02/01/2006" }}</time> {{ .Params.issuer }}</li>
{{ end }}</ul>{{ end }}
`,
	"layouts/_default/terms.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}</ul>{{ end }}
`,
	"layouts/index.html": `{{ define "main" }}<h1>{{ .Site.Title }}</h1>
<ul>{{ range first 20 .Site.RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>{{ end }}
`,
	"layouts/_default/rss.xml": `{{- $pages := .Pages -}}{{- if .IsHome -}}{{- $pages = .Site.RegularPages -}}{{- end -}}
{{- $pages = first 50 $pages.ByDate.Reverse -}}
{{- printf "<?xml version=\"1.0\" encoding=\"utf-8\"?>" | safeHTML }}
<rss version="2.0"><channel><title>{{ .Site.Title }} – {{ .Title }}</title><link>{{ .Permalink }}</link>
{{ range $pages }}<item><title>{{ .Title }}</title><link>{{ .Permalink }}</link><guid>{{ .Permalink }}</guid>
<pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" }}</pubDate><description>{{ if $.IsHome }}{{ .Content | html }}{{ else }}{{ .Title }}{{ end }}</description></item>
{{ end }}</channel></rss>
`,
}

func writeHugoSkeleton(dir string) error {
	for name, body := range hugoFiles {
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(body)); err != nil {
			return err
		}
	}
	return os.MkdirAll(filepath.Join(dir, "content"), 0o755)
}
