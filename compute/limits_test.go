package compute

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// novaLimits is the answer of a real Nova (Zed) to GET /limits at 2.1, with
// the book's limits.
const novaLimits = `{"limits": {"rate": [], "absolute": {"maxTotalInstances": 10,
	"maxTotalCores": 20, "maxTotalRAMSize": 51200, "maxServerMeta": 5, "maxImageMeta": 5,
	"maxPersonality": 5, "maxPersonalitySize": 10240, "maxTotalKeypairs": 100,
	"maxServerGroups": 10, "maxServerGroupMembers": 10, "maxTotalFloatingIps": -1,
	"maxSecurityGroups": -1, "maxSecurityGroupRules": -1, "totalRAMUsed": 512,
	"totalCoresUsed": 1, "totalInstancesUsed": 1, "totalFloatingIpsUsed": 0,
	"totalSecurityGroupsUsed": 0, "totalServerGroupsUsed": 0}}}`

func bookLimits(t *testing.T) Object {
	t.Helper()
	cloud := serve(t, exchange{method: http.MethodGet, path: "limits", status: 200,
		answer: novaLimits})
	limits, err := GetLimits(context.Background(), cloud)
	require.NoError(t, err)
	return limits
}

func TestGetLimits(t *testing.T) {
	limits := bookLimits(t)

	assert.Equal(t, []any{}, limits["rate"])
	max, ok := AbsoluteLimit(limits, "maxTotalRAMSize")
	assert.True(t, ok)
	assert.Equal(t, 51200, max)
	used, ok := AbsoluteLimit(limits, "totalRAMUsed")
	assert.True(t, ok)
	assert.Equal(t, 512, used)

	_, ok = AbsoluteLimit(limits, "maxSecurityGroups")
	assert.False(t, ok, "-1 means unlimited")
	_, ok = AbsoluteLimit(limits, "maxNothing")
	assert.False(t, ok)
}

func TestLimitChecks(t *testing.T) {
	limits := bookLimits(t)
	files := func(sizes ...int) map[string]int {
		m := map[string]int{}
		for i, size := range sizes {
			m["/etc/f"+string(rune('a'+i))] = size
		}
		return m
	}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"five server items", CheckMetadataCount(limits, "server", 5), ""},
		{"six server items", CheckMetadataCount(limits, "server", 6),
			"6 metadata items exceed the cloud's maxServerMeta of 5"},
		{"six image items", CheckMetadataCount(limits, "image", 6),
			"6 metadata items exceed the cloud's maxImageMeta of 5"},
		{"five files", CheckPersonality(limits, files(1, 2, 3, 4, 10240)), ""},
		{"six files", CheckPersonality(limits, files(1, 2, 3, 4, 5, 6)),
			"6 personality files exceed the cloud's maxPersonality of 5"},
		{"one big file", CheckPersonality(limits, files(1, 10241)),
			"the 10241 bytes of /etc/fb exceed the cloud's maxPersonalitySize of 10240"},
		{"no limits published", CheckPersonality(nil, files(1, 2, 3, 4, 5, 6, 99999)), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.want == "" {
				assert.NoError(t, tt.err)
				return
			}
			var limitErr *LimitError
			require.ErrorAs(t, tt.err, &limitErr)
			assert.EqualError(t, tt.err, tt.want)
		})
	}
}

func TestLimitErrorOfOne(t *testing.T) {
	err := &LimitError{Limit: "maxServerMeta", Max: 0, What: "1 metadata item", Count: 1}
	assert.EqualError(t, err, "1 metadata item exceeds the cloud's maxServerMeta of 0")
}
