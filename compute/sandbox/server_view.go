package sandbox

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// novaTime formats times as Nova's "created" and "updated".
func novaTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

// usageTime formats times as Nova's OS-SRV-USG attributes.
func usageTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000000")
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// sandboxHostID is Nova's hostId: a digest of the project and the host, so one project
// sees the same id for all its servers on one host.
var sandboxHostID = func() string {
	sum := sha256.Sum224([]byte(projectID + hostName))
	return hex.EncodeToString(sum[:])
}()

type address struct {
	Version int    `json:"version"`
	Addr    string `json:"addr"`
	Type    string `json:"OS-EXT-IPS:type,omitempty"`
	MAC     string `json:"OS-EXT-IPS-MAC:mac_addr,omitempty"`
}

type serverFault struct {
	Code    int    `json:"code"`
	Created string `json:"created"`
	Message string `json:"message"`
}

type securityGroup struct {
	Name string `json:"name"`
}

// serverBasic is the server body of PUT /servers/{id} and of rebuild at 2.1: no
// extension attributes, plain addresses.
type serverBasic struct {
	ID         string               `json:"id"`
	Name       string               `json:"name"`
	Status     string               `json:"status"`
	TenantID   string               `json:"tenant_id"`
	UserID     string               `json:"user_id"`
	Metadata   map[string]string    `json:"metadata"`
	HostID     string               `json:"hostId"`
	Image      resourceRef          `json:"image"`
	Flavor     resourceRef          `json:"flavor"`
	Created    string               `json:"created"`
	Updated    string               `json:"updated"`
	Addresses  map[string][]address `json:"addresses"`
	AccessIPv4 string               `json:"accessIPv4"`
	AccessIPv6 string               `json:"accessIPv6"`
	Links      []link               `json:"links"`
	DiskConfig string               `json:"OS-DCF:diskConfig"`
	Progress   int                  `json:"progress"`
	Fault      *serverFault         `json:"fault,omitempty"`
	AdminPass  string               `json:"adminPass,omitempty"`
}

// serverDetail is the server body of GET /servers/{id} and /servers/detail at 2.1.
type serverDetail struct {
	serverBasic
	AZ             string          `json:"OS-EXT-AZ:availability_zone"`
	ConfigDrive    string          `json:"config_drive"`
	KeyName        *string         `json:"key_name"`
	LaunchedAt     *string         `json:"OS-SRV-USG:launched_at"`
	TerminatedAt   *string         `json:"OS-SRV-USG:terminated_at"`
	SecurityGroups []securityGroup `json:"security_groups"`
	TaskState      *string         `json:"OS-EXT-STS:task_state"`
	VMState        string          `json:"OS-EXT-STS:vm_state"`
	PowerState     int             `json:"OS-EXT-STS:power_state"`
	Volumes        []any           `json:"os-extended-volumes:volumes_attached"`
}

// basicView renders rec at the call's instant; full adds Nova's extension fields to
// the addresses.
func (c *call) basicView(rec serverRecord, full bool) serverBasic {
	rec.settle(c.now)
	st := rec.state(c.now)
	v := serverBasic{
		ID: rec.ID, Name: rec.Name, Status: st.Status, TenantID: projectID, UserID: userID,
		Metadata:   nonNil(rec.Metadata),
		Image:      resourceRef{ID: rec.ImageID, Links: c.bookmarkOnly("images", rec.ImageID)},
		Flavor:     resourceRef{ID: rec.FlavorID, Links: c.bookmarkOnly("flavors", rec.FlavorID)},
		Created:    novaTime(rec.Created),
		Updated:    novaTime(rec.Updated),
		Addresses:  map[string][]address{},
		AccessIPv4: rec.AccessIPv4, AccessIPv6: rec.AccessIPv6,
		Links:      c.links("servers", c.serverRef(rec)),
		DiskConfig: rec.DiskConfig,
		Progress:   st.Progress,
	}
	if st.Placed {
		v.HostID = sandboxHostID
		v.Addresses = serverAddressMap(rec.Addresses, full)
	}
	if rec.Fault != nil && st.VMState == vmError {
		v.Fault = &serverFault{Code: rec.Fault.Code, Created: novaTime(rec.Fault.Created),
			Message: rec.Fault.Message}
	}
	return v
}

// fullView renders rec as GET /servers/{id} does in the call's dialect.
func (c *call) fullView(rec serverRecord) any {
	if c.v11 {
		return c.serverV11(rec)
	}
	return c.detailView(rec)
}

// changedView renders rec as PUT /servers/{id} and rebuild answer, with the admin
// password when there is one.
func (c *call) changedView(rec serverRecord, adminPass string) any {
	if c.v11 {
		v := c.serverV11(rec)
		v.AdminPass = adminPass
		return v
	}
	v := c.basicView(rec, false)
	v.AdminPass = adminPass
	return v
}

// detailView renders rec as GET /servers/{id} does at 2.1.
func (c *call) detailView(rec serverRecord) serverDetail {
	st := rec.state(c.now)
	rec.settle(c.now)
	d := serverDetail{
		serverBasic: c.basicView(rec, true),
		AZ:          rec.AZ, ConfigDrive: rec.ConfigDrive, KeyName: rec.KeyName,
		SecurityGroups: []securityGroup{{Name: "default"}},
		TaskState:      st.Task, VMState: st.VMState, PowerState: st.Power,
		Volumes: []any{},
	}
	if rec.LaunchedAt != nil {
		s := usageTime(*rec.LaunchedAt)
		d.LaunchedAt = &s
	}
	return d
}

func (c *call) bookmarkOnly(parts ...string) []link {
	return []link{{Rel: "bookmark", Href: c.bookmarkLink(parts...)}}
}

// serverAddressMap lists the server's addresses by network.
func serverAddressMap(a serverAddresses, full bool) map[string][]address {
	pub := []address{{Version: 4, Addr: a.PublicV4}, {Version: 6, Addr: a.PublicV6}}
	priv := []address{{Version: 4, Addr: a.PrivateV4}}
	if full {
		for i := range pub {
			pub[i].Type, pub[i].MAC = "fixed", a.PublicMAC
		}
		priv[0].Type, priv[0].MAC = "fixed", a.PrivMAC
	}
	return map[string][]address{"public": pub, "private": priv}
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
