package sandbox

import (
	"crypto/rand"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// User, Password and Project are the sandbox credentials; the user and the project live in
// the domain "Default".
const (
	User     = "joe"
	Password = "shhh"
	Project  = "openstack"
)

// Fixed identifiers, so that ids seen in one run are valid in the next.
const (
	userID     = "5f0e5c2b8d4a4a7c9e0b6f1d2a3c4e5f"
	projectID  = "8d2a6f3c1b7e4d9aa0c5e2f4b6d8a1c3"
	domainID   = "default"
	domainName = "Default"
	regionName = "RegionOne"
	azName     = "nova"
	hostName   = "sandbox"

	// Seed image ids; the book numbers them kernel 1, initrd 2, server 3.
	imageKernelID = "0b4f2c7e-3c1d-4a8e-9f6b-1d2e3f4a5b01"
	imageInitrdID = "0b4f2c7e-3c1d-4a8e-9f6b-1d2e3f4a5b02"
	imageServerID = "0b4f2c7e-3c1d-4a8e-9f6b-1d2e3f4a5b03"
)

var (
	keySecret = []byte("token_secret")

	// seedTime is when the seed images claim to have been uploaded.
	seedTime = time.Date(2011, 9, 22, 0, 0, 0, 0, time.UTC)
)

// seedImages are the images of a new sandbox.
func seedImages() []imageRecord {
	mk := func(seq uint64, id, name string, size int64) imageRecord {
		return imageRecord{
			ID: id, Seq: seq, Name: name, Created: seedTime, Updated: seedTime,
			ReadyAt: seedTime, Size: size, Metadata: map[string]string{},
		}
	}
	return []imageRecord{
		mk(1, imageKernelID, "ubuntu-11.04-kernel", 4404752),
		mk(2, imageInitrdID, "ubuntu-11.04-initrd", 5882349),
		mk(3, imageServerID, "ubuntu-11.04-server", 1476395008),
	}
}

// seed creates the buckets, the token secret and the seed images, unless present.
func seed(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketMeta, bucketServers, bucketServerSeq,
		bucketImages, bucketImageSeq} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}

	meta := tx.Bucket(bucketMeta)
	if meta.Get(keySecret) != nil {
		return nil
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return fmt.Errorf("token secret: %w", err)
	}
	if err := meta.Put(keySecret, secret); err != nil {
		return err
	}
	return seedImagesTx(tx)
}

func seedImagesTx(tx *bolt.Tx) error {
	images := tx.Bucket(bucketImages)
	bySeq := tx.Bucket(bucketImageSeq)
	for _, im := range seedImages() {
		if err := putJSON(images, im.ID, im); err != nil {
			return err
		}
		if err := bySeq.Put(seqKey(im.Seq), []byte(im.ID)); err != nil {
			return err
		}
	}
	return images.SetSequence(uint64(len(seedImages())))
}
