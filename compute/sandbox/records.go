package sandbox

import (
	"time"
)

// serverRecord is a server as stored. What clients see (status, task, progress...) is
// computed from it and the current time by serverRecord.at.
type serverRecord struct {
	ID            string            `json:"id"`
	Seq           uint64            `json:"seq"`
	Name          string            `json:"name"`
	ImageID       string            `json:"image_id"`
	ImageSeq      uint64            `json:"image_seq"`
	FlavorID      string            `json:"flavor_id"`
	OldFlavorID   string            `json:"old_flavor_id,omitempty"`
	Metadata      map[string]string `json:"metadata"`
	Created       time.Time         `json:"created"`
	Updated       time.Time         `json:"updated"`
	LaunchedAt    *time.Time        `json:"launched_at,omitempty"`
	VMState       string            `json:"vm_state"`
	Task          string            `json:"task,omitempty"`
	TaskStart     time.Time         `json:"task_start"`
	TaskEnd       time.Time         `json:"task_end"`
	FailBuild     bool              `json:"fail_build,omitempty"`
	Fault         *faultRecord      `json:"fault,omitempty"`
	KeyName       *string           `json:"key_name,omitempty"`
	AZ            string            `json:"az"`
	AccessIPv4    string            `json:"access_ipv4"`
	AccessIPv6    string            `json:"access_ipv6"`
	ConfigDrive   string            `json:"config_drive"`
	DiskConfig    string            `json:"disk_config"`
	ReservationID string            `json:"reservation_id"`
	UserData      string            `json:"user_data,omitempty"`
	Files         []string          `json:"files,omitempty"`
	Addresses     serverAddresses   `json:"addresses"`
}

// serverAddresses are the fixed addresses given to a server when it is created.
type serverAddresses struct {
	PublicV4  string `json:"public_v4"`
	PublicV6  string `json:"public_v6"`
	PublicMAC string `json:"public_mac"`
	PrivateV4 string `json:"private_v4"`
	PrivMAC   string `json:"private_mac"`
}

// faultRecord is what Nova shows as "fault" on a server in ERROR.
type faultRecord struct {
	Code    int       `json:"code"`
	Message string    `json:"message"`
	Created time.Time `json:"created"`
}

// imageRecord is an image as stored; SAVING until ReadyAt, ACTIVE after.
type imageRecord struct {
	ID       string            `json:"id"`
	Seq      uint64            `json:"seq"`
	Name     string            `json:"name"`
	Created  time.Time         `json:"created"`
	Updated  time.Time         `json:"updated"`
	ReadyAt  time.Time         `json:"ready_at"`
	Size     int64             `json:"size"`
	MinRAM   int               `json:"min_ram"`
	MinDisk  int               `json:"min_disk"`
	Metadata map[string]string `json:"metadata"`
	ServerID string            `json:"server_id,omitempty"`
}

// active reports whether the image has finished saving at now.
func (im *imageRecord) active(now time.Time) bool {
	return !now.Before(im.ReadyAt)
}

// flavor is one of the fixed sandbox flavors.
type flavor struct {
	ID    string
	Name  string
	RAM   int
	VCPUs int
	Disk  int
}

// flavors are the sandbox's flavors, in id order.
var flavors = []flavor{
	{ID: "1", Name: "m1.tiny", RAM: 512, VCPUs: 1, Disk: 1},
	{ID: "2", Name: "m1.small", RAM: 2048, VCPUs: 1, Disk: 20},
	{ID: "3", Name: "m1.medium", RAM: 4096, VCPUs: 2, Disk: 40},
	{ID: "4", Name: "m1.large", RAM: 8192, VCPUs: 4, Disk: 80},
	{ID: "5", Name: "m1.xlarge", RAM: 16384, VCPUs: 8, Disk: 160},
}

// findFlavor returns the flavor with the given id.
func findFlavor(id string) (flavor, bool) {
	for _, f := range flavors {
		if f.ID == id {
			return f, true
		}
	}
	return flavor{}, false
}
