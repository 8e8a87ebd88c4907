// Package serve is the preview server: it builds the archive into a private
// directory, serves it, watches the content and templates, rebuilds after
// each burst of changes and tells open pages to reload over server-sent
// events. A failed build never replaces the last good site: pages keep
// being served from it, except that every HTML page shows the build's
// problems, with their file:line, until the next good build.
package serve

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"vanban/generator/diag"
	"vanban/generator/site"
)

// Endpoints of the server itself, outside the site's base path.
const (
	EventsPath = "/_vanban/events" // server-sent events: "reload" after every build
	StatusPath = "/_vanban/status" // JSON: the last build's outcome
)

// Options configure a server.
type Options struct {
	// Configure returns the options of the next build. It is called before
	// every build, so that a changed config file is read again. The server
	// sets Out and LiveReload.
	Configure func() (site.Options, diag.List, error)
	// Dir is the server's own directory; builds go to Dir/site. It should
	// be a fresh temporary directory.
	Dir string
	// Watch are directories watched recursively (content, templates);
	// WatchFiles are single files (the config file).
	Watch      []string
	WatchFiles []string
	// Debounce is the quiet time after a change before rebuilding (default
	// 150ms): saving many files at once makes one build.
	Debounce time.Duration
	// Log receives one line per build and its diagnostics.
	Log io.Writer
	// Ready is called once the first build is done and the server accepts
	// requests, with the site's URL.
	Ready func(url string)
}

// Server is a preview server. Its zero value is not usable; call New.
type Server struct {
	opt      Options
	siteDir  string
	instance string // changes with every server, so a page reloads after a restart

	buildMu sync.Mutex // one build at a time

	mu      sync.Mutex
	st      Status
	diags   diag.List
	clients map[chan struct{}]bool
	done    chan struct{} // closed on shutdown: event streams end
	closing sync.Once
}

// Status is the outcome of the last build, as /_vanban/status reports it.
type Status struct {
	Generation int       `json:"generation"` // builds so far
	OK         bool      `json:"ok"`         // the last build succeeded
	HasSite    bool      `json:"has_site"`   // some build has succeeded
	BasePath   string    `json:"base_path"`  // URL path the site is served under
	Directives int       `json:"directives"`
	Errors     []Problem `json:"problems"`
	Clients    int       `json:"clients"` // open pages listening for reloads
	Duration   string    `json:"duration"`
}

// Problem is one diagnostic of the last build.
type Problem struct {
	Pos      string `json:"pos"` // file:line:col
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// New makes a server.
func New(opt Options) *Server {
	if opt.Debounce <= 0 {
		opt.Debounce = 150 * time.Millisecond
	}
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	return &Server{
		opt: opt, siteDir: filepath.Join(opt.Dir, "site"), instance: hex.EncodeToString(b[:]),
		clients: map[chan struct{}]bool{}, done: make(chan struct{}),
		st: Status{BasePath: "/"},
	}
}

// Status returns the outcome of the last build.
func (s *Server) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	st.Clients = len(s.clients)
	st.Errors = append([]Problem{}, st.Errors...)
	return st
}

// Rebuild builds the site once, records the outcome and tells every open
// page to reload. It reports whether the build succeeded.
func (s *Server) Rebuild(ctx context.Context) bool {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	start := time.Now()
	ok, basePath, n, diags := s.build(ctx)
	if ctx.Err() != nil {
		return false // shutting down: keep the last outcome
	}
	diags = diags.Sorted()
	for _, d := range diags {
		fmt.Fprintf(s.opt.Log, "%s: %s: %s\n", d.Pos, d.Severity, d.Message)
	}
	took := time.Since(start).Round(time.Millisecond)
	if ok {
		fmt.Fprintf(s.opt.Log, "built %d directives in %s\n", n, took)
	} else {
		fmt.Fprintf(s.opt.Log, "build failed (%d error(s)); still serving the last good site\n", countErrors(diags))
	}
	s.mu.Lock()
	s.st.Generation++
	s.st.OK = ok
	s.st.HasSite = s.st.HasSite || ok
	if basePath != "" {
		s.st.BasePath = basePath
	}
	if ok {
		s.st.Directives = n
	}
	s.st.Duration = took.String()
	s.st.Errors = s.st.Errors[:0]
	for _, d := range diags {
		s.st.Errors = append(s.st.Errors, Problem{d.Pos.String(), d.Severity.String(), d.Message})
	}
	s.diags = diags
	for c := range s.clients {
		select {
		case c <- struct{}{}:
		default: // a reload is already pending for this page
		}
	}
	s.mu.Unlock()
	return ok
}

