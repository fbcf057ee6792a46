package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// serverCreateFields are the fields Nova 2.1 accepts in a create request.
var serverCreateFields = map[string]bool{
	"name": true, "imageRef": true, "flavorRef": true, "adminPass": true, "metadata": true,
	"networks": true, "OS-DCF:diskConfig": true, "accessIPv4": true, "accessIPv6": true,
	"personality": true, "availability_zone": true, "block_device_mapping": true,
	"block_device_mapping_v2": true, "config_drive": true, "key_name": true,
	"min_count": true, "max_count": true, "return_reservation_id": true,
	"security_groups": true, "user_data": true,
}

// createRequest is a validated create request.
type createRequest struct {
	name          string
	imageRef      string
	flavorRef     string
	adminPass     string
	metadata      map[string]string
	files         []personalityFile
	minCount      int
	maxCount      int
	returnResID   bool
	az            string
	keyName       *string
	userData      string
	accessIPv4    string
	accessIPv6    string
	configDrive   string
	diskConfig    string
	flavor        flavor
	image         imageRecord
	reservationID string
}

// createServer answers POST /servers.
func (c *call) createServer(_ []string) error {
	req, err := c.parseCreate()
	if err != nil {
		return err
	}
	if err := c.resolveCreate(req); err != nil {
		return err
	}

	var created []serverRecord
	err = c.s.store.update(func(tx *bolt.Tx) error {
		var err error
		created, err = c.insertServers(tx, req)
		return err
	})
	if err != nil {
		return err
	}
	c.answerCreate(req, created)
	return nil
}

func (c *call) answerCreate(req *createRequest, created []serverRecord) {
	if req.returnResID {
		writeJSON(c.w, http.StatusAccepted, map[string]any{"reservation_id": req.reservationID})
		return
	}
	first := created[0]
	c.w.Header().Set("Location", c.link("servers", c.serverRef(first)))
	if c.v11 {
		writeJSON(c.w, http.StatusAccepted, map[string]any{
			"server": c.changedView(first, req.adminPass),
		})
		return
	}
	writeJSON(c.w, http.StatusAccepted, map[string]any{"server": map[string]any{
		"id":                first.ID,
		"links":             c.links("servers", first.ID),
		"OS-DCF:diskConfig": first.DiskConfig,
		"security_groups":   []securityGroup{{Name: "default"}},
		"adminPass":         req.adminPass,
	}})
}

// parseCreate checks the request body as Nova's schema does.
func (c *call) parseCreate() (*createRequest, error) {
	server, err := requireObject(bodyBytes(c.r), "server")
	if err != nil {
		return nil, err
	}
	f, err := decodeFields(server, "server")
	if err != nil {
		return nil, err
	}
	for _, req := range []string{"name", "flavorRef"} {
		if _, ok := f.raw[req]; !ok {
			return nil, badRequest(fmt.Sprintf("Invalid input for field/attribute server. "+
				"Value: %s. '%s' is a required property", pyRepr(server), req))
		}
	}
	for _, k := range f.order {
		if !serverCreateFields[k] {
			return nil, badRequest(fmt.Sprintf("Invalid input for field/attribute server. "+
				"Value: %s. Additional properties are not allowed (%s was unexpected)",
				pyRepr(server), pyString(k)))
		}
	}
	return parseCreateFields(f)
}

func parseCreateFields(f *fields) (*createRequest, error) {
	req := &createRequest{minCount: 1, maxCount: 1, az: azName, diskConfig: "MANUAL"}
	steps := []func(*fields, *createRequest) error{
		parseCreateBasics, parseCreateCounts, parseCreateExtras, parseCreateFiles,
	}
	for _, step := range steps {
		if err := step(f, req); err != nil {
			return nil, err
		}
	}
	if req.adminPass == "" {
		req.adminPass = newPassword()
	}
	return req, nil
}

func parseCreateBasics(f *fields, req *createRequest) error {
	var err error
	if req.name, err = f.name("name"); err != nil {
		return err
	}
	if req.imageRef, err = f.optString("imageRef", 0, -1); err != nil {
		return err
	}
	if req.flavorRef, err = f.stringOrInt("flavorRef"); err != nil {
		return err
	}
	if req.adminPass, err = f.optString("adminPass", 0, -1); err != nil {
		return err
	}
	req.metadata, err = f.metadata("metadata")
	return err
}

