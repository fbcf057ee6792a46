package sandbox

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// call is one compute request on its way through a handler.
type call struct {
	s    *Sandbox
	w    http.ResponseWriter
	r    *http.Request
	now  time.Time
	base string // scheme and host the client used, e.g. "http://127.0.0.1:8774"
	// prefix is the version (and project, when the client sent one) the links repeat,
	// e.g. "/v2.1" or "/v2.1/<project>"; bookmark is the same without the version.
	prefix   string
	bookmark string
	segs     []string
	// v11 is set for the book's /v1.1 dialect.
	v11 bool
}

// link returns the versioned URL of a resource, as in Nova's "self" links.
func (c *call) link(parts ...string) string {
	return c.base + c.prefix + "/" + strings.Join(parts, "/")
}

// bookmarkLink returns the unversioned URL of a resource, Nova's "bookmark" links.
func (c *call) bookmarkLink(parts ...string) string {
	return c.base + c.bookmark + "/" + strings.Join(parts, "/")
}

// links returns the self and bookmark links of a resource.
func (c *call) links(parts ...string) []link {
	return []link{
		{Rel: "self", Href: c.link(parts...)},
		{Rel: "bookmark", Href: c.bookmarkLink(parts...)},
	}
}

type link struct {
	Rel  string `json:"rel"`
	Type string `json:"type,omitempty"`
	Href string `json:"href"`
}

// splitPath splits the escaped path into unescaped segments, so that "%2F" inside a
// metadata key stays inside its segment.
func splitPath(r *http.Request) ([]string, error) {
	raw := strings.Trim(r.URL.EscapedPath(), "/")
	if raw == "" {
		return nil, nil
	}
	parts := strings.Split(raw, "/")
	for i, p := range parts {
		u, err := url.PathUnescape(p)
		if err != nil {
			return nil, err
		}
		parts[i] = u
	}
	return parts, nil
}

// serveCompute routes the Nova listener.
func (s *Sandbox) serveCompute(w http.ResponseWriter, r *http.Request) {
	segs, err := splitPath(r)
	if err != nil {
		writeNovaFault(w, http.StatusBadRequest, "Malformed request URL")
		return
	}
	c := &call{s: s, w: w, r: r, now: s.now(), base: "http://" + r.Host}

	switch {
	case len(segs) == 0:
		s.computeVersions(c)
	case segs[0] == "v2.1" || segs[0] == "v2":
		s.serveV21(c, segs)
	case segs[0] == "v1.1":
		s.serveV11(c, segs)
	case "/"+segs[0] == glancePrefix:
		s.serveGlance(c, segs[1:])
	default:
		writeNovaFault(w, http.StatusNotFound, msgNotFound)
	}
}

// serveV21 answers everything under /v2.1 (and the legacy /v2).
func (s *Sandbox) serveV21(c *call, segs []string) {
	setVersionHeaders(c.w, "2.1")
	if len(segs) == 1 {
		s.computeVersion(c, segs[0])
		return
	}
	if !s.authorized(c) {
		return
	}
	if !checkMicroversion(c) {
		return
	}

	c.prefix, c.bookmark, c.segs = "/"+segs[0], "", segs[1:]
	if !isCollection(c.segs[0]) && len(c.segs) > 1 && isCollection(c.segs[1]) {
		if c.segs[0] != projectID && c.segs[0] != Project {
			writeNovaFault(c.w, http.StatusBadRequest, "Malformed request URL: URL's "+
				"project_id '"+c.segs[0]+"' doesn't match Context's project_id '"+
				projectID+"'")
			return
		}
		c.prefix += "/" + c.segs[0]
		c.bookmark = "/" + c.segs[0]
		c.segs = c.segs[1:]
	}
	s.dispatch(c, v21Routes)
}

func isCollection(seg string) bool {
	switch seg {
	case "servers", "images", "flavors", "limits":
		return true
	}
	return false
}

// authorized checks X-Auth-Token as keystonemiddleware does in front of Nova.
func (s *Sandbox) authorized(c *call) bool {
	if _, err := s.tokens.check(c.r.Header.Get("X-Auth-Token"), c.now); err != nil {
		c.w.Header().Set("WWW-Authenticate", `Keystone uri="`+s.identityRoot()+`/"`)
		c.w.Header().Del("Openstack-Api-Version")
		c.w.Header().Del("X-Openstack-Nova-Api-Version")
		c.w.Header().Del("Vary")
		writeKeystoneError(c.w, http.StatusUnauthorized, msgAuthRequired)
		return false
	}
	return true
}

