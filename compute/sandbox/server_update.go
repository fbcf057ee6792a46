package sandbox

import (
	"net/http"

	bolt "go.etcd.io/bbolt"
)

var serverUpdateFields = map[string]bool{
	"name": true, "accessIPv4": true, "accessIPv6": true, "OS-DCF:diskConfig": true,
}

// updateServer answers PUT /servers/{id}: rename, access addresses, disk config.
func (c *call) updateServer(args []string) error {
	server, err := requireObject(bodyBytes(c.r), "server")
	if err != nil {
		return err
	}
	f, err := decodeFields(server, "server")
	if err != nil {
		return err
	}
	for _, k := range f.order {
		if !serverUpdateFields[k] {
			return invalid("server", server, "Additional properties are not allowed ("+
				pyString(k)+" was unexpected)")
		}
	}
	change, err := parseServerUpdate(f)
	if err != nil {
		return err
	}

	var rec serverRecord
	err = c.s.store.update(func(tx *bolt.Tx) error {
		if err := loadServer(tx, args[0], &rec); err != nil {
			return err
		}
		rec.settle(c.now)
		change(&rec)
		rec.Updated = c.now
		return putJSON(tx.Bucket(bucketServers), rec.ID, rec)
	})
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"server": c.changedView(rec, "")})
	return nil
}

// parseServerUpdate validates every field before returning the change to apply.
func parseServerUpdate(f *fields) (func(*serverRecord), error) {
	var steps []func(*serverRecord)
	if _, ok := f.raw["name"]; ok {
		name, err := f.name("name")
		if err != nil {
			return nil, err
		}
		steps = append(steps, func(r *serverRecord) { r.Name = name })
	}
	for key, version := range map[string]int{"accessIPv4": 4, "accessIPv6": 6} {
		if _, ok := f.raw[key]; !ok {
			continue
		}
		ip, err := f.ip(key, version)
		if err != nil {
			return nil, err
		}
		if version == 4 {
			steps = append(steps, func(r *serverRecord) { r.AccessIPv4 = ip })
		} else {
			steps = append(steps, func(r *serverRecord) { r.AccessIPv6 = ip })
		}
	}
	dc, err := f.diskConfig("OS-DCF:diskConfig")
	if err != nil {
		return nil, err
	}
	if dc != "" {
		steps = append(steps, func(r *serverRecord) { r.DiskConfig = dc })
	}
	return func(r *serverRecord) {
		for _, s := range steps {
			s(r)
		}
	}, nil
}

// serverIPs answers GET /servers/{id}/ips.
func (c *call) serverIPs(args []string) error {
	rec, err := c.readServer(args[0])
	if err != nil {
		return err
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"addresses": c.plainAddresses(rec)})
	return nil
}

// serverNetworkIPs answers GET /servers/{id}/ips/{network}.
func (c *call) serverNetworkIPs(args []string) error {
	rec, err := c.readServer(args[0])
	if err != nil {
		return err
	}
	addrs, ok := c.plainAddresses(rec)[args[1]]
	if !ok {
		return notFound("Instance is not a member of specified network")
	}
	body := map[string]any{args[1]: addrs}
	if c.v11 {
		body = map[string]any{"addresses": body}
	}
	writeJSON(c.w, http.StatusOK, body)
	return nil
}

func (c *call) plainAddresses(rec serverRecord) map[string][]address {
	if !rec.state(c.now).Placed {
		return map[string][]address{}
	}
	return serverAddressMap(rec.Addresses, false)
}
