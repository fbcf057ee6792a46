package sandbox

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// Serve runs a sandbox until ctx is cancelled, for "novalua sandbox serve". When
// opts.Log is set, its first line says where the services listen:
//
//	sandbox auth_url=http://127.0.0.1:PORT/v3 compute_url=http://127.0.0.1:PORT/v2.1
//
// and every request adds one line after it.
func Serve(ctx context.Context, opts Options) error {
	sb, err := Start(ctx, opts)
	if err != nil {
		return err
	}
	if opts.Log != nil {
		sb.logMu.Lock()
		fmt.Fprintf(opts.Log, "sandbox auth_url=%s compute_url=%s\n", sb.AuthURL(),
			sb.ComputeURL())
		sb.logMu.Unlock()
	}

	<-ctx.Done()
	return sb.Close()
}

// Reset empties the sandbox state in stateDir, for "novalua sandbox reset": servers,
// snapshots and metadata go, the seed images come back. It is one transaction, so a
// sandbox running on the same directory sees either the old state or the new one.
// Tokens already issued stay valid. A directory without state is left alone.
func Reset(stateDir string) error {
	path := filepath.Join(stateDir, dbFile)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("reset sandbox: %w", err)
	}

	s := &store{path: path}
	err := s.update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketServers, bucketServerSeq, bucketImages,
			bucketImageSeq} {
			if err := tx.DeleteBucket(b); err != nil {
				return fmt.Errorf("delete bucket %s: %w", b, err)
			}
		}
		if err := seed(tx); err != nil {
			return err
		}
		return seedImagesTx(tx)
	})
	if err != nil {
		return fmt.Errorf("reset sandbox: %w", err)
	}
	return nil
}

// DefaultStateDir is where "novalua sandbox" keeps its state: $XDG_STATE_HOME/novalua/
// sandbox, or ~/.local/state/novalua/sandbox when XDG_STATE_HOME is unset or relative.
func DefaultStateDir(getenv func(string) string) string {
	if x := getenv("XDG_STATE_HOME"); filepath.IsAbs(x) {
		return filepath.Join(x, "novalua", "sandbox")
	}
	home := getenv("HOME")
	if home == "" {
		if h, err := os.UserHomeDir(); err == nil {
			home = h
		}
	}
	return filepath.Join(home, ".local", "state", "novalua", "sandbox")
}
