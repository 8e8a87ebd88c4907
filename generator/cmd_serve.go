package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"sync"

	"vanban/generator/diag"
	"vanban/generator/serve"
	"vanban/generator/site"
)

const serveUsage = `Usage: go run ./generator serve [flags]

Previews the archive at http://127.0.0.1:1313/ (under the configured base
path). Saving a directive, a template or the config file rebuilds the site
and reloads open pages. When a build fails, every page shows the problems
with their file:line until they are fixed, and the last good site is kept.
Drafts and embargoed directives are shown only with --drafts.

Flags:
`

// runServe is the "serve" command.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("serve", flag.ContinueOnError)
	fset.SetOutput(stderr)
	var f siteFlags
	f.register(fset, false)
	port := fset.Int("port", 1313, "port to listen on (0: any free port)")
	host := fset.String("addr", "127.0.0.1", "host to listen on (or host:port); anything but localhost exposes the preview to the network")
	fset.Usage = func() {
		fmt.Fprint(stderr, serveUsage)
		fset.PrintDefaults()
	}
	if pos, code, ok := parseFlags(fset, args); !ok {
		return code
	} else if len(pos) > 0 {
		fmt.Fprintf(stderr, "serve: unexpected argument %q\n", pos[0])
		return 2
	}
	if *port < 0 || *port > 65535 {
		fmt.Fprintf(stderr, "serve: --port %d: want 0 to 65535\n", *port)
		return 2
	}
	// Usage errors (a missing content directory, a bad clock) stop here;
	// later the same problems show in the browser instead.
	if _, diags, err := f.options(); err != nil {
		printDiags(stderr, diags)
		fmt.Fprintln(stderr, "serve:", err)
		return 2
	}
	addr := net.JoinHostPort(*host, strconv.Itoa(*port))
	if h, _, err := net.SplitHostPort(*host); err == nil { // --addr host:port
		addr, *host = *host, h
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(stderr, "serve:", err)
		return 1
	}
	if ip := net.ParseIP(*host); (ip == nil && *host != "localhost") || (ip != nil && !ip.IsLoopback()) {
		fmt.Fprintf(stderr, "serve: warning: listening on %s: the preview is reachable from other machines\n", ln.Addr())
	}
	dir, err := os.MkdirTemp("", "vanban-serve-")
	if err != nil {
		ln.Close()
		fmt.Fprintln(stderr, "serve:", err)
		return 1
	}
	defer os.RemoveAll(dir)

	origin := "http://" + ln.Addr().String()
	watch := []string{f.content}
	if st, err := os.Stat(f.templates); err == nil && st.IsDir() {
		watch = append(watch, f.templates)
	}
	files := []string{f.configFile} // watched even before it exists
	var logMu sync.Mutex
	srv := serve.New(serve.Options{
		Configure: func() (site.Options, diag.List, error) {
			opt, diags, err := f.options()
			if err != nil {
				return opt, diags, err
			}
			// Links and feeds point at the preview, under the configured path.
			if err := opt.Config.SetBaseURL(origin + opt.Config.BasePath()); err != nil {
				return opt, diags, err
			}
			return opt, diags, nil
		},
		Dir:        dir,
		Watch:      watch,
		WatchFiles: files,
		Log:        &lockedWriter{mu: &logMu, w: stderr},
		Ready: func(url string) {
			logMu.Lock()
			defer logMu.Unlock()
			fmt.Fprintf(stdout, "serving %s at %s (Ctrl+C to stop)\n", f.content, url)
		},
	})
	if err := srv.Run(ctx, ln); err != nil {
		fmt.Fprintln(stderr, "serve:", err)
		return 1
	}
	return 0
}

// lockedWriter serialises writes from the build and the server.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
