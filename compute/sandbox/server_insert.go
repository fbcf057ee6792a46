package sandbox

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"path"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// checkRequestLimits applies the per-server limits: metadata items and personality.
func (c *call) checkRequestLimits(meta map[string]string, files []personalityFile) error {
	lim := c.s.opts.Limits
	if len(meta) > lim.MaxServerMeta {
		return overLimit(fmt.Sprintf("Maximum number of metadata items exceeds %d",
			lim.MaxServerMeta))
	}
	if len(files) > lim.MaxPersonality {
		return overLimit("Personality file limit exceeded")
	}
	for _, f := range files {
		if f.Size > lim.MaxPersonalitySize {
			return overLimit(fmt.Sprintf("Personality file content exceeds maximum %d",
				lim.MaxPersonalitySize))
		}
	}
	return nil
}

// usage is what the project's servers consume.
type usage struct {
	instances, cores, ram int
}

// projectUsage adds up every server, whatever its state, as Nova's quota does.
func projectUsage(tx *bolt.Tx) (usage, error) {
	var u usage
	err := tx.Bucket(bucketServers).ForEach(func(k, v []byte) error {
		// Only the flavor counts; decoding just it keeps creates cheap with many servers.
		var rec struct {
			FlavorID string `json:"flavor_id"`
		}
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("decode record %s: %w", k, err)
		}
		fl, _ := findFlavor(rec.FlavorID)
		u.instances++
		u.cores += fl.VCPUs
		u.ram += fl.RAM
		return nil
	})
	return u, err
}

// quotaRoom returns how many more servers of fl fit, up to want; an error names the
// first resource that does not have room for min servers.
func (c *call) quotaRoom(used usage, fl flavor, minCount, want int) (int, error) {
	lim := c.s.opts.Limits
	checks := []struct {
		name      string
		per, used int
		allowed   int
	}{
		{"instances", 1, used.instances, lim.MaxTotalInstances},
		{"cores", fl.VCPUs, used.cores, lim.MaxTotalCores},
		{"ram", fl.RAM, used.ram, lim.MaxTotalRAMSize},
	}
	room := want
	for _, q := range checks {
		if q.allowed < 0 {
			continue
		}
		fit := (q.allowed - q.used) / q.per
		if fit < minCount {
			return 0, overLimit(fmt.Sprintf("Quota exceeded for %s: Requested %d, but "+
				"already used %d of %d %s", q.name, q.per*minCount, q.used, q.allowed, q.name))
		}
		room = min(room, fit)
	}
	return room, nil
}

// insertServers creates the servers of one request in one transaction.
func (c *call) insertServers(tx *bolt.Tx, req *createRequest) ([]serverRecord, error) {
	if err := c.checkRequestLimits(req.metadata, req.files); err != nil {
		return nil, err
	}
	used, err := projectUsage(tx)
	if err != nil {
		return nil, err
	}
	n, err := c.quotaRoom(used, req.flavor, req.minCount, req.maxCount)
	if err != nil {
		return nil, err
	}

	req.reservationID = "r-" + randomString(8, lowerAlnum)
	var out []serverRecord
	for i := 1; i <= n; i++ {
		rec, err := c.insertServer(tx, req, i)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil
}

func (c *call) insertServer(tx *bolt.Tx, req *createRequest, index int) (serverRecord, error) {
	servers := tx.Bucket(bucketServers)
	seq, err := servers.NextSequence()
	if err != nil {
		return serverRecord{}, err
	}
	rec := c.newServerRecord(req, seq)
	if req.maxCount > 1 {
		rec.Name = req.name + "-" + strconv.Itoa(index)
	}
	rec.FailBuild = c.s.failsBuild(rec.Name)
	rec.startTask(taskBuild, c.now, c.s.opts.BuildTime)

	if err := putJSON(servers, rec.ID, rec); err != nil {
		return serverRecord{}, err
	}
	return rec, tx.Bucket(bucketServerSeq).Put(seqKey(seq), []byte(rec.ID))
}

func (c *call) newServerRecord(req *createRequest, seq uint64) serverRecord {
	host := (seq-1)%254 + 1
	var files []string
	for _, f := range req.files {
		files = append(files, f.Path)
	}
	return serverRecord{
		ID: newUUID(), Seq: seq, Name: req.name, ImageID: req.image.ID, ImageSeq: req.image.Seq,
		FlavorID: req.flavor.ID, Metadata: req.metadata, Created: c.now, Updated: c.now,
		VMState: vmBuilding, KeyName: req.keyName, AZ: req.az,
		AccessIPv4: req.accessIPv4, AccessIPv6: req.accessIPv6,
		ConfigDrive: req.configDrive, DiskConfig: req.diskConfig,
		ReservationID: req.reservationID, UserData: req.userData, Files: files,
		Addresses: serverAddresses{
			PublicV4:  fmt.Sprintf("198.51.100.%d", host),
			PublicV6:  fmt.Sprintf("2001:db8::%x", seq),
			PublicMAC: newMAC(),
			PrivateV4: fmt.Sprintf("192.0.2.%d", host),
			PrivMAC:   newMAC(),
		},
	}
}

// failsBuild reports whether FailBuilds matches the server name.
func (s *Sandbox) failsBuild(name string) bool {
	if s.opts.FailBuilds == "" {
		return false
	}
	ok, _ := path.Match(s.opts.FailBuilds, name)
	return ok
}

const (
	lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	alnum      = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
)

func randomString(n int, alphabet string) string {
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// newPassword returns a 12-character admin password, like Nova's generated ones.
func newPassword() string {
	return randomString(12, alnum)
}

func newMAC() string {
	var b [3]byte
	rand.Read(b[:])
	return fmt.Sprintf("fa:16:3e:%02x:%02x:%02x", b[0], b[1], b[2])
}
