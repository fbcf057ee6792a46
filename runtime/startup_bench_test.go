package runtime

import (
	"context"
	"io"
	"testing"
)

// BenchmarkStartup is the Lua side of `novalua -e 'print(1)'`: making the
// state with every module, running the chunk and closing. A new process
// pays the Go runtime's own start on top (bench/run.sh measures that whole).
func BenchmarkStartup(b *testing.B) {
	quiet := IO{
		Args:   []string{"-e", "print(1)"},
		Stdout: io.Discard,
		Stderr: io.Discard,
		Getenv: func(string) string { return "" },
	}
	for b.Loop() {
		if code := Main(context.Background(), quiet); code != ExitOK {
			b.Fatalf("novalua -e 'print(1)' exited with %d", code)
		}
	}
}