func (s *Server) build(ctx context.Context) (ok bool, basePath string, directives int, diags diag.List) {
	opt, diags, err := s.opt.Configure()
	if err != nil {
		diags.Errorf(diag.Pos{}, "%v", err)
		return false, "", 0, diags
	}
	basePath = opt.Config.BasePath()
	if diags.HasErrors() {
		return false, basePath, 0, diags
	}
	opt.Out = s.siteDir
	opt.LiveReload = EventsPath
	res, err := site.Build(ctx, opt)
	if res != nil {
		diags = append(diags, res.Diags...)
		directives = res.Directives
	}
	if err != nil && !errors.Is(err, site.ErrFailed) {
		diags.Errorf(diag.Pos{}, "%v", err)
	}
	return err == nil, basePath, directives, diags
}

func countErrors(l diag.List) int {
	n := 0
	for _, d := range l {
		if d.Severity == diag.Error {
			n++
		}
	}
	return n
}

// ServeHTTP serves the site under its base path, the event stream and the
// status.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	switch r.URL.Path {
	case EventsPath:
		s.events(w, r)
		return
	case StatusPath:
		w.Header().Set("Content-Type", "application/json")
		b, _ := json.MarshalIndent(s.Status(), "", "  ")
		_, _ = w.Write(append(b, '\n'))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	s.mu.Lock()
	st := s.st
	diags := s.diags
	s.mu.Unlock()
	base := st.BasePath
	p := r.URL.Path
	if !strings.HasPrefix(p, base) {
		if p == "/" || p+"/" == base {
			http.Redirect(w, r, base, http.StatusFound)
			return
		}
		if !st.OK && wantsHTML(r) {
			s.errorPage(w, diags, st)
			return
		}
		http.Error(w, fmt.Sprintf("not found: the site is served under %s", base), http.StatusNotFound)
		return
	}
	if !st.OK && wantsHTML(r) {
		s.errorPage(w, diags, st)
		return
	}
	s.file(w, r, "/"+strings.TrimPrefix(p, base))
}

// wantsHTML tells page requests (which get the error page while the build
// is broken) from those for assets, feeds and data.
func wantsHTML(r *http.Request) bool {
	if strings.Contains(r.Header.Get("Accept"), "text/html") {
		return true
	}
	p := r.URL.Path
	return strings.HasSuffix(p, "/") || strings.HasSuffix(p, ".html")
}

// file serves one file of the last good site.
func (s *Server) file(w http.ResponseWriter, r *http.Request, rel string) {
	name := path.Clean(rel)
	full := filepath.Join(s.siteDir, filepath.FromSlash(name))
	fi, err := os.Stat(full)
	if err == nil && fi.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			u := *r.URL
			u.Path += "/"
			http.Redirect(w, r, u.String(), http.StatusMovedPermanently)
			return
		}
		full = filepath.Join(full, "index.html")
		fi, err = os.Stat(full)
	}
	if err != nil || fi.IsDir() {
		s.notFound(w, r)
		return
	}
	f, err := os.Open(full)
	if err != nil {
		s.notFound(w, r)
		return
	}
	defer f.Close()
	http.ServeContent(w, r, fi.Name(), fi.ModTime(), f)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	b, err := os.ReadFile(filepath.Join(s.siteDir, "404.html"))
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		_, _ = w.Write(b)
	}
}

// events streams "reload" to an open page after every build.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := make(chan struct{}, 1)
	s.mu.Lock()
	gen := s.st.Generation
	s.clients[c] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	// A page that heard of an older build, or of another server (restarted
	// since), reloads at once.
	if last := r.Header.Get("Last-Event-ID"); last != "" && last != s.eventID(gen) {
		c <- struct{}{}
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprintf(w, "retry: 500\nid: %s\n\n", s.eventID(gen))
	fl.Flush()
	ping := time.NewTicker(25 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-c:
			s.mu.Lock()
			gen = s.st.Generation
			s.mu.Unlock()
			if _, err := fmt.Fprintf(w, "id: %s\ndata: reload\n\n", s.eventID(gen)); err != nil {
				return
			}
			fl.Flush()
		case <-ping.C:
			if _, err := io.WriteString(w, ": ping\n\n"); err != nil {
				return
			}
			fl.Flush()
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		}
	}
}

func (s *Server) eventID(gen int) string { return s.instance + "-" + strconv.Itoa(gen) }

