package site

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"vanban/generator/config"
	"vanban/generator/index"
	"vanban/generator/load"
	"vanban/generator/province"
	"vanban/generator/resolve"
)

// The updates feeds make items only for directives that can be among the
// newest of a feed: the feeds must be the same as when every directive's
// items are made, at any item limit.
func TestUpdateFeedsPruningKeepsFeeds(t *testing.T) {
	root := incrementalArchive(t, 600)
	res, err := load.Load(context.Background(), os.DirFS(filepath.Join(root, "content")))
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	ix, _ := index.Build(res.Directives, index.Options{Clock: cfg.ClockTime(), Provinces: province.Default()})
	g, _ := resolve.Resolve(ix)
	for _, limit := range []int{1, 3, 20, 50, 1000} {
		cfg.Feeds.Items = limit
		b := &builder{cfg: cfg, ix: ix, g: g, site: siteOf(cfg)}
		all, pruned := b.feedSetsPruned(false), b.feedSetsPruned(true)
		if len(all) != len(pruned) {
			t.Fatalf("limit %d: %d feed sets, pruned %d", limit, len(all), len(pruned))
		}
		events := 0
		for i := range all {
			events += len(all[i].updates)
			if !reflect.DeepEqual(all[i], pruned[i]) {
				t.Errorf("limit %d: feed %q differs when pruned:\n%d events %v\n%d events %v", limit, all[i].dir,
					len(all[i].updates), ids(all[i].updates), len(pruned[i].updates), ids(pruned[i].updates))
			}
		}
		if events == 0 {
			t.Fatalf("limit %d: no update events: the test proves nothing", limit)
		}
	}
}

func ids(evs []feedEvent) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.item.ID)
	}
	return out
}
