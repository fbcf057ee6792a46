package sandbox

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// maxPageSize is Nova's [api] max_limit: no page holds more servers.
const maxPageSize = 1000

func instanceNotFound(id string) *apiError {
	return notFound("Instance " + id + " could not be found.")
}

// loadServer reads a server by id.
func loadServer(tx *bolt.Tx, id string, rec *serverRecord) error {
	found, err := getJSON(tx.Bucket(bucketServers), id, rec)
	if err != nil {
		return err
	}
	if !found {
		return instanceNotFound(id)
	}
	return nil
}

// readServer reads one server in its own transaction.
func (c *call) readServer(id string) (serverRecord, error) {
	var rec serverRecord
	err := c.s.store.view(func(tx *bolt.Tx) error { return loadServer(tx, id, &rec) })
	return rec, err
}

func (c *call) showServer(args []string) error {
	rec, err := c.readServer(args[0])
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"server": c.fullView(rec)})
	return nil
}

func (c *call) deleteServer(args []string) error {
	err := c.s.store.update(func(tx *bolt.Tx) error {
		var rec serverRecord
		if err := loadServer(tx, args[0], &rec); err != nil {
			return err
		}
		if err := tx.Bucket(bucketServers).Delete([]byte(rec.ID)); err != nil {
			return err
		}
		return tx.Bucket(bucketServerSeq).Delete(seqKey(rec.Seq))
	})
	if err != nil {
		return err
	}
	writeEmpty(c.w, http.StatusNoContent)
	return nil
}

type serverSummary struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Links []link `json:"links"`
}

func (c *call) listServers(_ []string) error {
	page, err := c.serverPage()
	if err != nil {
		return err
	}
	var out []any
	for _, rec := range page {
		links := c.links("servers", c.serverRef(rec))
		if c.v11 {
			out = append(out, serverSummaryV11{ID: rec.Seq, UUID: rec.ID, Links: links,
				Name: rec.Name})
			continue
		}
		out = append(out, serverSummary{ID: rec.ID, Name: rec.Name, Links: links})
	}
	c.writeServerList(out, page, "servers")
	return nil
}

func (c *call) listServersDetail(_ []string) error {
	page, err := c.serverPage()
	if err != nil {
		return err
	}
	var out []any
	for _, rec := range page {
		out = append(out, c.fullView(rec))
	}
	c.writeServerList(out, page, "servers", "detail")
	return nil
}

// writeServerList adds Nova's "next" link when the page is full.
func (c *call) writeServerList(out []any, page []serverRecord, path ...string) {
	if out == nil {
		out = []any{}
	}
	body := map[string]any{"servers": out}
	if limit := c.pageLimit(); limit > 0 && len(page) == limit {
		q := c.r.URL.Query()
		q.Set("marker", c.serverRef(page[len(page)-1]))
		body["servers_links"] = []link{{Rel: "next", Href: c.link(path...) + "?" + q.Encode()}}
	}
	writeJSON(c.w, http.StatusOK, body)
}

// pageLimit is the page size asked for, at most maxPageSize; parse errors are reported by
// listFilter first.
func (c *call) pageLimit() int {
	v := c.r.URL.Query().Get("limit")
	if v == "" {
		return maxPageSize
	}
	n, _ := strconv.Atoi(v)
	return min(n, maxPageSize)
}

// listFilter is what a server list request asks for.
type listFilter struct {
	name     *regexp.Regexp
	statuses []string
	resID    string
	marker   string
	limit    int
}

func (c *call) parseListFilter() (listFilter, error) {
	q := c.r.URL.Query()
	f := listFilter{marker: q.Get("marker"), resID: q.Get("reservation_id"), limit: maxPageSize}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || strings.TrimLeft(v, "0123456789") != "" {
			return f, badRequest("Invalid input for query parameters limit. Value: " + v +
				". '" + v + "' does not match '^[0-9]*$'")
		}
		f.limit = min(n, maxPageSize)
	}
	if v, ok := q["name"]; ok && len(v) > 0 {
		pattern := v[len(v)-1]
		re, err := regexp.Compile(pattern)
		if err != nil {
			return f, badRequest("Invalid input for query parameters name. Value: " +
				pattern + ". '" + pattern + "' is not a 'regex'")
		}
		f.name = re
	}
	for _, s := range q["status"] {
		f.statuses = append(f.statuses, strings.ToUpper(s))
	}
	return f, nil
}

func (f listFilter) matches(rec serverRecord, status string) bool {
	if f.name != nil && !f.name.MatchString(rec.Name) {
		return false
	}
	if f.resID != "" && rec.ReservationID != f.resID {
		return false
	}
	if len(f.statuses) == 0 {
		return true
	}
	for _, s := range f.statuses {
		if s == status {
			return true
		}
	}
	return false
}

// serverPage returns the servers of the requested page, newest first as Nova sorts them.
func (c *call) serverPage() ([]serverRecord, error) {
	f, err := c.parseListFilter()
	if err != nil {
		return nil, err
	}
	var page []serverRecord
	err = c.s.store.view(func(tx *bolt.Tx) error {
		var err error
		page, err = c.scanServers(tx, f)
		return err
	})
	return page, err
}

func (c *call) scanServers(tx *bolt.Tx, f listFilter) ([]serverRecord, error) {
	cur := tx.Bucket(bucketServerSeq).Cursor()
	k, v := cur.Last()
	if f.marker != "" {
		seq, err := markerSeq(tx, f.marker)
		if err != nil {
			return nil, err
		}
		cur.Seek(seqKey(seq))
		k, v = cur.Prev()
	}

	page := []serverRecord{}
	for ; k != nil && len(page) < f.limit; k, v = cur.Prev() {
		var rec serverRecord
		if _, err := getJSON(tx.Bucket(bucketServers), string(v), &rec); err != nil {
			return nil, err
		}
		if f.matches(rec, rec.state(c.now).Status) {
			page = append(page, rec)
		}
	}
	return page, nil
}

// markerSeq finds the position of a marker: a server uuid, or its number in v1.1.
func markerSeq(tx *bolt.Tx, marker string) (uint64, error) {
	if n, err := strconv.ParseUint(marker, 10, 64); err == nil {
		if tx.Bucket(bucketServerSeq).Get(seqKey(n)) != nil {
			return n, nil
		}
	}
	var m serverRecord
	found, err := getJSON(tx.Bucket(bucketServers), marker, &m)
	if err != nil {
		return 0, err
	}
	if !found {
		return 0, badRequest("marker [" + marker + "] not found")
	}
	return m.Seq, nil
}
