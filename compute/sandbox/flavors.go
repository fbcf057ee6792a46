package sandbox

import (
	"net/http"
)

type flavorSummary struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Links []link `json:"links"`
}

type flavorDetail struct {
	ID         string  `json:"id"`
	Name       string  `json:"name"`
	RAM        int     `json:"ram"`
	Disk       int     `json:"disk"`
	Swap       string  `json:"swap"`
	Ephemeral  int     `json:"OS-FLV-EXT-DATA:ephemeral"`
	Disabled   bool    `json:"OS-FLV-DISABLED:disabled"`
	VCPUs      int     `json:"vcpus"`
	IsPublic   bool    `json:"os-flavor-access:is_public"`
	RxTxFactor float64 `json:"rxtx_factor"`
	Links      []link  `json:"links"`
}

func (c *call) flavorDetail(f flavor) flavorDetail {
	return flavorDetail{ID: f.ID, Name: f.Name, RAM: f.RAM, Disk: f.Disk, VCPUs: f.VCPUs,
		IsPublic: true, RxTxFactor: 1.0, Links: c.links("flavors", f.ID)}
}

// flavorView renders a flavor in the call's dialect.
func (c *call) flavorView(f flavor) any {
	if c.v11 {
		return flavorV11{ID: flavorNumber(f), Name: f.Name, RAM: f.RAM, Disk: f.Disk,
			VCPUs: f.VCPUs, Links: c.links("flavors", f.ID)}
	}
	return c.flavorDetail(f)
}

func (c *call) listFlavors(_ []string) error {
	out := []any{}
	for _, f := range flavors {
		links := c.links("flavors", f.ID)
		if c.v11 {
			out = append(out, flavorSummaryV11{ID: flavorNumber(f), Links: links, Name: f.Name})
			continue
		}
		out = append(out, flavorSummary{ID: f.ID, Name: f.Name, Links: links})
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"flavors": out})
	return nil
}

func (c *call) listFlavorsDetail(_ []string) error {
	out := []any{}
	for _, f := range flavors {
		out = append(out, c.flavorView(f))
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"flavors": out})
	return nil
}

func (c *call) showFlavor(args []string) error {
	f, ok := findFlavor(args[0])
	if !ok {
		return notFound("Flavor " + args[0] + " could not be found.")
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"flavor": c.flavorView(f)})
	return nil
}

// listFlavorExtraSpecs answers GET /flavors/{id}/os-extra_specs: sandbox flavors have
// none, but clients such as the openstack CLI ask for them at microversion 2.1.
func (c *call) listFlavorExtraSpecs(args []string) error {
	if _, ok := findFlavor(args[0]); !ok {
		return notFound("Flavor " + args[0] + " could not be found.")
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"extra_specs": map[string]string{}})
	return nil
}
