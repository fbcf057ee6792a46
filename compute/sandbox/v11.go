package sandbox

import (
	"net/http"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// The book's v1.1 dialect lives under /v1.1/{tenant}/ on the compute listener. It shows
// the same state as /v2.1 but numbers servers, images and flavors with small integers
// (next to a "uuid") and answers in the shapes the book prints.

// serveV11 answers everything under /v1.1/{tenant}.
func (s *Sandbox) serveV11(c *call, segs []string) {
	if len(segs) < 3 || (segs[1] != Project && segs[1] != projectID) {
		writeNovaFault(c.w, http.StatusNotFound, msgNotFound)
		return
	}
	if !s.authorized(c) {
		return
	}
	c.v11 = true
	c.prefix, c.bookmark, c.segs = "/v1.1/"+segs[1], "/"+segs[1], segs[2:]
	if err := c.resolveNumbers(); err != nil {
		s.finish(c, err)
		return
	}
	s.dispatch(c, v21Routes)
}

// resolveNumbers replaces a server or image number in the path by its uuid, so that the
// handlers shared with /v2.1 see uuids only.
func (c *call) resolveNumbers() error {
	if len(c.segs) < 2 {
		return nil
	}
	var index []byte
	switch c.segs[0] {
	case "servers":
		index = bucketServerSeq
	case "images":
		index = bucketImageSeq
	default:
		return nil
	}
	n, err := strconv.ParseUint(c.segs[1], 10, 64)
	if err != nil {
		return nil
	}
	return c.s.store.view(func(tx *bolt.Tx) error {
		id := tx.Bucket(index).Get(seqKey(n))
		if id == nil {
			return notFound(msgNotFound)
		}
		c.segs[1] = string(id)
		return nil
	})
}

// serverRef is how links name a server: its uuid, or its number in v1.1.
func (c *call) serverRef(rec serverRecord) string {
	if c.v11 {
		return strconv.FormatUint(rec.Seq, 10)
	}
	return rec.ID
}

// imageRef is how links name an image: its uuid, or its number in v1.1.
func (c *call) imageRef(im imageRecord) string {
	if c.v11 {
		return strconv.FormatUint(im.Seq, 10)
	}
	return im.ID
}

type serverSummaryV11 struct {
	ID    uint64 `json:"id"`
	UUID  string `json:"uuid"`
	Links []link `json:"links"`
	Name  string `json:"name"`
}

// serverV11 is a server as the book shows it.
type serverV11 struct {
	Status      string               `json:"status"`
	Updated     string               `json:"updated"`
	HostID      string               `json:"hostId"`
	UserID      string               `json:"user_id"`
	Name        string               `json:"name"`
	Links       []link               `json:"links"`
	Created     string               `json:"created"`
	TenantID    string               `json:"tenant_id"`
	Image       resourceRef          `json:"image"`
	UUID        string               `json:"uuid"`
	AccessIPv4  string               `json:"accessIPv4"`
	Metadata    map[string]string    `json:"metadata"`
	AccessIPv6  string               `json:"accessIPv6"`
	KeyName     *string              `json:"key_name"`
	Progress    int                  `json:"progress"`
	Flavor      resourceRef          `json:"flavor"`
	ConfigDrive string               `json:"config_drive"`
	ID          uint64               `json:"id"`
	Addresses   map[string][]address `json:"addresses"`
	Fault       *serverFault         `json:"fault,omitempty"`
	AdminPass   string               `json:"adminPass,omitempty"`
}

func (c *call) serverV11(rec serverRecord) serverV11 {
	b := c.basicView(rec, false)
	st := rec.state(c.now)
	if st.Status == "ACTIVE" || st.Status == "VERIFY_RESIZE" {
		b.Progress = 100
	}
	image := strconv.FormatUint(rec.ImageSeq, 10)
	return serverV11{
		Status: b.Status, Updated: b.Updated, HostID: b.HostID, UserID: User, Name: b.Name,
		Links: b.Links, Created: b.Created, TenantID: Project,
		Image: resourceRef{ID: image, Links: c.bookmarkOnly("images", image)},
		UUID:  rec.ID, AccessIPv4: b.AccessIPv4, Metadata: b.Metadata,
		AccessIPv6: b.AccessIPv6, KeyName: rec.KeyName, Progress: b.Progress,
		Flavor: b.Flavor, ConfigDrive: rec.ConfigDrive, ID: rec.Seq,
		Addresses: b.Addresses, Fault: b.Fault,
	}
}

type imageSummaryV11 struct {
	ID    uint64 `json:"id"`
	Links []link `json:"links"`
	Name  string `json:"name"`
}

type imageV11 struct {
	ID       uint64            `json:"id"`
	UUID     string            `json:"uuid"`
	Name     string            `json:"name"`
	Updated  string            `json:"updated"`
	Created  string            `json:"created"`
	Status   string            `json:"status"`
	Progress int               `json:"progress"`
	MinRAM   int               `json:"minRam"`
	MinDisk  int               `json:"minDisk"`
	Metadata map[string]string `json:"metadata"`
	Links    []link            `json:"links"`
	Server   *resourceRef      `json:"server,omitempty"`
}

func (c *call) imageV11(im imageRecord) imageV11 {
	d := c.imageDetail(im)
	return imageV11{ID: im.Seq, UUID: im.ID, Name: d.Name, Updated: d.Updated,
		Created: d.Created, Status: d.Status, Progress: d.Progress, MinRAM: d.MinRAM,
		MinDisk: d.MinDisk, Metadata: d.Metadata, Links: d.Links, Server: d.Server}
}

type flavorSummaryV11 struct {
	ID    int    `json:"id"`
	Links []link `json:"links"`
	Name  string `json:"name"`
}

type flavorV11 struct {
	ID    int    `json:"id"`
	Name  string `json:"name"`
	RAM   int    `json:"ram"`
	Disk  int    `json:"disk"`
	VCPUs int    `json:"vcpus"`
	Links []link `json:"links"`
}

func flavorNumber(f flavor) int {
	n, _ := strconv.Atoi(f.ID)
	return n
}
