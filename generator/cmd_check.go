package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"vanban/generator/diag"
	"vanban/generator/lint"
	"vanban/generator/site"
)

// runCheck is the "check" command: every problem of the archive at once,
// nothing written.
func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("check", flag.ContinueOnError)
	fset.SetOutput(stderr)
	var f siteFlags
	f.register(fset, false)
	format := fset.String("format", "text", "output format: text (file:line:col: severity: message) or json")
	noLint := fset.Bool("no-lint", false, "check only the schema and the links, not the Nghị định 30 rules")
	fset.Usage = func() {
		fmt.Fprint(stderr, `Usage: go run ./generator check [flags]

Validates the whole archive without writing anything and prints every
problem at once, sorted, one per line:

  content/lai-chau/2022/cong-van-4588-ubnd-vx.md:14:1: error: message

Beyond the front matter schema, the catalogue and the links between
directives (drafts and embargoed directives included), it applies these
rules of Nghị định 30/2020/NĐ-CP:

`)
		for _, r := range lint.Rules() {
			fmt.Fprintf(stderr, "  %-17s %s\n", r.Name, r.Summary)
		}
		fmt.Fprint(stderr, `
Exit codes: 0 no errors (warnings allowed), 1 errors, 2 usage error.

Flags:
`)
		fset.PrintDefaults()
	}
	if pos, code, ok := parseFlags(fset, args); !ok {
		return code
	} else if len(pos) > 0 {
		fmt.Fprintf(stderr, "check: unexpected argument %q\n", pos[0])
		return 2
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "check: --format %q: want text or json\n", *format)
		return 2
	}
	opt, diags, err := f.options()
	if err != nil {
		printCheck(stdout, *format, diags)
		fmt.Fprintln(stderr, "check:", err)
		return 2
	}
	opt.Out = ""      // never write
	opt.Drafts = true // drafts and embargoed directives are checked too
	if !*noLint {
		opt.Lint = lint.Check
	}
	res, err := site.Build(ctx, opt)
	if err != nil && !errors.Is(err, site.ErrFailed) {
		fmt.Fprintln(stderr, "check:", err)
		return 1
	}
	diags = append(diags, res.Diags...).Sorted()
	if err := printCheck(stdout, *format, diags); err != nil {
		fmt.Fprintln(stderr, "check:", err)
		return 1
	}
	errs := countErrors(diags)
	fmt.Fprintf(stderr, "checked %d directives: %d error(s), %d warning(s)\n", res.Directives, errs, len(diags)-errs)
	if errs > 0 {
		return 1
	}
	return 0
}

// checkJSON is one problem in --format json.
type checkJSON struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

func printCheck(w io.Writer, format string, l diag.List) error {
	l = l.Sorted()
	if format == "json" {
		out := make([]checkJSON, 0, len(l))
		for _, d := range l {
			out = append(out, checkJSON{d.Pos.File, d.Pos.Line, d.Pos.Col, d.Severity.String(), d.Message})
		}
		b, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	}
	var b strings.Builder
	for _, d := range l {
		fmt.Fprintf(&b, "%s: %s: %s\n", d.Pos, d.Severity, d.Message)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
