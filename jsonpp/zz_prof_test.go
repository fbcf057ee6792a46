package jsonpp

import (
	"io"
	"os"
	"runtime/pprof"
	"testing"
)

func TestProfileBig(t *testing.T) {
	path := os.Getenv("JSONPP_PROFILE_INPUT")
	if path == "" {
		t.Skip()
	}
	pf, _ := os.Create("/tmp/prof/cpu.out")
	pprof.StartCPUProfile(pf)
	for i := 0; i < 5; i++ {
		in, _ := os.Open(path)
		if err := Format(in, io.Discard, Options{SortKeys: os.Getenv("SORT") != ""}); err != nil {
			t.Fatal(err)
		}
		in.Close()
	}
	pprof.StopCPUProfile()
}
