// Command gen writes a large Nova servers/detail document for the jsonpp benchmark.
//
//	go run ./bench/jsonpp/gen -size 100 -o /tmp/novalua-bench/servers.json
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/novalua/novalua/bench/jsonpp/novagen"
)

func main() {
	sizeMB := flag.Int64("size", 100, "approximate size in MiB")
	seed := flag.Uint64("seed", 1, "random seed; the same seed gives the same document")
	out := flag.String("o", "-", "output file, - for stdout")
	flag.Parse()

	if err := run(*out, *sizeMB<<20, *seed); err != nil {
		fmt.Fprintf(os.Stderr, "gen: %v\n", err)
		os.Exit(1)
	}
}

func run(path string, size int64, seed uint64) error {
	if path == "-" {
		return novagen.Write(os.Stdout, size, seed)
	}
	file, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := novagen.Write(file, size, seed); err != nil {
		file.Close()
		return err
	}
	return file.Close()
}
