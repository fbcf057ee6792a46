package sandbox

import (
	"strings"
)

// Fixed catalog ids, so catalogs compare equal across runs.
const (
	identityServiceID = "3e7d2c1b0a9f4e8d7c6b5a4f3e2d1c0b"
	computeServiceID  = "9a8b7c6d5e4f4a3b2c1d0e9f8a7b6c5d"
)

var interfaces = []string{"public", "internal", "admin"}

// identityRoot is the identity listener without "/v3", e.g. "http://127.0.0.1:5000".
func (s *Sandbox) identityRoot() string {
	return strings.TrimSuffix(s.authURL, "/v3")
}

// computeRoot is the compute listener without "/v2.1".
func (s *Sandbox) computeRoot() string {
	return strings.TrimSuffix(s.computeURL, "/v2.1")
}

// v3Catalog is the catalog of a v3 token: Keystone itself, Nova and the image service.
func (s *Sandbox) v3Catalog() []any {
	return []any{
		v3Service(identityServiceID, "identity", "keystone", s.identityRoot()+"/v3/"),
		v3Service(computeServiceID, "compute", "nova", s.computeURL),
		v3Service(imageServiceID, "image", "glance", s.imageServiceURL()),
	}
}

func v3Service(id, typ, name, url string) map[string]any {
	var eps []any
	for i, iface := range interfaces {
		eps = append(eps, map[string]any{
			"id":        endpointID(id, i),
			"interface": iface,
			"region_id": regionName,
			"url":       url,
			"region":    regionName,
		})
	}
	return map[string]any{"endpoints": eps, "id": id, "type": typ, "name": name}
}

// endpointID derives a stable endpoint id from its service id and interface.
func endpointID(serviceID string, i int) string {
	return serviceID[:31] + string(rune('0'+i))
}

// v2Catalog is the serviceCatalog of a v2.0 token.
func (s *Sandbox) v2Catalog() []any {
	return []any{
		v2Service(computeServiceID, "compute", "nova", s.computeURL),
		v2Service(identityServiceID, "identity", "keystone", s.identityRoot()+"/v2.0"),
		v2Service(imageServiceID, "image", "glance", s.imageServiceURL()),
	}
}

func v2Service(id, typ, name, url string) map[string]any {
	ep := map[string]any{
		"adminURL":    url,
		"region":      regionName,
		"internalURL": url,
		"id":          endpointID(id, 0),
		"publicURL":   url,
	}
	return map[string]any{
		"endpoints": []any{ep}, "endpoints_links": []any{}, "type": typ, "name": name,
	}
}
