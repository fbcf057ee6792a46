package sandbox

import (
	"net/http"
	"regexp"
	"strings"
)

// The sandbox implements the base microversion only, and says so: a client asking for a
// later one gets Nova's 406 rather than 2.1 answers dressed up as something else.
const (
	minMicroversion = "2.1"
	maxMicroversion = "2.1"
)

var microversionRE = regexp.MustCompile(`^([1-9]\d*)\.([1-9]\d*|0)$`)

func setVersionHeaders(w http.ResponseWriter, v string) {
	h := w.Header()
	h.Set("Openstack-Api-Version", "compute "+v)
	h.Set("X-Openstack-Nova-Api-Version", v)
	h["Vary"] = []string{"OpenStack-API-Version", "X-OpenStack-Nova-API-Version"}
}

// requestedMicroversion returns the version the client asked for, "" if none.
func requestedMicroversion(r *http.Request) string {
	for _, v := range r.Header.Values("OpenStack-API-Version") {
		fields := strings.Fields(v)
		if len(fields) == 2 && strings.EqualFold(fields[0], "compute") {
			return fields[1]
		}
	}
	return strings.TrimSpace(r.Header.Get("X-OpenStack-Nova-API-Version"))
}

// checkMicroversion answers 400 or 406 for versions the sandbox does not serve.
func checkMicroversion(c *call) bool {
	v := requestedMicroversion(c.r)
	if v == "" || strings.EqualFold(v, "latest") || v == minMicroversion {
		return true
	}
	setVersionHeaders(c.w, v)
	if !microversionRE.MatchString(v) {
		writeNovaFault(c.w, http.StatusBadRequest, "API Version String "+v+
			" is of invalid format. Must be of format MajorNum.MinorNum.")
		return false
	}
	writeNovaFault(c.w, http.StatusNotAcceptable, "Version "+v+" is not supported by the "+
		"API. Minimum is "+minMicroversion+" and maximum is "+maxMicroversion+".")
	return false
}

// computeVersions answers GET / on the compute listener.
func (s *Sandbox) computeVersions(c *call) {
	if !isRead(c.r) {
		writeNovaFault(c.w, http.StatusMethodNotAllowed,
			"The method specified is not allowed for this resource.")
		return
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"versions": []any{
		c.versionDoc("v2.0", false),
		c.versionDoc("v2.1", false),
	}})
}

// computeVersion answers GET /v2.1/ (or /v2/).
func (s *Sandbox) computeVersion(c *call, seg string) {
	if !isRead(c.r) {
		writeNovaFault(c.w, http.StatusMethodNotAllowed,
			"The method specified is not allowed for this resource.")
		return
	}
	id := "v2.1"
	if seg == "v2" {
		id = "v2.0"
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"version": c.versionDoc(id, true)})
}

type versionDoc struct {
	ID         string `json:"id"`
	Status     string `json:"status"`
	Version    string `json:"version"`
	MinVersion string `json:"min_version"`
	Updated    string `json:"updated"`
	Links      []link `json:"links"`
	MediaTypes []any  `json:"media-types,omitempty"`
}

func (c *call) versionDoc(id string, full bool) versionDoc {
	d := versionDoc{ID: "v2.1", Status: "CURRENT", Version: maxMicroversion,
		MinVersion: minMicroversion, Updated: "2013-07-23T11:33:21Z",
		Links: []link{{Rel: "self", Href: c.base + "/v2.1/"}}}
	if id == "v2.0" {
		d = versionDoc{ID: "v2.0", Status: "SUPPORTED", Updated: "2011-01-21T11:33:21Z",
			Links: []link{{Rel: "self", Href: c.base + "/v2/"}}}
	}
	if full {
		d.Links = append(d.Links, link{Rel: "describedby", Type: "text/html",
			Href: "http://docs.openstack.org/"})
		d.MediaTypes = []any{map[string]any{"base": "application/json",
			"type": "application/vnd.openstack.compute+json;version=" +
				strings.TrimPrefix(id, "v")}}
	}
	return d
}
