// Command generator builds a directive archive: Markdown directives with
// front matter in, a static website with feeds out.
//
//	go run ./generator build     build content/ into public/
//	go run ./generator check     validate content without writing
//	go run ./generator serve     preview with live reload
//	go run ./generator new       scaffold a directive
//	go run ./generator import    turn raw text into a directive file
//
// Exit codes: 0 success, 1 content or build errors, 2 usage errors.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

func commands() map[string]command {
	return map[string]command{
		"build":  {"build the archive into a static site", runBuild},
		"check":  {"validate the archive (schema, links, Nghị định 30 rules) without writing", runCheck},
		"import": {"turn the raw text of a document into a directive file", runImport},
		"new":    {"scaffold a directive file (asks for what the flags do not give)", runNew},
		"serve":  {"preview the archive with live reload", runServe},
	}
}

// Run is the whole CLI; tests call it instead of touching os.Args.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "generator: unknown command %q\n\n", args[0])
		usage(stderr, cmds)
		return 2
	}
	return c.run(ctx, args[1:], stdout, stderr)
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "Usage: go run ./generator COMMAND [flags]")
	fmt.Fprintln(w, "\nCommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'go run ./generator COMMAND --help' for a command's flags.")
}

// parseFlags parses flags that may come before or after positional
// arguments. It returns the positionals, and an exit code when parsing ends
// the command (0 after --help, 2 on a usage error).
func parseFlags(fs *flag.FlagSet, args []string) ([]string, int, bool) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, 0, false
			}
			return nil, 2, false
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, 0, true
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
