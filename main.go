// Command novalua runs Lua scripts against an OpenStack Compute cloud, opens a
// REPL for exploring one, and pretty-prints JSON.
package main

import (
	"context"
	"os"

	"github.com/novalua/novalua/runtime"
)

func main() {
	os.Exit(runtime.Main(context.Background(), runtime.ProcessIO()))
}
