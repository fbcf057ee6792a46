// Package novagen writes large, realistic Nova "GET /servers/detail" responses for
// benchmarking the JSON pretty-printer. The output is deterministic for a given seed.
package novagen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
)

// names mixes ASCII and non-ASCII server names as real clouds have them.
var names = []string{
	"web", "db-primary", "cache", "worker", "ci-runner", "bastion", "kafka", "grafana",
	"serveur-équipe", "サーバー", "сервер-бд", "nœud-calcul",
	"búsqueda", "数据库", "🚀-launch",
}

var states = []string{"ACTIVE", "ACTIVE", "ACTIVE", "SHUTOFF", "BUILD", "ERROR", "PAUSED"}

var zones = []string{"nova", "az-1", "az-2", "zone-δ"}

// Write writes one servers/detail document of at least size bytes, compact as Nova sends
// it, followed by a newline.
func Write(w io.Writer, size int64, seed uint64) error {
	cw := &countingWriter{w: w}
	bw := bufio.NewWriterSize(cw, 1<<16)
	g := &generator{rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), w: bw}

	bw.WriteString(`{"servers":[`)
	for i := 0; cw.n+int64(bw.Buffered()) < size || i == 0; i++ {
		if i > 0 {
			bw.WriteByte(',')
		}
		g.server(i)
	}
	g.printf(`],"servers_links":[{"rel":"next","href":"%s/servers/detail?marker=%s"}]}`+"\n",
		computeURL, g.uuid())

	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write servers: %w", err)
	}
	return nil
}

const computeURL = "http://127.0.0.1:8774/v2.1"

type generator struct {
	rnd *rand.Rand
	w   *bufio.Writer
}

// server writes one server object in the shape of microversion 2.47+ detail output.
func (g *generator) server(i int) {
	id := g.uuid()
	name := fmt.Sprintf("%s-%05d", names[g.rnd.IntN(len(names))], i)
	g.printf(`{"id":"%s","name":%s,"status":"%s",`, id, strconv.Quote(name),
		states[g.rnd.IntN(len(states))])
	g.printf(`"tenant_id":"%s","user_id":"%s",`, g.hex(32), g.hex(32))
	g.metadata(i)
	g.printf(`"hostId":"%s",`, g.hex(56))
	g.printf(`"image":{"id":"%s","links":[{"rel":"bookmark",`+
		`"href":"http://127.0.0.1:8774/images/%[1]s"}]},`, g.uuid())
	g.flavor()
	g.printf(`"created":"2026-%02d-%02dT%02d:%02d:%02dZ","updated":"2026-12-03T17:18:51Z",`,
		1+g.rnd.IntN(12), 1+g.rnd.IntN(28), g.rnd.IntN(24), g.rnd.IntN(60), g.rnd.IntN(60))
	g.addresses()
	g.printf(`"accessIPv4":"","accessIPv6":"","links":[`+
		`{"rel":"self","href":"%s/servers/%s"},`+
		`{"rel":"bookmark","href":"http://127.0.0.1:8774/servers/%[2]s"}],`, computeURL, id)
	g.printf(`"OS-DCF:diskConfig":"MANUAL","progress":%d,"OS-EXT-AZ:availability_zone":%s,`,
		g.rnd.IntN(101), strconv.Quote(zones[g.rnd.IntN(len(zones))]))
	g.printf(`"config_drive":"","key_name":%s,`, g.keyName())
	g.printf(`"OS-SRV-USG:launched_at":"2026-12-03T17:18:51.000000",`+
		`"OS-SRV-USG:terminated_at":null,"OS-EXT-STS:task_state":null,`+
		`"OS-EXT-STS:vm_state":"active","OS-EXT-STS:power_state":%d,`, 1+g.rnd.IntN(4))
	g.volumes()
	g.printf(`"security_groups":[{"name":"default"},{"name":"web-%d"}],"locked":%t,`,
		g.rnd.IntN(9), g.rnd.IntN(2) == 0)
	g.printf(`"description":null,"tags":["env:prod","team:\u00e9quipe-%d"],`, g.rnd.IntN(50))
	g.printf(`"trusted_image_certificates":null,`)
	g.usage()
	g.w.WriteByte('}')
}

// usage writes counters with integers beyond 64 bits and exact decimals.
func (g *generator) usage() {
	g.printf(`"usage":{"bytes_in":%d%012d,"bytes_out":%d,`,
		18446745+g.rnd.IntN(1000000), g.rnd.Int64N(1e12), g.rnd.Uint64())
	g.printf(`"cpu_seconds":%d.%03d,"cost":1.0e-%d}`,
		g.rnd.IntN(1<<30), g.rnd.IntN(1000), 1+g.rnd.IntN(9))
}

func (g *generator) metadata(i int) {
	g.printf(`"metadata":{"created-by":"novalua","owner":"%s","ticket":"OPS-%d",`,
		names[g.rnd.IntN(len(names))], 1000+i)
	g.printf(`"note":"naïve café \u2014 déjà vu \"quoted\"\n","build":"%d"},`, g.rnd.Uint32())
}

func (g *generator) flavor() {
	vcpus := 1 << g.rnd.IntN(5)
	sizes := []string{"tiny", "small", "medium", "large", "xlarge"}
	g.printf(`"flavor":{"vcpus":%d,"ram":%d,"disk":%d,"ephemeral":0,"swap":0,`,
		vcpus, 512*vcpus, 20*vcpus)
	g.printf(`"original_name":"m1.%s","extra_specs":`, sizes[g.rnd.IntN(len(sizes))])
	g.printf(`{"hw:cpu_policy":"dedicated","hw_rng:allowed":"True"}},`)
}

func (g *generator) addresses() {
	g.printf(`"addresses":{"private":[{"version":4,"addr":"10.%d.%d.%d",`,
		g.rnd.IntN(256), g.rnd.IntN(256), g.rnd.IntN(256))
	g.printf(`"OS-EXT-IPS:type":"fixed","OS-EXT-IPS-MAC:mac_addr":"%s"}],`, g.mac())
	g.printf(`"public":[{"version":6,"addr":"2001:db8::%x",`, g.rnd.Uint32())
	g.printf(`"OS-EXT-IPS:type":"floating","OS-EXT-IPS-MAC:mac_addr":"%s"}]},`, g.mac())
}

func (g *generator) mac() string {
	return fmt.Sprintf("fa:16:3e:%02x:%02x:%02x", g.rnd.IntN(256), g.rnd.IntN(256), g.rnd.IntN(256))
}

func (g *generator) printf(format string, args ...any) {
	fmt.Fprintf(g.w, format, args...)
}

func (g *generator) volumes() {
	g.w.WriteString(`"os-extended-volumes:volumes_attached":[`)
	for v := g.rnd.IntN(3); v > 0; v-- {
		g.printf(`{"id":"%s","delete_on_termination":false}`, g.uuid())
		if v > 1 {
			g.w.WriteByte(',')
		}
	}
	g.w.WriteString("],")
}

func (g *generator) keyName() string {
	if g.rnd.IntN(3) == 0 {
		return "null"
	}
	return `"ops-key"`
}

func (g *generator) uuid() string {
	h := g.hex(32)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func (g *generator) hex(n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[g.rnd.IntN(16)]
	}
	return string(b)
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
