package sandbox

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// metaOwner is a server or an image seen through its metadata, loaded in a transaction.
type metaOwner struct {
	meta map[string]string
	// check refuses a change in the owner's current state ("update metadata"...).
	check func(action string) error
	save  func(map[string]string) error
}

// metaKind describes how servers and images differ in the metadata API.
type metaKind struct {
	load          func(c *call, tx *bolt.Tx, id string) (*metaOwner, error)
	limit         func(c *call) int
	limitMsg      func(c *call) string
	itemMissing   string
	deleteMissing string
}

var serverMeta = metaKind{
	load:  loadServerMeta,
	limit: func(c *call) int { return c.s.opts.Limits.MaxServerMeta },
	limitMsg: func(c *call) string {
		return fmt.Sprintf("Maximum number of metadata items exceeds %d",
			c.s.opts.Limits.MaxServerMeta)
	},
	itemMissing:   "Metadata item was not found",
	deleteMissing: "Metadata item was not found",
}

var imageMeta = metaKind{
	load:          loadImageMeta,
	limit:         func(c *call) int { return c.s.opts.Limits.MaxImageMeta },
	limitMsg:      func(*call) string { return "Image metadata limit exceeded" },
	itemMissing:   msgNotFound,
	deleteMissing: "Invalid metadata key",
}

// metadataStates are the vm states in which Nova lets a server's metadata change.
var metadataStates = []string{vmActive}

func loadServerMeta(c *call, tx *bolt.Tx, id string) (*metaOwner, error) {
	var rec serverRecord
	if err := loadServer(tx, id, &rec); err != nil {
		return nil, err
	}
	rec.settle(c.now)
	return &metaOwner{
		meta: nonNil(rec.Metadata),
		check: func(action string) error {
			if slices.Contains(metadataStates, rec.VMState) {
				return nil
			}
			return conflict("Cannot '" + action + "' instance " + rec.ID +
				" while it is in vm_state " + rec.VMState)
		},
		save: func(m map[string]string) error {
			rec.Metadata, rec.Updated = m, c.now
			return putJSON(tx.Bucket(bucketServers), rec.ID, rec)
		},
	}, nil
}

func loadImageMeta(c *call, tx *bolt.Tx, id string) (*metaOwner, error) {
	var im imageRecord
	found, err := getJSON(tx.Bucket(bucketImages), id, &im)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, notFound(msgImageNotFound)
	}
	return &metaOwner{
		meta:  nonNil(im.Metadata),
		check: func(string) error { return nil },
		save: func(m map[string]string) error {
			im.Metadata, im.Updated = m, c.now
			return putJSON(tx.Bucket(bucketImages), im.ID, im)
		},
	}, nil
}

// readMeta runs fn on the owner's metadata in a read-only transaction.
func (c *call) readMeta(k metaKind, id string, fn func(*metaOwner) error) error {
	return c.s.store.view(func(tx *bolt.Tx) error {
		o, err := k.load(c, tx, id)
		if err != nil {
			return err
		}
		return fn(o)
	})
}

// changeMeta applies change to the owner's metadata in one transaction, enforcing the
// limit on the result: a change that would exceed it changes nothing.
func (c *call) changeMeta(k metaKind, id, action string,
	change func(map[string]string) (map[string]string, error)) (map[string]string, error) {
	var out map[string]string
	err := c.s.store.update(func(tx *bolt.Tx) error {
		o, err := k.load(c, tx, id)
		if err != nil {
			return err
		}
		if out, err = change(maps.Clone(o.meta)); err != nil {
			return err
		}
		if err := o.check(action); err != nil {
			return err
		}
		if len(out) > k.limit(c) {
			return overLimit(k.limitMsg(c))
		}
		return o.save(out)
	})
	return out, err
}

func (c *call) listMeta(k metaKind, args []string) error {
	return c.readMeta(k, args[0], func(o *metaOwner) error {
		writeJSON(c.w, http.StatusOK, map[string]any{"metadata": o.meta})
		return nil
	})
}

func (c *call) showMetaItem(k metaKind, args []string) error {
	return c.readMeta(k, args[0], func(o *metaOwner) error {
		v, ok := o.meta[args[1]]
		if !ok {
			return notFound(k.itemMissing)
		}
		writeJSON(c.w, http.StatusOK, map[string]any{c.itemKey(): map[string]string{args[1]: v}})
		return nil
	})
}

// setMeta answers PUT (replace) and POST (merge) on .../metadata.
func (c *call) setMeta(k metaKind, args []string, merge bool) error {
	raw, err := requireObject(bodyBytes(c.r), "metadata")
	if err != nil {
		return err
	}
	given, err := parseMetadata("metadata", raw)
	if err != nil {
		return err
	}
	out, err := c.changeMeta(k, args[0], "update metadata",
		func(cur map[string]string) (map[string]string, error) {
			if !merge {
				return given, nil
			}
			maps.Copy(cur, given)
			return cur, nil
		})
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"metadata": out})
	return nil
}

// putMetaItem answers PUT .../metadata/{key} with {"meta": {key: value}}.
func (c *call) putMetaItem(k metaKind, args []string) error {
	raw, err := requireObject(bodyBytes(c.r), c.itemKey())
	if err != nil {
		return err
	}
	item, err := parseMetaItem(c.itemKey(), raw)
	if err != nil {
		return err
	}
	value, ok := item[args[1]]
	if !ok {
		return badRequest("Request body and URI mismatch")
	}
	_, err = c.changeMeta(k, args[0], "update metadata",
		func(cur map[string]string) (map[string]string, error) {
			cur[args[1]] = value
			return cur, nil
		})
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, map[string]any{c.itemKey(): map[string]string{args[1]: value}})
	return nil
}

// itemKey wraps a single metadata item: "meta", or "metadata" in the book's dialect.
func (c *call) itemKey() string {
	if c.v11 {
		return "metadata"
	}
	return "meta"
}

func parseMetaItem(key string, raw json.RawMessage) (map[string]string, error) {
	item, err := parseMetadata(key, raw)
	if err != nil {
		return nil, err
	}
	switch {
	case len(item) > 1:
		return nil, invalid(key, raw, pyRepr(raw)+" has too many properties")
	case len(item) == 0:
		return nil, invalid(key, raw, pyRepr(raw)+" does not have enough properties")
	}
	return item, nil
}

func (c *call) deleteMetaItem(k metaKind, args []string) error {
	_, err := c.changeMeta(k, args[0], "delete metadata",
		func(cur map[string]string) (map[string]string, error) {
			if _, ok := cur[args[1]]; !ok {
				return nil, notFound(k.deleteMissing)
			}
			delete(cur, args[1])
			return cur, nil
		})
	if err != nil {
		return err
	}
	writeEmpty(c.w, http.StatusNoContent)
	return nil
}

// deleteImage answers DELETE /images/{id}.
func (c *call) deleteImage(args []string) error {
	err := c.s.store.update(func(tx *bolt.Tx) error {
		var im imageRecord
		found, err := getJSON(tx.Bucket(bucketImages), args[0], &im)
		if err != nil {
			return err
		}
		if !found {
			return notFound(msgImageNotFound)
		}
		if err := tx.Bucket(bucketImages).Delete([]byte(im.ID)); err != nil {
			return err
		}
		return tx.Bucket(bucketImageSeq).Delete(seqKey(im.Seq))
	})
	if err != nil {
		return err
	}
	writeEmpty(c.w, http.StatusNoContent)
	return nil
}
