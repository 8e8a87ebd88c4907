package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs "serve" on a free port over dir and returns the site's
// URL and a function that stops the server and returns its exit code.
func startServe(t *testing.T, args ...string) (url string, stop func() int, stderr *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	go func() { done <- Run(ctx, append([]string{"serve", "--port", "0"}, args...), stdout, stderr) }()
	re := regexp.MustCompile(`at (http://\S+)`)
	deadline := time.Now().Add(30 * time.Second)
	for {
		if m := re.FindStringSubmatch(stdout.String()); m != nil {
			url = m[1]
			break
		}
		select {
		case code := <-done:
			cancel()
			t.Fatalf("serve exited with %d:\n%s", code, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve did not start:\n%s", stderr.String())
		}
	}
	var once sync.Once
	code := -1
	stop = func() int {
		once.Do(func() {
			cancel()
			select {
			case code = <-done:
			case <-time.After(10 * time.Second):
				t.Errorf("serve did not stop")
			}
		})
		return code
	}
	t.Cleanup(func() { stop() })
	return url, stop, stderr
}

// serveStatus reads the server's status endpoint.
func serveStatus(t *testing.T, url string) (st struct {
	Generation, Clients int
	OK                  bool
}) {
	t.Helper()
	resp, err := http.Get(strings.TrimSuffix(url, "/") + "/_vanban/status")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	return st
}

// waitFor polls cond until it holds or d passes.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(d); !cond(); time.Sleep(25 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func TestServeCommand(t *testing.T) {
	dir := writeContent(t, map[string]string{"lai-chau/2022/cong-van-4588-ubnd-vx.md": goodDirective})
	url, stop, stderr := startServe(t, "--content", dir, "--base-url", "/archive/", "--clock", "2023-01-01")
	if !strings.HasPrefix(url, "http://127.0.0.1:") || !strings.HasSuffix(url, "/archive/") {
		t.Errorf("url %q: want 127.0.0.1 and the base path", url)
	}
	resp, err := http.Get(url + "van-ban/lai-chau/2022/4588-ubnd-vx/")
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	_, _ = body.ReadFrom(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(body.String(), "364/TB-VPCP") {
		t.Fatalf("page: %d", resp.StatusCode)
	}
	// Links point at the preview, not at the published site.
	if !strings.Contains(body.String(), `href="`+url) {
		t.Errorf("the canonical link does not point at the preview %s", url)
	}
	if code := stop(); code != 0 {
		t.Errorf("exit %d after cancel:\n%s", code, stderr.String())
	}
}

func TestServeUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	for _, args := range [][]string{
		{"serve", "--content", filepath.Join(t.TempDir(), "none")},
		{"serve", "--port", "70000"},
		{"serve", "extra"},
	} {
		stderr.Reset()
		if code := Run(context.Background(), args, &stdout, &stderr); code != 2 {
			t.Errorf("%q: exit %d, want 2 (%s)", args, code, stderr.String())
		}
	}
}

// TestServeBrowser drives headless Chromium against "serve": the open page
// reloads after its file changes, and shows the error with its file:line
// after a broken edit.
func TestServeBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	const chromium = "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("no Chromium at " + chromium)
	}
	dir := writeContent(t, map[string]string{"lai-chau/2022/cong-van-4588-ubnd-vx.md": goodDirective})
	file := filepath.Join(dir, "lai-chau", "2022", "cong-van-4588-ubnd-vx.md")
	url, stop, stderr := startServe(t, "--content", dir, "--clock", "2023-01-01")
	page := url + "van-ban/lai-chau/2022/4588-ubnd-vx/"

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancelTab := chromedp.NewContext(actx)
	defer cancelTab()
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()

	text := func() string {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		if err != nil {
			t.Fatalf("reading the page: %v", err)
		}
		return s
	}
	// waitPage waits until the page was reloaded (the marker set on the
	// old page is gone) and shows want. A reload interrupts a running
	// evaluation, so it polls from Go and retries.
	waitPage := func(want string) {
		t.Helper()
		expr := fmt.Sprintf(`!window.__vanbanOld && document.readyState === "complete" && document.body.innerText.includes(%q)`, want)
		var lastErr error
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
			if err == nil && ok {
				return
			}
			lastErr = err
			if ctx.Err() != nil {
				break
			}
		}
		t.Fatalf("the page did not reload to show %q (last error: %v)\npage:\n%s\nserver:\n%s", want, lastErr, text(), stderr.String())
	}
	// listening marks the current page and waits until it listens for
	// reloads, so that no build is announced before it can hear it.
	listening := func() {
		t.Helper()
		waitFor(t, 20*time.Second, "the page to listen for reloads", func() bool { return serveStatus(t, url).Clients > 0 })
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__vanbanOld = true`)); err != nil {
			t.Fatal(err)
		}
	}

	start := time.Now()
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatalf("opening %s: %v", page, err)
	}
	if s := text(); !strings.Contains(s, "Thực hiện Thông báo số 364/TB-VPCP") {
		t.Fatalf("the page does not show the directive:\n%s", s)
	}
	listening()

	// An edit: the page reloads with the new text.
	edited := goodDirective + "\nĐoạn mới thêm khi xem trước.\n"
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	waitPage("Đoạn mới thêm khi xem trước.")
	listening()

	// A broken edit: the page shows the problem with its file:line.
	broken := strings.Replace(edited, "province: lai-chau", "province: lai-chau\ntille: Thử", 1)
	if err := os.WriteFile(file, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	where := filepath.ToSlash(file) + ":7:1"
	waitPage(where)
	if s := text(); !strings.Contains(s, `unknown key "tille"`) || !strings.Contains(s, `did you mean "title"?`) {
		t.Errorf("the error page does not say what is wrong:\n%s", s)
	}
	listening()

	// Fixed again: the page comes back.
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	waitPage("Đoạn mới thêm khi xem trước.")
	t.Logf("browser session: %s", time.Since(start).Round(time.Millisecond))

	cancelTab()
	if code := stop(); code != 0 {
		t.Errorf("serve exit %d:\n%s", code, stderr.String())
	}
}
