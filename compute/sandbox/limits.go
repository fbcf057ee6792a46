package sandbox

import (
	"net/http"

	bolt "go.etcd.io/bbolt"
)

// absoluteLimits is the "absolute" object of GET /limits at 2.1.
type absoluteLimits struct {
	MaxTotalInstances       int `json:"maxTotalInstances"`
	MaxTotalCores           int `json:"maxTotalCores"`
	MaxTotalRAMSize         int `json:"maxTotalRAMSize"`
	MaxServerMeta           int `json:"maxServerMeta"`
	MaxImageMeta            int `json:"maxImageMeta"`
	MaxPersonality          int `json:"maxPersonality"`
	MaxPersonalitySize      int `json:"maxPersonalitySize"`
	MaxTotalKeypairs        int `json:"maxTotalKeypairs"`
	MaxServerGroups         int `json:"maxServerGroups"`
	MaxServerGroupMembers   int `json:"maxServerGroupMembers"`
	MaxTotalFloatingIps     int `json:"maxTotalFloatingIps"`
	MaxSecurityGroups       int `json:"maxSecurityGroups"`
	MaxSecurityGroupRules   int `json:"maxSecurityGroupRules"`
	TotalRAMUsed            int `json:"totalRAMUsed"`
	TotalCoresUsed          int `json:"totalCoresUsed"`
	TotalInstancesUsed      int `json:"totalInstancesUsed"`
	TotalFloatingIpsUsed    int `json:"totalFloatingIpsUsed"`
	TotalSecurityGroupsUsed int `json:"totalSecurityGroupsUsed"`
	TotalServerGroupsUsed   int `json:"totalServerGroupsUsed"`
}

// showLimits answers GET /limits with the configured limits and the current usage.
func (c *call) showLimits(_ []string) error {
	var used usage
	err := c.s.store.view(func(tx *bolt.Tx) error {
		var err error
		used, err = projectUsage(tx)
		return err
	})
	if err != nil {
		return err
	}

	l := c.s.opts.Limits
	abs := absoluteLimits{
		MaxTotalInstances: l.MaxTotalInstances, MaxTotalCores: l.MaxTotalCores,
		MaxTotalRAMSize: l.MaxTotalRAMSize, MaxServerMeta: l.MaxServerMeta,
		MaxImageMeta: l.MaxImageMeta, MaxPersonality: l.MaxPersonality,
		MaxPersonalitySize: l.MaxPersonalitySize, MaxTotalKeypairs: l.MaxTotalKeypairs,
		MaxServerGroups: l.MaxServerGroups, MaxServerGroupMembers: l.MaxServerGroupMembers,
		MaxTotalFloatingIps: l.MaxTotalFloatingIps, MaxSecurityGroups: l.MaxSecurityGroups,
		MaxSecurityGroupRules: l.MaxSecurityGroupRules,
		TotalRAMUsed:          used.ram, TotalCoresUsed: used.cores,
		TotalInstancesUsed: used.instances,
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"limits": map[string]any{
		"rate": []any{}, "absolute": abs,
	}})
	return nil
}
