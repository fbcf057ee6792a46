// Package sandbox is a small, faithful OpenStack cloud for trying novalua without a real
// one: Keystone (identity v3 and the legacy v2.0 token call) and Nova (compute API 2.1)
// served over real HTTP on 127.0.0.1, with state kept in a bbolt file.
//
// Start runs both services and returns once they listen:
//
//	sb, err := sandbox.Start(ctx, sandbox.Options{BuildTime: 50 * time.Millisecond})
//	if err != nil {
//		return err
//	}
//	defer sb.Close()
//	// authenticate against sb.AuthURL() as sandbox.User / sandbox.Password,
//	// project sandbox.Project in domain "Default".
//
// Server states are computed from stored timestamps rather than advanced by timers: a
// server created at T is ACTIVE from T+BuildTime on, in every process that shares the
// state directory and after restarts. Every change is one bbolt transaction, and the
// database is opened per transaction so that several processes can share one StateDir.
//
// Options can also inject latency, 503 failures, 429 rate limiting, short token
// lifetimes and failing builds, so that clients can be tested against misbehaving clouds.
package sandbox