func parseCreateCounts(f *fields, req *createRequest) error {
	var err error
	if req.minCount, err = f.positiveInt("min_count", 1); err != nil {
		return err
	}
	if req.maxCount, err = f.positiveInt("max_count", req.minCount); err != nil {
		return err
	}
	if req.minCount > req.maxCount {
		return badRequest("min_count must be <= max_count")
	}
	req.returnResID, err = f.boolean("return_reservation_id")
	return err
}

func parseCreateExtras(f *fields, req *createRequest) error {
	var err error
	if req.az, err = f.optString("availability_zone", 1, 255); err != nil {
		return err
	}
	if req.az == "" {
		req.az = azName
	}
	if req.az != azName {
		return badRequest("The requested availability zone is not available")
	}
	if key, err := f.optString("key_name", 1, 255); err != nil {
		return err
	} else if key != "" {
		req.keyName = &key
	}
	if req.userData, err = f.userData("user_data"); err != nil {
		return err
	}
	if req.accessIPv4, err = f.ip("accessIPv4", 4); err != nil {
		return err
	}
	if req.accessIPv6, err = f.ip("accessIPv6", 6); err != nil {
		return err
	}
	if req.configDrive, err = f.configDrive("config_drive"); err != nil {
		return err
	}
	if dc, err := f.diskConfig("OS-DCF:diskConfig"); err != nil {
		return err
	} else if dc != "" {
		req.diskConfig = dc
	}
	return nil
}

// resolveCreate finds the flavor and the image, in Nova's order.
func (c *call) resolveCreate(req *createRequest) error {
	imageID, err := parseImageRef(req.imageRef)
	if err != nil {
		return err
	}
	fl, ok := findFlavor(lastSegment(req.flavorRef))
	if !ok {
		return badRequest("Flavor " + lastSegment(req.flavorRef) + " could not be found.")
	}
	req.flavor = fl

	err = c.s.store.view(func(tx *bolt.Tx) error {
		return loadImageRef(tx, imageID, &req.image)
	})
	if err != nil {
		return err
	}
	if !req.image.active(c.now) {
		return badRequest("Image " + req.image.ID + " is not active.")
	}
	return nil
}

// parseImageRef takes the image id out of an id or a full href.
func parseImageRef(ref string) (string, error) {
	if ref == "" {
		return "", badRequest("Block Device Mapping is Invalid: Boot sequence for the " +
			"instance and image/block device mapping combination is not valid.")
	}
	id := lastSegment(ref)
	if id == "" || !(isUUIDLike(id) || isNumber(id)) {
		return "", badRequest("Invalid imageRef provided.")
	}
	return id, nil
}

// loadImageRef reads the image an imageRef names: a uuid, or a number as in the book.
func loadImageRef(tx *bolt.Tx, id string, im *imageRecord) error {
	if isNumber(id) {
		n, _ := strconv.ParseUint(id, 10, 64)
		if v := tx.Bucket(bucketImageSeq).Get(seqKey(n)); v != nil {
			id = string(v)
		}
	}
	found, err := getJSON(tx.Bucket(bucketImages), id, im)
	if err != nil {
		return err
	}
	if !found {
		return badRequest("Can not find requested image")
	}
	return nil
}

func lastSegment(ref string) string {
	return path.Base(ref)
}

func isNumber(s string) bool {
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

func isUUIDLike(s string) bool {
	hex := bytes.Count([]byte(s), []byte("-"))
	return len(s)-hex == 32 && (hex == 0 || hex == 4)
}

// requireObject decodes body as an object holding the object key, Nova's outer shape.
func requireObject(body []byte, key string) (json.RawMessage, error) {
	var outer map[string]json.RawMessage
	if err := json.Unmarshal(body, &outer); err != nil {
		return nil, badRequest("Malformed request body")
	}
	inner, ok := outer[key]
	if !ok {
		return nil, badRequest(fmt.Sprintf("'%s' is a required property", key))
	}
	if len(inner) == 0 || inner[0] != '{' {
		return nil, badRequest(fmt.Sprintf("Invalid input for field/attribute %s. Value: %s."+
			" %s is not of type 'object'", key, pyRepr(inner), pyRepr(inner)))
	}
	return inner, nil
}