var errorTemplate = template.Must(template.New("error").Parse(`<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lỗi khi dựng trang</title>
<style>
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; background: #fff5f5; color: #1a1a1a; }
.vanban-error { max-width: 60rem; margin: 2rem auto; padding: 1.5rem 2rem; background: #fff; border: 3px solid #c0392b; border-radius: 6px; }
h1 { margin-top: 0; color: #c0392b; font-size: 1.5rem; }
ol { padding-left: 1.5rem; }
li { margin: .5rem 0; }
code { font: 14px/1.4 ui-monospace, monospace; background: #f4f4f4; padding: 0 .25rem; }
.warning { color: #7a5a00; }
</style>
</head>
<body>
<div class="vanban-error" id="vanban-error" role="alert">
<h1>Không dựng được trang — build failed</h1>
<p>{{.Errors}} lỗi. Sửa các tệp dưới đây rồi lưu lại; trang sẽ tự tải lại.{{if .HasSite}} Trong lúc đó, tệp CSS, nguồn tin và dữ liệu vẫn lấy từ bản dựng tốt gần nhất.{{else}} Chưa có bản dựng nào thành công.{{end}}</p>
<ol>
{{- range .Diags}}
<li class="{{.Severity}}"><code>{{if .Pos.File}}{{.Pos}}{{else}}build{{end}}</code>: {{.Severity}}: {{.Message}}</li>
{{- end}}
</ol>
</div>
<script>new EventSource({{.Events}}).onmessage = function () { location.reload(); };</script>
</body>
</html>
`))

// errorPage shows the last build's problems in place of any page.
func (s *Server) errorPage(w http.ResponseWriter, diags diag.List, st Status) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	_ = errorTemplate.Execute(w, map[string]any{
		"Diags": diags, "Errors": countErrors(diags), "HasSite": st.HasSite, "Events": EventsPath,
	})
}

// Run serves on ln until ctx is done: it starts watching, builds once,
// calls Ready, then rebuilds on changes. Open event streams are closed and
// the server shut down cleanly when ctx ends.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watching files: %w", err)
	}
	defer w.Close()
	roots := map[string]bool{}
	for _, d := range s.opt.Watch {
		d = filepath.Clean(d)
		if err := addTree(w, d); err != nil {
			return fmt.Errorf("watching %s: %w", d, err)
		}
		roots[d] = true
	}
	files := map[string]bool{}
	for _, f := range s.opt.WatchFiles {
		f = filepath.Clean(f)
		if err := w.Add(filepath.Dir(f)); err != nil {
			return fmt.Errorf("watching %s: %w", f, err)
		}
		files[f] = true
	}

	s.Rebuild(ctx)
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	if s.opt.Ready != nil {
		s.mu.Lock()
		base := s.st.BasePath
		s.mu.Unlock()
		s.opt.Ready("http://" + ln.Addr().String() + base)
	}

	timer := time.NewTimer(time.Hour)
	timer.Stop()
	var runErr error
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case err := <-served:
			runErr = err
			break loop
		case ev, ok := <-w.Events:
			if !ok {
				break loop
			}
			if !relevant(ev.Name, roots, files) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					if err := addTree(w, ev.Name); err != nil {
						fmt.Fprintf(s.opt.Log, "watching %s: %v\n", ev.Name, err)
					}
				}
			}
			timer.Reset(s.opt.Debounce)
		case err, ok := <-w.Errors:
			if ok {
				fmt.Fprintf(s.opt.Log, "watching: %v\n", err)
			}
		case <-timer.C:
			s.Rebuild(ctx)
		}
	}
	timer.Stop()
	s.closing.Do(func() { close(s.done) })
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && runErr == nil {
		runErr = err
	}
	if errors.Is(runErr, http.ErrServerClosed) {
		runErr = nil
	}
	return runErr
}

// addTree watches dir and every directory below it, except hidden ones and
// those the loader skips ("_drafts-notes").
func addTree(w *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // vanished meanwhile
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && skipName(d.Name()) {
			return fs.SkipDir
		}
		return w.Add(p)
	})
}

func skipName(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}

// relevant reports whether a change to name can change the site: a file of
// a watched tree or a watched file, and not an editor's scratch file
// (".file.swp", "file~", "#file#", vim's "4913").
func relevant(name string, roots, files map[string]bool) bool {
	name = filepath.Clean(name)
	if files[name] {
		return true
	}
	base := filepath.Base(name)
	if strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") || strings.HasPrefix(base, "#") || base == "4913" {
		return false
	}
	for dir := filepath.Dir(name); ; dir = filepath.Dir(dir) {
		if roots[dir] {
			return true
		}
		if next := filepath.Dir(dir); next == dir {
			return false
		}
	}
}
