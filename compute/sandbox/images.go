package sandbox

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

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
	page, q, err := c.imagePage()
	if err != nil {
		return err
	}
	out := []any{}
	for _, im := range page {
		links := c.links("images", c.imageRef(im))
		if c.v11 {
			out = append(out, imageSummaryV11{ID: im.Seq, Links: links, Name: im.Name})
			continue
		}
		out = append(out, imageSummary{ID: im.ID, Name: im.Name, Links: links})
	}
	c.writeImageList(out, page, q, "images")
	return nil
}

func (c *call) listImagesDetail(_ []string) error {
	page, q, err := c.imagePage()
	if err != nil {
		return err
	}
	out := []any{}
	for _, im := range page {
		out = append(out, c.imageView(im))
	}
	c.writeImageList(out, page, q, "images", "detail")
	return nil
}

// writeImageList adds Nova's "next" link when the page is as long as a page may be.
func (c *call) writeImageList(out []any, page []imageRecord, q imageQuery, path ...string) {
	body := map[string]any{"images": out}
	if q.linkAt > 0 && len(page) == q.linkAt {
		params := c.r.URL.Query()
		params.Set("marker", c.imageRef(page[len(page)-1]))
		body["images_links"] = []link{{Rel: "next", Href: c.link(path...) + "?" +
			params.Encode()}}
	}
	writeJSON(c.w, http.StatusOK, body)
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

// imageQuery is what an image list asks for. Nova passes the filters on to Glance, which
// keeps an image when its field equals the value given; as in Nova, the last of a
// repeated parameter counts.
type imageQuery struct {
	filters map[string]string // imageFilters name → value asked for
	since   *time.Time
	marker  string
	limit   int // 0 for every image
	linkAt  int // a page of this many images gets a next link; 0 for none
}

// imageMatch reports whether an image's field equals want at now.
type imageMatch func(im imageRecord, now time.Time, want string) bool

// imageFilters are the equality filters of an image list, by query parameter.
var imageFilters = map[string]imageMatch{
	"name": func(im imageRecord, _ time.Time, want string) bool { return im.Name == want },
	"status": func(im imageRecord, now time.Time, want string) bool {
		return strings.ToLower(want) == glanceStatus(im, now)
	},
	"server": func(im imageRecord, _ time.Time, want string) bool {
		return im.ServerID != "" && im.ServerID == want
	},
	"type": func(im imageRecord, _ time.Time, want string) bool {
		kind, ok := imageType(im)
		return ok && kind == want
	},
	"minRam": func(im imageRecord, _ time.Time, want string) bool {
		return sameNumber(im.MinRAM, want)
	},
	"minDisk": func(im imageRecord, _ time.Time, want string) bool {
		return sameNumber(im.MinDisk, want)
	},
}

// glanceStatus is the image's status in Glance's words, which the status filter compares.
func glanceStatus(im imageRecord, now time.Time) string {
	if im.active(now) {
		return "active"
	}
	return "saving"
}

// imageType is the image_type property Nova gives the snapshots it makes, unless the
// metadata sets one.
func imageType(im imageRecord) (string, bool) {
	if kind, ok := im.Metadata["image_type"]; ok {
		return kind, true
	}
	return "snapshot", im.ServerID != ""
}

// sameNumber compares as Glance's database does: "00" or "0.0" equal 0, "x" nothing.
func sameNumber(n int, text string) bool {
	f, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	return err == nil && f == float64(n)
}

// lastParam returns the last value of a query parameter, which is the one Nova reads.
func lastParam(params url.Values, key string) (string, bool) {
	v := params[key]
	if len(v) == 0 {
		return "", false
	}
	return v[len(v)-1], true
}

func (c *call) parseImageQuery() (imageQuery, error) {
	params := c.r.URL.Query()
	q := imageQuery{filters: map[string]string{}, linkAt: maxPageSize}
	q.marker, _ = lastParam(params, "marker")
	for name := range imageFilters {
		if v, ok := lastParam(params, name); ok {
			q.filters[name] = v
		}
	}
	if server, ok := q.filters["server"]; ok {
		// Nova keeps what follows the last slash, so a server's href works too.
		q.filters["server"] = server[strings.LastIndex(server, "/")+1:]
	}

	if err := q.parseLimit(params); err != nil {
		return q, err
	}
	return q, q.parseSince(params)
}

func (q *imageQuery) parseLimit(params url.Values) error {
	v, ok := lastParam(params, "limit")
	if !ok {
		return nil
	}
	// On overflow Atoi gives the largest number of the sign, as good as Python's.
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return badRequest("Invalid input received: limit must be an integer")
	}
	if n < 0 {
		return badRequest("Invalid input received: limit must be >= 0")
	}

	// Nova drops a limit of 0 and asks Glance for every image, and links a next page
	// only to a page as long as [api] max_limit allows.
	q.limit, q.linkAt = n, min(n, maxPageSize)
	return nil
}

