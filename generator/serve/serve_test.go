package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"vanban"
	"vanban/generator/config"
	"vanban/generator/diag"
	"vanban/generator/site"
)

const directive = `---
number: 4588/UBND-VX
type: cong-van
title: "V/v thực hiện kết luận"
issuer: Ủy ban nhân dân tỉnh Lai Châu
province: lai-chau
date: 2022-12-07
---

Nội dung ban đầu.
`

const pagePath = "van-ban/lai-chau/2022/4588-ubnd-vx/"

// fixture is a content directory and a server over it.
type fixture struct {
	content, file string
	srv           *Server
	basePath      string
}

func newFixture(t *testing.T, basePath string) *fixture {
	t.Helper()
	root := t.TempDir()
	fx := &fixture{content: filepath.Join(root, "content"), basePath: basePath}
	fx.file = filepath.Join(fx.content, "lai-chau", "2022", "cong-van-4588-ubnd-vx.md")
	fx.write(t, directive)
	fx.srv = New(Options{
		Configure: func() (site.Options, diag.List, error) {
			cfg := config.Default()
			cfg.Clock = "2023-01-01"
			if err := cfg.SetBaseURL(basePath); err != nil {
				return site.Options{}, nil, err
			}
			return site.Options{Content: os.DirFS(fx.content), ContentName: "content", Templates: vanban.Templates(), Config: cfg}, nil, nil
		},
		Dir:      filepath.Join(root, "serve"),
		Watch:    []string{fx.content},
		Debounce: 20 * time.Millisecond,
	})
	return fx
}

func (fx *fixture) write(t *testing.T, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(fx.file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fx.file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func get(t *testing.T, h http.Handler, path string, accept string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

const browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

func TestServeSite(t *testing.T) {
	fx := newFixture(t, "/")
	if !fx.srv.Rebuild(context.Background()) {
		t.Fatalf("build failed: %+v", fx.srv.Status())
	}
	rec := get(t, fx.srv, "/"+pagePath, browserAccept)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Nội dung ban đầu.") {
		t.Fatalf("page: %d\n%s", rec.Code, rec.Body.String())
	}
	if !listens(rec.Body.String()) {
		t.Errorf("the page does not listen for reloads")
	}
	if rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("preview pages must not be cached")
	}
	if rec := get(t, fx.srv, "/"+strings.TrimSuffix(pagePath, "/"), ""); rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/"+pagePath {
		t.Errorf("directory without slash: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if rec := get(t, fx.srv, "/khong-co/", browserAccept); rec.Code != 404 || !strings.Contains(rec.Body.String(), "<html") {
		t.Errorf("missing page: %d, want the site's 404 page", rec.Code)
	}
	if rec := get(t, fx.srv, "/../../etc/passwd", ""); rec.Code != 404 {
		t.Errorf("path escape: %d", rec.Code)
	}
	if rec := get(t, fx.srv, "/feed.json", ""); rec.Code != 200 || !strings.Contains(rec.Body.String(), "4588/UBND-VX") {
		t.Errorf("feed.json: %d", rec.Code)
	}
	var st Status
	if err := json.Unmarshal(get(t, fx.srv, StatusPath, "").Body.Bytes(), &st); err != nil || !st.OK || st.Generation != 1 || st.Directives != 1 {
		t.Errorf("status %+v (%v)", st, err)
	}
}

func TestServeBasePath(t *testing.T) {
	fx := newFixture(t, "/archive/")
	fx.srv.Rebuild(context.Background())
	for path, loc := range map[string]string{"/": "/archive/", "/archive": "/archive/"} {
		if rec := get(t, fx.srv, path, browserAccept); rec.Code != http.StatusFound || rec.Header().Get("Location") != loc {
			t.Errorf("%s: %d → %q, want a redirect to %s", path, rec.Code, rec.Header().Get("Location"), loc)
		}
	}
	rec := get(t, fx.srv, "/archive/"+pagePath, browserAccept)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `href="/archive/`) {
		t.Errorf("page under the base path: %d", rec.Code)
	}
	if rec := get(t, fx.srv, "/"+pagePath, browserAccept); rec.Code != 404 {
		t.Errorf("page outside the base path: %d", rec.Code)
	}
	if rec := get(t, fx.srv, EventsPath+"x", ""); rec.Code != 404 {
		t.Errorf("unknown endpoint: %d", rec.Code)
	}
}

