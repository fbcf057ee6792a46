package sandbox

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// dbFile is the name of the state database inside the state directory.
const dbFile = "sandbox.db"

// lockTimeout bounds how long a transaction waits for another process to release the file.
const lockTimeout = 10 * time.Second

var (
	bucketMeta      = []byte("meta")
	bucketServers   = []byte("servers")
	bucketServerSeq = []byte("server_seq")
	bucketImages    = []byte("images")
	bucketImageSeq  = []byte("image_seq")
)

// errBusy is returned when the state file stays locked by another process.
var errBusy = errors.New("sandbox state is locked by another process")

// store is the bbolt state shared by every process that uses the same directory.
//
// bbolt holds an exclusive flock for as long as a database is open, so the file is opened
// for each transaction and closed right after: processes take turns, each transaction is
// atomic, and a process killed mid-write leaves the last committed state behind.
// Inside one process the mutex orders transactions, since flock does not.
type store struct {
	path string
	mu   sync.RWMutex
	// noSync skips fsync, for throw-away state only: commits stay atomic for a process
	// that dies, but not for a machine that does.
	noSync bool
}

// openStore creates the state directory and database if needed and seeds it once.
func openStore(dir string, noSync bool) (*store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create state dir: %w", err)
	}
	s := &store{path: filepath.Join(dir, dbFile), noSync: noSync}
	if err := s.update(func(*bolt.Tx) error { return nil }); err != nil {
		return nil, err
	}
	return s, nil
}

// view runs fn in a read-only transaction.
func (s *store) view(fn func(*bolt.Tx) error) error {
	err := s.viewOnce(fn)
	if errors.Is(err, errUnseeded) {
		// The file was removed or emptied behind our back: seed it and try again.
		if err := s.update(func(*bolt.Tx) error { return nil }); err != nil {
			return err
		}
		err = s.viewOnce(fn)
	}
	return err
}

// errUnseeded reports a state file without the sandbox's buckets.
var errUnseeded = errors.New("state file is not seeded")

func (s *store) viewOnce(fn func(*bolt.Tx) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()

	db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: lockTimeout, ReadOnly: true})
	if errors.Is(err, os.ErrNotExist) {
		return errUnseeded
	}
	if err != nil {
		return openError(err)
	}
	defer db.Close()
	return db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketServers) == nil {
			return errUnseeded
		}
		return fn(tx)
	})
}

// update runs fn in a read-write transaction; nothing is written if fn fails.
func (s *store) update(fn func(*bolt.Tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()

	opts := &bolt.Options{Timeout: lockTimeout, NoSync: s.noSync}
	db, err := bolt.Open(s.path, 0o600, opts)
	if err != nil {
		return openError(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if err := seed(tx); err != nil {
			return err
		}
		return fn(tx)
	})
	if err != nil {
		db.Close()
		return err
	}
	if err := db.Close(); err != nil {
		return fmt.Errorf("close state: %w", err)
	}
	return nil
}

func openError(err error) error {
	if errors.Is(err, bolt.ErrTimeout) {
		return errBusy
	}
	return fmt.Errorf("open state: %w", err)
}

// getJSON decodes the value stored under key; found is false when there is none.
func getJSON(b *bolt.Bucket, key string, v any) (found bool, err error) {
	raw := b.Get([]byte(key))
	if raw == nil {
		return false, nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return false, fmt.Errorf("decode record %s: %w", key, err)
	}
	return true, nil
}

func putJSON(b *bolt.Bucket, key string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	return b.Put([]byte(key), raw)
}

// seqKey encodes a sequence number so that byte order is numeric order.
func seqKey(n uint64) []byte {
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], n)
	return k[:]
}

func seqFromKey(k []byte) uint64 {
	return binary.BigEndian.Uint64(k)
}
