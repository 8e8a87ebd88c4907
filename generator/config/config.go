// Package config reads the site configuration file (vanban.yaml at the
// repository root). Command-line flags override what it says.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"vanban/generator/diag"
	"vanban/generator/model"
)

// FileName is the config file read by default from the working directory.
const FileName = "vanban.yaml"

// Config is the site configuration.
type Config struct {
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	// BaseURL is the absolute URL the site is published at, with a trailing
	// slash: "https://vanban.laichau.gov.vn/archive/".
	BaseURL   string `yaml:"base_url"`
	Language  string `yaml:"language"`
	Publisher string `yaml:"publisher"`
	// Clock is the build's clock (RFC 3339 or a date). Empty: the newest
	// publication or issue date in the archive, so output never depends on
	// the wall clock.
	Clock     string `yaml:"clock"`
	AllowHTML bool   `yaml:"allow_html"`
	Feeds     Feeds  `yaml:"feeds"`
}

// Feeds configures the feeds.
type Feeds struct {
	Items    int  `yaml:"items"`     // items per feed (default 50)
	FullText bool `yaml:"full_text"` // the archive-wide feeds carry full text (default) or summaries
	// SliceFullText puts the full text in the feeds of every province, type,
	// issuer and topic too. Off by default: those are some 200 feeds in
	// three formats, and with full text they would be most of the site's
	// bytes (each directive's text repeated in up to a dozen feeds); their
	// items carry the summary and the link to the directive's page.
	SliceFullText bool `yaml:"slice_full_text"`
}

// Default is the configuration used when no file exists.
func Default() Config {
	return Config{
		Title:       "Kho văn bản chỉ đạo, điều hành",
		Description: "Công văn, thông báo, chỉ thị, quyết định, kế hoạch, công điện và nghị quyết của các cơ quan nhà nước.",
		BaseURL:     "https://vanban.example.gov.vn/",
		Language:    "vi",
		Publisher:   "Sở Thông tin và Truyền thông",
		Feeds:       Feeds{Items: 50, FullText: true},
	}
}

// Read loads a config file. A missing file is not an error when optional.
func Read(path string, optional bool) (Config, diag.List) {
	data, err := os.ReadFile(path)
	if err != nil {
		var diags diag.List
		if optional && errors.Is(err, os.ErrNotExist) {
			return Default(), nil
		}
		diags.Errorf(diag.Pos{File: path}, "cannot read config: %v", err)
		return Default(), diags
	}
	return Parse(path, data)
}

var lineRe = regexp.MustCompile(`line (\d+)`)

// Parse decodes config data strictly: unknown keys are errors.
func Parse(name string, data []byte) (Config, diag.List) {
	var diags diag.List
	c := Default()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			for _, msg := range te.Errors {
				diags.Errorf(posOf(name, msg), "%s", message(msg))
			}
		} else {
			diags.Errorf(posOf(name, err.Error()), "%s", message(err.Error()))
		}
		return c, diags
	}
	if err := c.SetBaseURL(c.BaseURL); err != nil {
		diags.Errorf(keyPos(name, data, "base_url"), "base_url: %v", err)
	}
	if c.Clock != "" {
		if _, err := model.ParseTime(c.Clock); err != nil {
			diags.Errorf(keyPos(name, data, "clock"), "clock: %v", err)
		}
	}
	if c.Feeds.Items <= 0 {
		diags.Errorf(keyPos(name, data, "feeds"), "feeds.items: %d is not a number of items; give a whole number from 1, or leave it out for %d", c.Feeds.Items, Default().Feeds.Items)
		c.Feeds.Items = Default().Feeds.Items
	}
	return c, diags
}

var (
	linePrefixRe = regexp.MustCompile(`^(yaml: )?line \d+: `)
	notFoundRe   = regexp.MustCompile(`^field (\S+) not found in type config\.(\w+)$`)
)

// message rewrites a YAML decoding message for an author: no "yaml: line
// N:" prefix (the position says it), and unknown keys named as such.
func message(msg string) string {
	msg = linePrefixRe.ReplaceAllString(msg, "")
	if m := notFoundRe.FindStringSubmatch(msg); m != nil {
		known := keysOf(reflect.TypeFor[Config]())
		if m[2] == "Feeds" {
			known = keysOf(reflect.TypeFor[Feeds]())
			m[1] = "feeds." + m[1]
		}
		return fmt.Sprintf("unknown key %q (known keys: %s)", m[1], strings.Join(known, ", "))
	}
	return msg
}

func keysOf(t reflect.Type) []string {
	var keys []string
	for f := range t.Fields() {
		if k, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); k != "" {
			keys = append(keys, k)
		}
	}
	return keys
}

// keyPos finds the line and column of a top-level key, for messages about
// its value.
func keyPos(name string, data []byte, key string) diag.Pos {
	var n yaml.Node
	if yaml.Unmarshal(data, &n) == nil && len(n.Content) == 1 {
		m := n.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == key {
				v := m.Content[i+1]
				return diag.Pos{File: name, Line: v.Line, Col: v.Column}
			}
		}
	}
	return diag.Pos{File: name, Line: 1}
}

func posOf(name, msg string) diag.Pos {
	p := diag.Pos{File: name}
	if m := lineRe.FindStringSubmatch(msg); m != nil {
		p.Line, _ = strconv.Atoi(m[1])
	}
	return p
}

// SetBaseURL sets the site URL. A bare path ("/archive/") keeps the
// configured origin and replaces only the path, so feeds and sitemaps keep
// absolute links while pages are served under a sub-path.
func (c *Config) SetBaseURL(s string) error {
	if s == "" {
		return errors.New("empty")
	}
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	if u.Scheme == "" && u.Host == "" {
		origin, err := url.Parse(c.BaseURL)
		if err != nil || origin.Host == "" {
			origin, _ = url.Parse(Default().BaseURL)
		}
		origin.Path = u.Path
		u = origin
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%q: want an http(s) URL or a path such as /archive/", s)
	}
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawQuery, u.Fragment = "", ""
	c.BaseURL = u.String()
	return nil
}

// BasePath is the URL path the site is served under ("/archive/").
func (c Config) BasePath() string {
	u, err := url.Parse(c.BaseURL)
	if err != nil {
		return "/"
	}
	return u.EscapedPath()
}

// ClockTime returns the configured clock, or zero when the archive decides.
func (c Config) ClockTime() time.Time {
	if c.Clock == "" {
		return time.Time{}
	}
	t, _ := model.ParseTime(c.Clock)
	return t
}