func TestServeBrokenBuildKeepsLastGoodSite(t *testing.T) {
	fx := newFixture(t, "/")
	fx.srv.Rebuild(context.Background())
	css := "/assets/" + must(os.ReadDir(filepath.Join(fx.srv.siteDir, "assets")))[0].Name()
	fx.write(t, strings.Replace(directive, "date: 2022-12-07", "date: 2022-12-07\n\"<b>lạ</b>\": 1", 1))
	if fx.srv.Rebuild(context.Background()) {
		t.Fatal("a broken file built")
	}
	rec := get(t, fx.srv, "/"+pagePath, browserAccept)
	body := rec.Body.String()
	if rec.Code != 500 {
		t.Errorf("error page status %d", rec.Code)
	}
	for _, s := range []string{
		"content/lai-chau/2022/cong-van-4588-ubnd-vx.md:8:1", // file:line:col of the key
		`unknown key &#34;&lt;b&gt;lạ&lt;/b&gt;&#34;`,        // escaped, never markup
		"Trong lúc đó", // the last good site is kept
	} {
		if !strings.Contains(body, s) {
			t.Errorf("error page lacks %q:\n%s", s, body)
		}
	}
	if !listens(body) {
		t.Errorf("the error page does not reload when fixed")
	}
	if strings.Contains(body, "<b>lạ") {
		t.Errorf("the message is not escaped")
	}
	// Every HTML page shows it, even a missing one; assets and data still
	// come from the last good site.
	if rec := get(t, fx.srv, "/khong-co/", browserAccept); rec.Code != 500 {
		t.Errorf("missing page while broken: %d", rec.Code)
	}
	if rec := get(t, fx.srv, css, "text/css,*/*;q=0.1"); rec.Code != 200 {
		t.Errorf("%s while broken: %d", css, rec.Code)
	}
	if rec := get(t, fx.srv, "/feed.json", ""); rec.Code != 200 || !strings.Contains(rec.Body.String(), "Nội dung ban đầu") {
		t.Errorf("feed.json while broken: %d", rec.Code)
	}
	var st Status
	_ = json.Unmarshal(get(t, fx.srv, StatusPath, "").Body.Bytes(), &st)
	if st.OK || !st.HasSite || len(st.Errors) != 1 || st.Errors[0].Pos != "content/lai-chau/2022/cong-van-4588-ubnd-vx.md:8:1" {
		t.Errorf("status while broken: %+v", st)
	}

	// Fixed: the page is back, with the new text.
	fx.write(t, strings.Replace(directive, "Nội dung ban đầu.", "Nội dung đã sửa.", 1))
	if !fx.srv.Rebuild(context.Background()) {
		t.Fatal("the fixed file does not build")
	}
	if rec := get(t, fx.srv, "/"+pagePath, browserAccept); rec.Code != 200 || !strings.Contains(rec.Body.String(), "Nội dung đã sửa.") {
		t.Errorf("after the fix: %d", rec.Code)
	}
}

func TestServeFirstBuildBroken(t *testing.T) {
	fx := newFixture(t, "/")
	fx.write(t, "no front matter\n")
	if fx.srv.Rebuild(context.Background()) {
		t.Fatal("built")
	}
	rec := get(t, fx.srv, "/", browserAccept)
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), "Chưa có bản dựng nào thành công") || !strings.Contains(rec.Body.String(), "cong-van-4588-ubnd-vx.md:1:1") {
		t.Errorf("first build broken: %d\n%s", rec.Code, rec.Body.String())
	}
	if rec := get(t, fx.srv, "/feed.json", ""); rec.Code != 404 {
		t.Errorf("feed.json without a site: %d", rec.Code)
	}
}

// listens reports whether a page opens the reload stream (html/template
// may write the URL with escaped slashes).
func listens(page string) bool {
	return regexp.MustCompile(`new EventSource\("(\\?/)_vanban\\?/events"\)`).MatchString(page)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// sse reads server-sent events from a response body.
type sse struct {
	r    *bufio.Reader
	body io.Closer
}

func openEvents(t *testing.T, url string, lastID string) *sse {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url+EventsPath, nil)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("event stream content type %q", ct)
	}
	return &sse{r: bufio.NewReader(resp.Body), body: resp.Body}
}

