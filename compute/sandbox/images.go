package sandbox

import (
	"net/http"

	bolt "go.etcd.io/bbolt"
)

const msgImageNotFound = "Image not found."

type imageSummary struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Links []link `json:"links"`
}

type imageDetail struct {
	ID       string            `json:"id"`
	Name     string            `json:"name"`
	MinRAM   int               `json:"minRam"`
	MinDisk  int               `json:"minDisk"`
	Metadata map[string]string `json:"metadata"`
	Created  string            `json:"created"`
	Updated  string            `json:"updated"`
	Status   string            `json:"status"`
	Progress int               `json:"progress"`
	Size     int64             `json:"OS-EXT-IMG-SIZE:size"`
	Links    []link            `json:"links"`
	Server   *resourceRef      `json:"server,omitempty"`
}

// resourceRef is the {id, links} form Nova uses to point at another resource.
type resourceRef struct {
	ID    string `json:"id"`
	Links []link `json:"links"`
}

func (c *call) imageDetail(im imageRecord) imageDetail {
	d := imageDetail{ID: im.ID, Name: im.Name, MinRAM: im.MinRAM, MinDisk: im.MinDisk,
		Metadata: im.Metadata, Created: novaTime(im.Created), Updated: novaTime(im.Updated),
		Status: "SAVING", Progress: 25, Links: c.links("images", c.imageRef(im))}
	if im.active(c.now) {
		d.Status, d.Progress, d.Size = "ACTIVE", 100, im.Size
		d.Updated = novaTime(later(im.Updated, im.ReadyAt))
	}
	if d.Metadata == nil {
		d.Metadata = map[string]string{}
	}
	if im.ServerID != "" {
		d.Server = &resourceRef{ID: im.ServerID, Links: c.links("servers", im.ServerID)}
	}
	return d
}

// imageView renders an image in the call's dialect.
func (c *call) imageView(im imageRecord) any {
	if c.v11 {
		return c.imageV11(im)
	}
	return c.imageDetail(im)
}

// allImages returns every image, oldest first.
func (c *call) allImages() ([]imageRecord, error) {
	var out []imageRecord
	err := c.s.store.view(func(tx *bolt.Tx) error {
		images := tx.Bucket(bucketImages)
		return tx.Bucket(bucketImageSeq).ForEach(func(_, id []byte) error {
			var im imageRecord
			if _, err := getJSON(images, string(id), &im); err != nil {
				return err
			}
			out = append(out, im)
			return nil
		})
	})
	return out, err
}

func (c *call) listImages(_ []string) error {
	all, err := c.allImages()
	if err != nil {
		return err
	}
	out := []any{}
	for _, im := range all {
		links := c.links("images", c.imageRef(im))
		if c.v11 {
			out = append(out, imageSummaryV11{ID: im.Seq, Links: links, Name: im.Name})
			continue
		}
		out = append(out, imageSummary{ID: im.ID, Name: im.Name, Links: links})
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"images": out})
	return nil
}

func (c *call) listImagesDetail(_ []string) error {
	all, err := c.allImages()
	if err != nil {
		return err
	}
	out := []any{}
	for _, im := range all {
		out = append(out, c.imageView(im))
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"images": out})
	return nil
}

func (c *call) showImage(args []string) error {
	var im imageRecord
	err := c.s.store.view(func(tx *bolt.Tx) error {
		return loadImage(tx, args[0], &im)
	})
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"image": c.imageView(im)})
	return nil
}

// loadImage reads an image by id.
func loadImage(tx *bolt.Tx, id string, im *imageRecord) error {
	found, err := getJSON(tx.Bucket(bucketImages), id, im)
	if err != nil {
		return err
	}
	if !found {
		return notFound(msgImageNotFound)
	}
	return nil
}
