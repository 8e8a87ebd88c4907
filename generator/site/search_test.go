package site_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"vanban"
	"vanban/generator/config"
	"vanban/generator/site"
)

// TestSearchBrowser types queries without diacritics into the search page in
// headless Chromium and expects the directives spelled with them.
func TestSearchBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	const chromium = "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("no Chromium at " + chromium)
	}
	out := t.TempDir() + "/public"
	cfg := config.Default()
	cfg.Clock = "2026-11-23"
	if _, err := site.Build(context.Background(), site.Options{
		Content: os.DirFS("../../content"), Templates: vanban.Templates(), Out: out, Config: cfg,
	}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()

	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()))
	defer cancelAlloc()
	ctx, cancelTab := chromedp.NewContext(actx)
	defer cancelTab()
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()

	tests := []struct {
		query string
		want  []string // texts every result list must show
		count string   // the status line
	}{
		{"lai chau 4588", []string{"Công văn số 4588/UBND-VX"}, "1 văn bản phù hợp"},
		{"cong van", []string{"Công văn số 4588/UBND-VX", "Công văn"}, "2 văn bản phù hợp"},
		{"DIEN BIEN", []string{"Kết luận"}, "1 văn bản phù hợp"},
		{"khong co van ban nao nhu the", nil, "0 văn bản phù hợp"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			page := srv.URL + "/tim-kiem/?q=" + strings.ReplaceAll(tt.query, " ", "+")
			if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
				t.Fatal(err)
			}
			var status, results string
			deadline := time.Now().Add(20 * time.Second)
			for ; time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
				s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("search-status").textContent`))
				if err == nil && strings.Contains(s, "phù hợp") {
					status = s
					break
				}
			}
			results, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("results").innerText`))
			if err != nil {
				t.Fatal(err)
			}
			if status != tt.count {
				t.Errorf("status %q, want %q; results:\n%s", status, tt.count, results)
			}
			for _, w := range tt.want {
				if !strings.Contains(results, w) {
					t.Errorf("results lack %q:\n%s", w, results)
				}
			}
		})
	}
}
