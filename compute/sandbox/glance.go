package sandbox

import (
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// The image service is a read-only Glance v2 under /image on the compute listener, as
// devstack mounts it. It is there for clients, such as the openstack CLI, that list and
// find images through Glance rather than through Nova's image proxy, and it shows the
// same images as /v2.1/images.

const (
	imageServiceID  = "5c4b3a2f1e0d4c9b8a7f6e5d4c3b2a1f"
	glancePrefix    = "/image"
	glanceTimestamp = "2006-01-02T15:04:05Z"
)

// imageServiceURL is the catalog URL of the image service.
func (s *Sandbox) imageServiceURL() string {
	return s.computeRoot() + glancePrefix
}

// serveGlance answers everything under /image; segs are the path segments after it.
func (s *Sandbox) serveGlance(c *call, segs []string) {
	switch {
	case len(segs) == 0 && isRead(c.r):
		s.glanceVersions(c, http.StatusMultipleChoices)
	case len(segs) == 1 && segs[0] == "versions" && isRead(c.r):
		s.glanceVersions(c, http.StatusOK)
	case len(segs) < 2 || segs[0] != "v2" || segs[1] != "images" || len(segs) > 3:
		writeGlanceError(c.w, http.StatusNotFound, "The resource could not be found.")
	case !isRead(c.r):
		writeGlanceError(c.w, http.StatusMethodNotAllowed,
			"The sandbox's image service is read-only; use the compute API.")
	default:
		s.glanceImages(c, segs[2:])
	}
}

// glanceImages answers GET /v2/images and /v2/images/{id} for a valid token.
func (s *Sandbox) glanceImages(c *call, args []string) {
	if !s.authorized(c) {
		return
	}
	if len(args) == 0 {
		s.glanceList(c)
		return
	}
	s.glanceShow(c, args[0])
}

// glanceVersions lists the one API version served: v2 without its later additions.
func (s *Sandbox) glanceVersions(c *call, status int) {
	version := map[string]any{
		"id": "v2.0", "status": "CURRENT",
		"links": []link{{Rel: "self", Href: c.base + glancePrefix + "/v2/"}},
	}
	writeJSON(c.w, status, map[string]any{"versions": []any{version}})
}

// glanceList answers GET /v2/images, newest first as Glance sorts by default, with the
// filters name, status and visibility and pages of limit images after marker.
func (s *Sandbox) glanceList(c *call) {
	all, err := c.allImages()
	if err != nil {
		s.finish(c, err)
		return
	}
	slices.Reverse(all)
	q := c.r.URL.Query()

	var matched []map[string]any
	for _, im := range all {
		g := c.glanceImage(im)
		if matchesFilters(g, q) {
			matched = append(matched, g)
		}
	}
	page, next, bad := glancePage(matched, q)
	if bad != nil {
		writeGlanceError(c.w, bad.code, bad.msg)
		return
	}

	body := map[string]any{"images": page, "schema": "/v2/schemas/images",
		"first": glanceListURL(q)}
	if next != "" {
		q.Set("marker", next)
		body["next"] = glanceListURL(q)
	}
	writeJSON(c.w, http.StatusOK, body)
}

// matchesFilters reports whether an image has every filtered field's value.
func matchesFilters(g map[string]any, q url.Values) bool {
	for _, field := range []string{"name", "status", "visibility"} {
		if want, ok := q[field]; ok && g[field] != want[0] {
			return false
		}
	}
	return true
}

// glancePage cuts the images after the marker to limit; next is the marker of the next
// page, "" on the last one.
func glancePage(images []map[string]any, q url.Values) (page []map[string]any, next string,
	bad *apiError) {
	if marker := q.Get("marker"); marker != "" {
		i := slices.IndexFunc(images, func(g map[string]any) bool { return g["id"] == marker })
		if i < 0 {
			return nil, "", badRequest("Invalid marker. Image " + marker +
				" could not be found.")
		}
		images = images[i+1:]
	}
	page = images
	if raw := q.Get("limit"); raw != "" {
		limit, err := strconv.Atoi(raw)
		if err != nil || limit < 0 {
			return nil, "", badRequest("limit param must be an integer")
		}
		if limit < len(images) {
			page = images[:limit]
		}
		if limit > 0 && limit < len(images) {
			next = images[limit-1]["id"].(string)
		}
	}
	if page == nil {
		page = []map[string]any{}
	}
	return page, next, nil
}

func glanceListURL(q url.Values) string {
	if len(q) == 0 {
		return "/v2/images"
	}
	return "/v2/images?" + q.Encode()
}

// glanceShow answers GET /v2/images/{id}.
func (s *Sandbox) glanceShow(c *call, id string) {
	var im imageRecord
	err := c.s.store.view(func(tx *bolt.Tx) error { return loadImage(tx, id, &im) })
	var ae *apiError
	if errors.As(err, &ae) && ae.code == http.StatusNotFound {
		writeGlanceError(c.w, http.StatusNotFound, "No image found with ID "+id)
		return
	}
	if err != nil {
		s.finish(c, err)
		return
	}
	writeJSON(c.w, http.StatusOK, c.glanceImage(im))
}

// glanceImage is an image as Glance v2 shows it: its metadata as properties at the top
// level. The sandbox holds no image data, so there is no checksum or hash.
func (c *call) glanceImage(im imageRecord) map[string]any {
	g := map[string]any{}
	for k, v := range im.Metadata {
		g[k] = v
	}
	visibility := "public"
	if im.ServerID != "" {
		visibility = "private"
	}
	var size, diskFormat, containerFormat any
	status, updated := "saving", im.Updated.UTC().Format(glanceTimestamp)
	if im.active(c.now) {
		status = "active"
		updated = later(im.Updated, im.ReadyAt).UTC().Format(glanceTimestamp)
		size, diskFormat, containerFormat = im.Size, "qcow2", "bare"
	}
	self := "/v2/images/" + im.ID
	fixed := map[string]any{
		"id": im.ID, "name": im.Name, "status": status, "visibility": visibility,
		"size": size, "virtual_size": nil, "disk_format": diskFormat,
		"container_format": containerFormat, "checksum": nil, "os_hash_algo": nil,
		"os_hash_value": nil, "protected": false, "os_hidden": false,
		"min_ram": im.MinRAM, "min_disk": im.MinDisk, "owner": projectID, "tags": []string{},
		"created_at": im.Created.UTC().Format(glanceTimestamp), "updated_at": updated,
		"self": self, "file": self + "/file", "schema": "/v2/schemas/image",
	}
	for k, v := range fixed {
		g[k] = v
	}
	return g
}

// writeGlanceError answers as Glance does: a small HTML page naming the status.
func writeGlanceError(w http.ResponseWriter, code int, msg string) {
	title := fmt.Sprintf("%d %s", code, http.StatusText(code))
	body := "<html>\n <head>\n  <title>" + title + "</title>\n </head>\n <body>\n  <h1>" +
		title + "</h1>\n  " + html.EscapeString(msg) + "<br /><br />\n\n\n\n </body>\n</html>"
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(code)
	w.Write([]byte(body))
}
