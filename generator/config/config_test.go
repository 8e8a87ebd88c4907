package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDefault(t *testing.T) {
	c := Default()
	if c.BaseURL != "https://vanban.example.gov.vn/" || c.Language != "vi" || c.Feeds.Items != 50 || !c.Feeds.FullText || c.AllowHTML || c.Clock != "" {
		t.Errorf("Default() = %+v", c)
	}
	if c.BasePath() != "/" || !c.ClockTime().IsZero() {
		t.Errorf("BasePath %q, ClockTime %v", c.BasePath(), c.ClockTime())
	}
}

func TestRead(t *testing.T) {
	dir := t.TempDir()
	// A missing optional file gives the defaults, silently.
	c, diags := Read(filepath.Join(dir, "vanban.yaml"), true)
	if len(diags) != 0 || c != Default() {
		t.Errorf("missing optional: %+v %v", c, diags)
	}
	// A missing file that was asked for is an error.
	_, diags = Read(filepath.Join(dir, "nope.yaml"), false)
	if len(diags) != 1 || !strings.HasPrefix(diags[0].Error(), filepath.Join(dir, "nope.yaml")+": cannot read config: ") {
		t.Errorf("missing required: %v", diags)
	}
	p := filepath.Join(dir, "site.yaml")
	if err := os.WriteFile(p, []byte("title: Kho thử\nbase_url: https://x.example/kho\nclock: 2024-02-05\nfeeds:\n  items: 7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, diags = Read(p, false)
	if len(diags) != 0 {
		t.Fatal(diags.Error())
	}
	// Unset keys keep their defaults.
	if c.Title != "Kho thử" || c.BaseURL != "https://x.example/kho/" || c.Language != "vi" || c.Feeds.Items != 7 || !c.Feeds.FullText {
		t.Errorf("Read = %+v", c)
	}
	if got := c.ClockTime().Format(time.RFC3339); got != "2024-02-05T00:00:00+07:00" {
		t.Errorf("ClockTime = %s", got)
	}
	if c.BasePath() != "/kho/" {
		t.Errorf("BasePath = %q", c.BasePath())
	}
}

func TestParseStrict(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"empty file", "", nil},
		{"comments only", "# nothing\n", nil},
		{"unknown key", "title: x\ntilte: y\n", []string{`c.yaml:2: unknown key "tilte" (known keys: title, description, base_url, language, publisher, clock, allow_html, feeds)`}},
		{"unknown nested key", "feeds:\n  item: 3\n", []string{`c.yaml:2: unknown key "feeds.item" (known keys: items, full_text, slice_full_text)`}},
		{"no items", "feeds:\n  items: 0\n", []string{`c.yaml:2:3: feeds.items: 0 is not a number of items; give a whole number from 1, or leave it out for 50`}},
		{"two problems", "title: x\nfoo: 1\nallow_html: maybe\n", []string{
			`c.yaml:2: unknown key "foo" (known keys: title, description, base_url, language, publisher, clock, allow_html, feeds)`,
			`c.yaml:3: cannot unmarshal !!str ` + "`maybe`" + ` into bool`,
		}},
		{"wrong type", "title: x\nallow_html: maybe\n", []string{`c.yaml:2: cannot unmarshal !!str ` + "`maybe`" + ` into bool`}},
		{"syntax error", "title: x\n  y: z\n", []string{`c.yaml:2: mapping values are not allowed in this context`}},
		{"bad base url", "base_url: ftp://x/\n", []string{`c.yaml:1:11: base_url: "ftp://x/": want an http(s) URL or a path such as /archive/`}},
		{"bad clock", "title: x\nclock: tomorrow\n", []string{`c.yaml:2:8: clock: time "tomorrow": want YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+07:00`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Parse("c.yaml", []byte(tt.src))
			var got []string
			for _, d := range diags.Sorted() {
				got = append(got, d.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("diagnostics:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestSetBaseURL(t *testing.T) {
	tests := []struct {
		from, set, want, path, err string
	}{
		{"https://vanban.example.gov.vn/", "/archive/", "https://vanban.example.gov.vn/archive/", "/archive/", ""},
		{"https://vanban.example.gov.vn/", "/archive", "https://vanban.example.gov.vn/archive/", "/archive/", ""},
		{"https://vanban.example.gov.vn/", "archive", "https://vanban.example.gov.vn/archive/", "/archive/", ""},
		{"https://a.example/old/", "/", "https://a.example/", "/", ""},
		{"https://a.example/old/", "/kho/van-ban/", "https://a.example/kho/van-ban/", "/kho/van-ban/", ""},
		{"https://vanban.example.gov.vn/", "https://x/y", "https://x/y/", "/y/", ""},
		{"https://vanban.example.gov.vn/", "https://x", "https://x/", "/", ""},
		{"https://vanban.example.gov.vn/", "http://x:8080/a/b/", "http://x:8080/a/b/", "/a/b/", ""},
		{"https://vanban.example.gov.vn/", "https://x/y/?q=1#top", "https://x/y/", "/y/", ""},
		{"https://vanban.example.gov.vn/", "ftp://x/y", "", "", `"ftp://x/y": want an http(s) URL or a path such as /archive/`},
		{"https://vanban.example.gov.vn/", "mailto:a@b", "", "", `"mailto:a@b": want an http(s) URL or a path such as /archive/`},
		{"https://vanban.example.gov.vn/", "", "", "", "empty"},
		{"https://vanban.example.gov.vn/", "http://[::1", "", "", `parse "http://[::1": missing ']' in host`},
		{"not a url", "/archive/", "https://vanban.example.gov.vn/archive/", "/archive/", ""}, // no origin: the default one
	}
	for _, tt := range tests {
		c := Config{BaseURL: tt.from}
		err := c.SetBaseURL(tt.set)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("SetBaseURL(%q) error = %v, want %q", tt.set, err, tt.err)
			}
			if c.BaseURL != tt.from {
				t.Errorf("SetBaseURL(%q) failed but changed BaseURL to %q", tt.set, c.BaseURL)
			}
			continue
		}
		if err != nil {
			t.Errorf("SetBaseURL(%q): %v", tt.set, err)
			continue
		}
		if c.BaseURL != tt.want || c.BasePath() != tt.path {
			t.Errorf("SetBaseURL(%q) from %q = %q (path %q), want %q (path %q)", tt.set, tt.from, c.BaseURL, c.BasePath(), tt.want, tt.path)
		}
	}
}

// The repository's own config file is valid.
func TestRepositoryConfig(t *testing.T) {
	c, diags := Read(filepath.Join("..", "..", FileName), false)
	if len(diags) != 0 {
		t.Fatal(diags.Error())
	}
	if c.ClockTime().IsZero() || c.BasePath() != "/" {
		t.Errorf("repository config: %+v", c)
	}
}