// isoLayouts are the ISO 8601 forms changes-since accepts; without a zone, UTC.
var isoLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04Z07:00",
	"2006-01-02T15:04", "2006-01-02", "2006-01", "2006",
	"20060102T150405Z07:00", "20060102T150405", "20060102",
}

func (q *imageQuery) parseSince(params url.Values) error {
	v, ok := lastParam(params, "changes-since")
	if !ok {
		return nil
	}
	for _, layout := range isoLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			q.since = &t
			return nil
		}
	}
	// Glance's words; the entities are there because Nova quotes Glance's error page.
	return badRequest("HTTP 400 Bad Request: Bad &quot;updated_at&quot; query filter " +
		"format. Use ISO 8601 DateTime notation.")
}

// matches reports whether an image passes every filter at now.
func (q imageQuery) matches(im imageRecord, now time.Time) bool {
	for name, want := range q.filters {
		if !imageFilters[name](im, now, want) {
			return false
		}
	}
	if q.since == nil {
		return true
	}
	updated := im.Updated
	if im.active(now) {
		updated = later(im.Updated, im.ReadyAt)
	}
	return !updated.Before(*q.since)
}

// imagePage returns the images of the requested page, oldest first.
func (c *call) imagePage() ([]imageRecord, imageQuery, error) {
	q, err := c.parseImageQuery()
	if err != nil {
		return nil, q, err
	}
	if err := c.resolveServerNumber(q.filters); err != nil {
		return nil, q, err
	}
	all, err := c.allImages()
	if err != nil {
		return nil, q, err
	}
	rest, err := c.imagesAfter(all, q.marker)
	if err != nil {
		return nil, q, err
	}

	page := []imageRecord{}
	for _, im := range rest {
		if q.limit > 0 && len(page) == q.limit {
			break
		}
		if q.matches(im, c.now) {
			page = append(page, im)
		}
	}
	return page, q, nil
}

// imagesAfter returns the images after the marker. As in Glance, the marker may be an
// image the filters leave out, but it must exist.
func (c *call) imagesAfter(all []imageRecord, marker string) ([]imageRecord, error) {
	if marker == "" {
		return all, nil
	}
	i := slices.IndexFunc(all, func(im imageRecord) bool {
		return im.ID == marker || c.imageRef(im) == marker
	})
	if i < 0 {
		return nil, badRequest("HTTP 400 Bad Request: No image found with ID " + marker)
	}
	return all[i+1:], nil
}

// resolveServerNumber turns a v1.1 server number in the server filter into the uuid the
// images record; a number no server has is left to match nothing.
func (c *call) resolveServerNumber(filters map[string]string) error {
	n, err := strconv.ParseUint(filters["server"], 10, 64)
	if !c.v11 || err != nil {
		return nil
	}
	return c.s.store.view(func(tx *bolt.Tx) error {
		if id := tx.Bucket(bucketServerSeq).Get(seqKey(n)); id != nil {
			filters["server"] = string(id)
		}
		return nil
	})
}
