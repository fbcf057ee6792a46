package sandbox

import (
	"encoding/json"
	"net/http"

	bolt "go.etcd.io/bbolt"
)

// rebuildFields are the members Nova 2.1 accepts in a rebuild request.
var rebuildFields = map[string]bool{
	"imageRef": true, "name": true, "metadata": true, "personality": true,
	"adminPass": true, "accessIPv4": true, "accessIPv6": true, "OS-DCF:diskConfig": true,
	"preserve_ephemeral": true,
}

// rebuildRequest is a validated rebuild request; nil fields leave the server as it is.
type rebuildRequest struct {
	imageID    string
	name       *string
	metadata   map[string]string
	files      []personalityFile
	adminPass  string
	accessIPv4 *string
	accessIPv6 *string
}

func parseRebuild(arg json.RawMessage) (*rebuildRequest, error) {
	f, err := actionFields("rebuild", arg)
	if err != nil {
		return nil, err
	}
	if err := requireField(f, "rebuild", arg, "imageRef"); err != nil {
		return nil, err
	}
	for _, k := range f.order {
		if !rebuildFields[k] {
			return nil, invalid("rebuild", arg, "Additional properties are not allowed ("+
				pyString(k)+" was unexpected)")
		}
	}

	req := &rebuildRequest{}
	ref, err := f.optString("imageRef", 0, -1)
	if err != nil {
		return nil, err
	}
	if req.imageID, err = parseImageRef(ref); err != nil {
		return nil, err
	}
	if err := parseRebuildOptional(f, req); err != nil {
		return nil, err
	}
	if req.adminPass == "" {
		req.adminPass = newPassword()
	}
	return req, nil
}

func parseRebuildOptional(f *fields, req *rebuildRequest) error {
	if _, ok := f.raw["name"]; ok {
		name, err := f.name("name")
		if err != nil {
			return err
		}
		req.name = &name
	}
	if _, ok := f.raw["metadata"]; ok {
		m, err := f.metadata("metadata")
		if err != nil {
			return err
		}
		req.metadata = m
	}
	var err error
	if req.adminPass, err = f.optString("adminPass", 0, -1); err != nil {
		return err
	}
	for key, dst := range map[string]**string{"accessIPv4": &req.accessIPv4,
		"accessIPv6": &req.accessIPv6} {
		if _, ok := f.raw[key]; ok {
			ip, err := f.ip(key, map[string]int{"accessIPv4": 4, "accessIPv6": 6}[key])
			if err != nil {
				return err
			}
			*dst = &ip
		}
	}
	holder := &createRequest{}
	if err := parseCreateFiles(f, holder); err != nil {
		return err
	}
	req.files = holder.files
	return nil
}

func (c *call) rebuild(tx *bolt.Tx, rec *serverRecord, arg json.RawMessage) (func(), error) {
	req, err := parseRebuild(arg)
	if err != nil {
		return nil, err
	}
	if err := c.requireState(rec, "rebuild", []string{vmActive, vmError}); err != nil {
		return nil, err
	}
	var im imageRecord
	if err := loadImageRef(tx, req.imageID, &im); err != nil {
		return nil, badRequest("Cannot find image for rebuild")
	}
	if !im.active(c.now) {
		return nil, badRequest("Image " + im.ID + " is not active.")
	}
	meta := rec.Metadata
	if req.metadata != nil {
		meta = req.metadata
	}
	if err := c.checkRequestLimits(meta, req.files); err != nil {
		return nil, err
	}

	applyRebuild(rec, req, im)
	rec.startTask(taskRebuild, c.now, c.s.opts.BuildTime)
	return func() {
		c.w.Header().Set("Location", c.link("servers", c.serverRef(*rec)))
		writeJSON(c.w, http.StatusAccepted, map[string]any{
			"server": c.changedView(*rec, req.adminPass),
		})
	}, nil
}

func applyRebuild(rec *serverRecord, req *rebuildRequest, im imageRecord) {
	rec.ImageID, rec.ImageSeq, rec.VMState, rec.Fault = im.ID, im.Seq, vmActive, nil
	if req.name != nil {
		rec.Name = *req.name
	}
	if req.metadata != nil {
		rec.Metadata = req.metadata
	}
	if req.accessIPv4 != nil {
		rec.AccessIPv4 = *req.accessIPv4
	}
	if req.accessIPv6 != nil {
		rec.AccessIPv6 = *req.accessIPv6
	}
	if req.files != nil {
		rec.Files = nil
		for _, f := range req.files {
			rec.Files = append(rec.Files, f.Path)
		}
	}
}

// createImage snapshots the server into a new image that is SAVING until the snapshot
// task ends.
func (c *call) createImage(tx *bolt.Tx, rec *serverRecord, arg json.RawMessage) (
	func(), error) {
	f, err := actionFields("createImage", arg)
	if err != nil {
		return nil, err
	}
	if err := requireField(f, "createImage", arg, "name"); err != nil {
		return nil, err
	}
	name, err := f.optString("name", 1, 255)
	if err != nil {
		return nil, err
	}
	meta, err := f.metadata("metadata")
	if err != nil {
		return nil, err
	}
	if err := c.requireState(rec, "createImage", []string{vmActive}); err != nil {
		return nil, err
	}
	if len(meta) > c.s.opts.Limits.MaxImageMeta {
		return nil, overLimit("Image metadata limit exceeded")
	}

	rec.startTask(taskSnapshot, c.now, c.s.opts.BuildTime)
	im, err := c.insertSnapshot(tx, rec, name, meta)
	if err != nil {
		return nil, err
	}
	return func() {
		c.w.Header().Set("Location", c.link("images", c.imageRef(im)))
		c.w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		c.w.Header().Set("Content-Length", "0")
		c.w.WriteHeader(http.StatusAccepted)
	}, nil
}

func (c *call) insertSnapshot(tx *bolt.Tx, rec *serverRecord, name string,
	meta map[string]string) (imageRecord, error) {
	images := tx.Bucket(bucketImages)
	seq, err := images.NextSequence()
	if err != nil {
		return imageRecord{}, err
	}
	fl, _ := findFlavor(rec.FlavorID)
	im := imageRecord{ID: newUUID(), Seq: seq, Name: name, Created: c.now, Updated: c.now,
		ReadyAt: rec.TaskEnd, Size: snapshotSize, MinDisk: fl.Disk, Metadata: meta,
		ServerID: rec.ID}
	if err := putJSON(images, im.ID, im); err != nil {
		return imageRecord{}, err
	}
	return im, tx.Bucket(bucketImageSeq).Put(seqKey(seq), []byte(im.ID))
}

// snapshotSize is the size every snapshot claims once saved.
const snapshotSize = 1073741824
