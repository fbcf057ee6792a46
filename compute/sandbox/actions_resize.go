package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"

	bolt "go.etcd.io/bbolt"
)

func (c *call) resize(tx *bolt.Tx, rec *serverRecord, arg json.RawMessage) (func(), error) {
	f, err := actionFields("resize", arg)
	if err != nil {
		return nil, err
	}
	if err := requireField(f, "resize", arg, "flavorRef"); err != nil {
		return nil, err
	}
	ref, err := f.stringOrInt("flavorRef")
	if err != nil {
		return nil, err
	}
	if err := c.requireState(rec, "resize", []string{vmActive}); err != nil {
		return nil, err
	}
	next, ok := findFlavor(lastSegment(ref))
	if !ok {
		return nil, badRequest("Unable to locate requested flavor.")
	}
	if next.ID == rec.FlavorID {
		return nil, badRequest("When resizing, instances must change flavor!")
	}
	if err := c.checkResizeQuota(tx, rec.FlavorID, next); err != nil {
		return nil, err
	}

	rec.OldFlavorID, rec.FlavorID = rec.FlavorID, next.ID
	rec.startTask(taskResize, c.now, c.s.opts.BuildTime)
	return c.accepted(), nil
}

// checkResizeQuota checks that growing from the current flavor fits the limits.
func (c *call) checkResizeQuota(tx *bolt.Tx, currentID string, next flavor) error {
	used, err := projectUsage(tx)
	if err != nil {
		return err
	}
	cur, _ := findFlavor(currentID)
	lim := c.s.opts.Limits
	checks := []struct {
		name        string
		delta, used int
		allowed     int
	}{
		{"cores", next.VCPUs - cur.VCPUs, used.cores, lim.MaxTotalCores},
		{"ram", next.RAM - cur.RAM, used.ram, lim.MaxTotalRAMSize},
	}
	for _, q := range checks {
		if q.allowed >= 0 && q.delta > 0 && q.used+q.delta > q.allowed {
			return overLimit(fmt.Sprintf("Quota exceeded for %s: Requested %d, but already "+
				"used %d of %d %s", q.name, q.delta, q.used, q.allowed, q.name))
		}
	}
	return nil
}

func (c *call) confirmResize(_ *bolt.Tx, rec *serverRecord, _ json.RawMessage) (func(), error) {
	if err := c.requireState(rec, "confirmResize", []string{vmResized}); err != nil {
		return nil, err
	}
	rec.VMState, rec.OldFlavorID, rec.Updated = vmActive, "", c.now
	return func() { writeEmpty(c.w, http.StatusNoContent) }, nil
}

func (c *call) revertResize(_ *bolt.Tx, rec *serverRecord, _ json.RawMessage) (func(), error) {
	if err := c.requireState(rec, "revertResize", []string{vmResized}); err != nil {
		return nil, err
	}
	rec.FlavorID, rec.OldFlavorID = rec.OldFlavorID, ""
	rec.startTask(taskRevert, c.now, c.s.opts.BuildTime)
	return c.accepted(), nil
}
