// Command gen writes a deterministic synthetic archive for benchmarks:
//
//	go run ./generator/bench/gen -n 10000 -out /tmp/vanban-bench/10000
//
// It writes OUT/content (our format), OUT/vanban.yaml and, with -hugo,
// OUT/hugo (an equivalent Hugo site). An existing OUT/.complete marker
// with the same parameters makes it a no-op, so archives are cached by N.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"vanban/generator/bench/synth"
)

func main() {
	n := flag.Int("n", 1000, "number of directives")
	out := flag.String("out", "", "output directory (required)")
	seed := flag.Uint64("seed", synth.Seed, "random seed")
	hugo := flag.Bool("hugo", true, "also write the Hugo site")
	flag.Parse()
	if *out == "" || *n <= 0 {
		flag.Usage()
		os.Exit(2)
	}
	stamp := fmt.Sprintf("n=%d seed=%d hugo=%v v=%d\n", *n, *seed, *hugo, synth.Version)
	marker := filepath.Join(*out, ".complete")
	if b, err := os.ReadFile(marker); err == nil && string(b) == stamp {
		fmt.Printf("archive %s is up to date (%d directives)\n", *out, *n)
		return
	}
	if err := os.RemoveAll(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	a := synth.Plan(synth.Options{N: *n, Seed: *seed})
	if err := a.Write(*out, *hugo); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(marker, []byte(stamp), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d directives to %s\n", *n, *out)
}
