package sandbox

import (
	"encoding/json"
	"net/http"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// actionFunc changes a server that has been loaded and settled inside the transaction.
// It returns the function that writes the answer once the transaction has committed.
type actionFunc func(c *call, tx *bolt.Tx, rec *serverRecord, body json.RawMessage) (
	func(), error)

// serverActions are the actions POST /servers/{id}/action knows, by body key.
var serverActions map[string]actionFunc

func init() {
	serverActions = map[string]actionFunc{
		"reboot":         (*call).reboot,
		"rebuild":        (*call).rebuild,
		"resize":         (*call).resize,
		"confirmResize":  (*call).confirmResize,
		"revertResize":   (*call).revertResize,
		"changePassword": (*call).changePassword,
		"createImage":    (*call).createImage,
	}
}

// serverAction answers POST /servers/{id}/action: one body key names the action.
func (c *call) serverAction(args []string) error {
	var body map[string]json.RawMessage
	if err := json.Unmarshal(bodyBytes(c.r), &body); err != nil || len(body) != 1 {
		return badRequest("Malformed request body")
	}
	var name string
	var arg json.RawMessage
	for name, arg = range body {
	}
	act, ok := serverActions[name]
	if !ok {
		return badRequest("There is no such action: " + name)
	}

	var answer func()
	err := c.s.store.update(func(tx *bolt.Tx) error {
		var rec serverRecord
		if err := loadServer(tx, args[0], &rec); err != nil {
			return err
		}
		rec.settle(c.now)
		var err error
		if answer, err = act(c, tx, &rec, arg); err != nil {
			return err
		}
		return putJSON(tx.Bucket(bucketServers), rec.ID, rec)
	})
	if err != nil {
		return err
	}
	answer()
	return nil
}

// requireState is Nova's check_instance_state: the vm state must be one of vms and there
// must be no task unless tasks lists it ("" stands for no task).
func (c *call) requireState(rec *serverRecord, action string, vms []string,
	tasks ...string) error {
	if !slices.Contains(vms, rec.VMState) {
		return conflict("Cannot '" + action + "' instance " + rec.ID +
			" while it is in vm_state " + rec.VMState)
	}
	if rec.Task == "" || slices.Contains(tasks, rec.Task) {
		return nil
	}
	return conflict("Cannot '" + action + "' instance " + rec.ID +
		" while it is in task_state " + *rec.state(c.now).Task)
}

func (c *call) accepted() func() {
	return func() { writeEmpty(c.w, http.StatusAccepted) }
}

// actionFields decodes an action's argument object.
func actionFields(name string, arg json.RawMessage) (*fields, error) {
	if len(arg) == 0 || arg[0] != '{' {
		return nil, invalid(name, arg, notType(arg, "'object'"))
	}
	return decodeFields(arg, name)
}

// requireField reports Nova's error for a missing required property.
func requireField(f *fields, action string, arg json.RawMessage, keys ...string) error {
	for _, k := range keys {
		if _, ok := f.raw[k]; !ok {
			return invalid(action, arg, pyString(k)+" is a required property")
		}
	}
	return nil
}

var rebootTypes = []string{"HARD", "Hard", "hard", "SOFT", "Soft", "soft"}

func (c *call) reboot(_ *bolt.Tx, rec *serverRecord, arg json.RawMessage) (func(), error) {
	f, err := actionFields("reboot", arg)
	if err != nil {
		return nil, err
	}
	if err := requireField(f, "reboot", arg, "type"); err != nil {
		return nil, err
	}
	typ, _, err := f.str("type")
	if err != nil {
		return nil, err
	}
	if !slices.Contains(rebootTypes, typ) {
		return nil, invalid("type", f.raw["type"], pyString(typ)+" is not one of "+
			"['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']")
	}

	task := taskRebootSoft
	if typ == "HARD" || typ == "Hard" || typ == "hard" {
		task = taskRebootHard
		err = c.requireState(rec, "reboot", []string{vmActive, vmError}, taskRebootSoft,
			taskRebootHard)
	} else {
		err = c.requireState(rec, "reboot", []string{vmActive})
	}
	if err != nil {
		return nil, err
	}
	rec.VMState, rec.Fault = vmActive, nil
	rec.startTask(task, c.now, c.s.opts.BuildTime)
	return c.accepted(), nil
}

func (c *call) changePassword(_ *bolt.Tx, rec *serverRecord, arg json.RawMessage) (
	func(), error) {
	f, err := actionFields("changePassword", arg)
	if err != nil {
		return nil, err
	}
	if err := requireField(f, "changePassword", arg, "adminPass"); err != nil {
		return nil, err
	}
	if _, _, err := f.str("adminPass"); err != nil {
		return nil, err
	}
	if err := c.requireState(rec, "changePassword", []string{vmActive}); err != nil {
		return nil, err
	}
	// The sandbox keeps no guest, so like Nova's fake driver it accepts and forgets it.
	return c.accepted(), nil
}
