package sandbox

import (
	"time"
)

// Tasks a server can be busy with; each lasts a multiple of Options.BuildTime.
const (
	taskBuild      = "build"
	taskRebootSoft = "reboot_soft"
	taskRebootHard = "reboot_hard"
	taskRebuild    = "rebuild"
	taskResize     = "resize"
	taskRevert     = "revert_resize"
	taskSnapshot   = "snapshot"
)

// Nova's vm states the sandbox uses.
const (
	vmBuilding = "building"
	vmActive   = "active"
	vmResized  = "resized"
	vmError    = "error"
)

// Nova's power states.
const (
	powerNoState = 0
	powerRunning = 1
)

// taskScale is each task's duration in BuildTimes.
var taskScale = map[string]float64{
	taskBuild:      1,
	taskRebootSoft: 0.5,
	taskRebootHard: 0.5,
	taskRebuild:    1,
	taskResize:     1,
	taskRevert:     0.5,
	taskSnapshot:   0.5,
}

// taskPhase is one step of a task as Nova shows it.
type taskPhase struct {
	until  float64 // fraction of the task's duration at which this phase ends
	status string
	vm     string
	task   string
}

// taskPhases are the steps real Nova walks through, in order.
var taskPhases = map[string][]taskPhase{
	taskBuild: {
		{0.3, "BUILD", vmBuilding, "scheduling"},
		{0.6, "BUILD", vmBuilding, "networking"},
		{1, "BUILD", vmBuilding, "spawning"},
	},
	taskRebootSoft: {{1, "REBOOT", vmActive, "rebooting"}},
	taskRebootHard: {{1, "HARD_REBOOT", vmActive, "rebooting_hard"}},
	taskRebuild: {
		{0.5, "REBUILD", vmActive, "rebuilding"},
		{1, "REBUILD", vmActive, "rebuild_spawning"},
	},
	taskResize: {
		{0.25, "RESIZE", vmActive, "resize_prep"},
		{0.5, "RESIZE", vmActive, "resize_migrating"},
		{0.75, "RESIZE", vmActive, "resize_migrated"},
		{1, "RESIZE", vmActive, "resize_finish"},
	},
	taskRevert: {{1, "REVERT_RESIZE", vmResized, "resize_reverting"}},
	taskSnapshot: {
		{0.34, "ACTIVE", vmActive, "image_snapshot"},
		{0.67, "ACTIVE", vmActive, "image_pending_upload"},
		{1, "ACTIVE", vmActive, "image_uploading"},
	},
}

// settledStatus maps a vm state without a task to Nova's status.
var settledStatus = map[string]string{
	vmActive:   "ACTIVE",
	vmResized:  "VERIFY_RESIZE",
	vmError:    "ERROR",
	vmBuilding: "BUILD",
}

// taskDuration is how long a task lasts with the given build time.
func taskDuration(task string, build time.Duration) time.Duration {
	return time.Duration(float64(build) * taskScale[task])
}

// serverState is what a server looks like at one instant.
type serverState struct {
	Status   string
	VMState  string
	Task     *string
	Power    int
	Progress int
	// Placed is false while the build is still scheduling: no host and no addresses yet.
	Placed bool
}

// startTask records that the server begins task at now.
func (rec *serverRecord) startTask(task string, now time.Time, build time.Duration) {
	rec.Task = task
	rec.TaskStart = now
	rec.TaskEnd = now.Add(taskDuration(task, build))
	rec.Updated = now
}

// settle applies the outcome of a task that has ended by now, so that the stored record
// says what a client would see. It reports whether anything changed.
func (rec *serverRecord) settle(now time.Time) bool {
	if rec.Task == "" || now.Before(rec.TaskEnd) {
		return false
	}
	end := rec.TaskEnd
	switch rec.Task {
	case taskBuild:
		rec.VMState = vmActive
		if rec.FailBuild {
			rec.VMState = vmError
			rec.Fault = &faultRecord{Code: 500, Created: end, Message: "Build of instance " +
				rec.ID + " aborted: the sandbox fails builds of servers with this name."}
		} else {
			rec.LaunchedAt = &end
		}
	case taskResize:
		rec.VMState = vmResized
		rec.LaunchedAt = &end
	case taskRebuild, taskRevert:
		rec.VMState = vmActive
		rec.LaunchedAt = &end
	default:
		rec.VMState = vmActive
	}
	rec.Task = ""
	rec.Updated = end
	return true
}

// state computes the server's state at now without changing rec.
func (rec serverRecord) state(now time.Time) serverState {
	rec.settle(now)
	if rec.Task == "" {
		st := serverState{Status: settledStatus[rec.VMState], VMState: rec.VMState,
			Power: powerRunning, Placed: true}
		if rec.VMState == vmError {
			st.Power = powerNoState
		}
		return st
	}

	frac := 0.0
	if total := rec.TaskEnd.Sub(rec.TaskStart); total > 0 {
		frac = float64(now.Sub(rec.TaskStart)) / float64(total)
	}
	phases := taskPhases[rec.Task]
	ph := phases[len(phases)-1]
	for _, p := range phases {
		if frac < p.until {
			ph = p
			break
		}
	}

	task := ph.task
	st := serverState{Status: ph.status, VMState: ph.vm, Task: &task, Power: powerRunning,
		Placed: true}
	if rec.Task == taskBuild {
		st.Power = powerNoState
		st.Progress = min(99, int(frac*100))
		st.Placed = ph.task != "scheduling"
	}
	return st
}