// next returns the next event's fields ("id", "data"), or fails after d.
func (s *sse) next(t *testing.T, d time.Duration) map[string]string {
	t.Helper()
	type result struct {
		ev  map[string]string
		err error
	}
	ch := make(chan result, 1)
	go func() {
		ev := map[string]string{}
		for {
			line, err := s.r.ReadString('\n')
			if err != nil {
				ch <- result{nil, err}
				return
			}
			line = strings.TrimRight(line, "\n")
			if line == "" {
				if len(ev) > 0 {
					ch <- result{ev, nil}
					return
				}
				continue
			}
			if strings.HasPrefix(line, ":") {
				continue
			}
			k, v, _ := strings.Cut(line, ":")
			ev[k] = strings.TrimPrefix(v, " ")
		}
	}()
	select {
	case r := <-ch:
		if r.err != nil {
			t.Fatalf("event stream: %v", r.err)
		}
		return r.ev
	case <-time.After(d):
		t.Fatalf("no event within %s", d)
	}
	return nil
}

func TestServeEvents(t *testing.T) {
	fx := newFixture(t, "/")
	fx.srv.Rebuild(context.Background())
	ts := httptest.NewServer(fx.srv)
	defer ts.Close()
	ev := openEvents(t, ts.URL, "")
	defer ev.body.Close()
	hello := ev.next(t, 5*time.Second)
	if hello["retry"] == "" || !strings.HasSuffix(hello["id"], "-1") || hello["data"] != "" {
		t.Fatalf("first event %v: want a retry and the build's id, no reload", hello)
	}
	fx.srv.Rebuild(context.Background())
	if e := ev.next(t, 5*time.Second); e["data"] != "reload" || !strings.HasSuffix(e["id"], "-2") {
		t.Errorf("after a build: %v", e)
	}

	// A page that reconnects after missing a build reloads at once.
	ev2 := openEvents(t, ts.URL, hello["id"])
	defer ev2.body.Close()
	ev2.next(t, 5*time.Second)
	if e := ev2.next(t, 5*time.Second); e["data"] != "reload" {
		t.Errorf("reconnect with an old id: %v", e)
	}
}

// TestServeRun watches the files: a change is rebuilt and announced, a new
// subdirectory is watched too, and cancelling the context shuts the server
// down with event streams open.
func TestServeRun(t *testing.T) {
	fx := newFixture(t, "/")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	fx.srv.opt.Ready = func(url string) { ready <- url }
	done := make(chan error, 1)
	go func() { done <- fx.srv.Run(ctx, ln) }()
	var url string
	select {
	case url = <-ready:
	case <-time.After(20 * time.Second):
		t.Fatal("not ready")
	}
	if url != "http://"+ln.Addr().String()+"/" {
		t.Errorf("url %q", url)
	}
	ev := openEvents(t, strings.TrimSuffix(url, "/"), "")
	ev.next(t, 5*time.Second)

	fx.write(t, strings.Replace(directive, "Nội dung ban đầu.", "Nội dung mới.", 1))
	if e := ev.next(t, 20*time.Second); e["data"] != "reload" {
		t.Fatalf("after a change: %v", e)
	}
	resp, err := http.Get(url + pagePath)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "Nội dung mới.") {
		t.Errorf("the page was not rebuilt")
	}

	// A file in a new directory.
	fx.file = filepath.Join(fx.content, "dien-bien", "2023", "cong-van-1-ubnd-vx.md")
	fx.write(t, strings.NewReplacer("4588/UBND-VX", "1/UBND-VX", "lai-chau", "dien-bien", "2022-12-07", "2023-01-02").Replace(directive))
	for deadline := time.Now().Add(20 * time.Second); fx.srv.Status().Directives != 2; {
		if time.Now().After(deadline) {
			t.Fatalf("the new directory is not watched: %+v", fx.srv.Status())
		}
		ev.next(t, 20*time.Second)
	}
	// Editor scratch files do not rebuild.
	gen := fx.srv.Status().Generation
	if err := os.WriteFile(filepath.Join(fx.content, ".cong-van.md.swp"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if g := fx.srv.Status().Generation; g != gen {
		t.Errorf("a scratch file caused a build")
	}

	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("shutdown took %s", d)
	}
}

func TestRelevant(t *testing.T) {
	roots := map[string]bool{"content": true, "/abs/templates": true}
	files := map[string]bool{"vanban.yaml": true}
	for name, want := range map[string]bool{
		"content/a.md":                true,
		"content/x/y/z.md":            true,
		"/abs/templates/base.html":    true,
		"vanban.yaml":                 true,
		"other.yaml":                  false,
		"content/.a.md.swp":           false,
		"content/a.md~":               false,
		"content/4913":                false,
		"content/#a.md#":              false,
		"public/index.html":           false,
		"/abs/templates-old/x.html":   false,
		"/abs/templates/assets/s.css": true,
	} {
		if got := relevant(name, roots, files); got != want {
			t.Errorf("relevant(%q) = %v, want %v", name, got, want)
		}
	}
}