// route maps a method and a path pattern to a handler; "*" matches any one segment,
// and the handler gets the matched segments.
type route struct {
	method  string
	pattern []string
	handle  func(c *call, args []string) error
}

// dispatch runs the first route matching the path and method.
func (s *Sandbox) dispatch(c *call, routes []route) {
	pathMatched := false
	for _, rt := range routes {
		args, ok := matchPattern(rt.pattern, c.segs)
		if !ok {
			continue
		}
		pathMatched = true
		if rt.method != c.r.Method && !(rt.method == http.MethodGet &&
			c.r.Method == http.MethodHead) {
			continue
		}
		s.finish(c, rt.handle(c, args))
		return
	}
	if pathMatched {
		writeNovaFault(c.w, http.StatusMethodNotAllowed,
			"The method specified is not allowed for this resource.")
		return
	}
	writeNovaFault(c.w, http.StatusNotFound, msgNotFound)
}

// finish writes the fault of a failed handler.
func (s *Sandbox) finish(c *call, err error) {
	if err == nil {
		return
	}
	var ae *apiError
	if errors.As(err, &ae) {
		if c.v11 && ae.code == http.StatusNotFound {
			// The book's cloud said no more than this.
			ae = notFound(msgNotFound)
		}
		writeAPIError(c.w, ae)
		return
	}
	if errors.Is(err, errBusy) {
		writeNovaFault(c.w, http.StatusServiceUnavailable, "The sandbox state is locked by "+
			"another process. Please try again later.")
		return
	}
	writeNovaFault(c.w, http.StatusInternalServerError, "Unexpected API Error. "+
		"The sandbox could not complete the request: "+err.Error())
}

func matchPattern(pattern, segs []string) ([]string, bool) {
	if len(pattern) != len(segs) {
		return nil, false
	}
	var args []string
	for i, p := range pattern {
		switch {
		case p == "*":
			args = append(args, segs[i])
		case p != segs[i]:
			return nil, false
		}
	}
	return args, true
}

// p splits a route pattern written as "servers/*/ips".
func p(pattern string) []string {
	return strings.Split(pattern, "/")
}

var v21Routes []route

// metaRoutes are the metadata routes of servers or images.
func metaRoutes(coll string, k metaKind) []route {
	return []route{
		{http.MethodGet, p(coll + "/*/metadata"),
			func(c *call, a []string) error { return c.listMeta(k, a) }},
		{http.MethodPut, p(coll + "/*/metadata"),
			func(c *call, a []string) error { return c.setMeta(k, a, false) }},
		{http.MethodPost, p(coll + "/*/metadata"),
			func(c *call, a []string) error { return c.setMeta(k, a, true) }},
		{http.MethodGet, p(coll + "/*/metadata/*"),
			func(c *call, a []string) error { return c.showMetaItem(k, a) }},
		{http.MethodPut, p(coll + "/*/metadata/*"),
			func(c *call, a []string) error { return c.putMetaItem(k, a) }},
		{http.MethodDelete, p(coll + "/*/metadata/*"),
			func(c *call, a []string) error { return c.deleteMetaItem(k, a) }},
	}
}

func init() {
	v21Routes = []route{
		{http.MethodGet, p("servers"), (*call).listServers},
		{http.MethodPost, p("servers"), (*call).createServer},
		{http.MethodGet, p("servers/detail"), (*call).listServersDetail},
		{http.MethodGet, p("servers/*"), (*call).showServer},
		{http.MethodPut, p("servers/*"), (*call).updateServer},
		{http.MethodDelete, p("servers/*"), (*call).deleteServer},
		{http.MethodPost, p("servers/*/action"), (*call).serverAction},
		{http.MethodGet, p("servers/*/ips"), (*call).serverIPs},
		{http.MethodGet, p("servers/*/ips/*"), (*call).serverNetworkIPs},
		{http.MethodGet, p("images"), (*call).listImages},
		{http.MethodGet, p("images/detail"), (*call).listImagesDetail},
		{http.MethodGet, p("images/*"), (*call).showImage},
		{http.MethodDelete, p("images/*"), (*call).deleteImage},
		{http.MethodGet, p("flavors"), (*call).listFlavors},
		{http.MethodGet, p("flavors/detail"), (*call).listFlavorsDetail},
		{http.MethodGet, p("flavors/*"), (*call).showFlavor},
		{http.MethodGet, p("flavors/*/os-extra_specs"), (*call).listFlavorExtraSpecs},
		{http.MethodGet, p("limits"), (*call).showLimits},
	}
	v21Routes = append(v21Routes, metaRoutes("servers", serverMeta)...)
	v21Routes = append(v21Routes, metaRoutes("images", imageMeta)...)
}
