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
//	// Authenticate against sb.AuthURL() as sandbox.User / sandbox.Password, project
//	// sandbox.Project in domain "Default"; the catalog's compute endpoint is
//	// sb.ComputeURL().
//
// # State
//
// Server states are computed from stored timestamps rather than advanced by timers: a
// server created at T is ACTIVE from T+BuildTime on, in every process that shares the
// state directory and after restarts. Every change is one bbolt transaction, and the
// database is opened per transaction so that several processes can share one StateDir.
// Tokens are signed with a secret kept in the state, so a token from one process is
// good in another that shares the directory.
//
// # Dialects
//
// /v2.1 (and /v2.1/{project_id}) answers as Nova 2.1 does, with the bodies, status codes
// and fault messages recorded from a real Nova. /v1.1/{tenant} answers the requests of
// the OpenStack Compute API v1.1 book, with small integer ids next to a "uuid", over
// the same state.
//
// # Where the sandbox differs from Nova
//
//   - Only microversion 2.1 is served; asking for another one gets Nova's 406.
//   - Quota and per-server limits (instances, cores, RAM, metadata items, personality)
//     answer 413 overLimit with Retry-After, as the book describes; a current Nova
//     answers 403 for most of them.
//   - Every image belongs to the sandbox user, so every image's metadata can be
//     changed and every image deleted. (Metadata keys follow Nova's pattern: ASCII
//     letters, digits and "-_:. " only; values may hold any character.)
//   - The image service (Glance v2 under /image on the compute listener, in the catalog
//     as type "image") only lists and shows images, for clients such as the openstack
//     CLI; images are changed through the compute API. Image links have no "alternate"
//     glance link, and createImage's Location points at the image in the compute API.
//   - key_name is stored as given; there is no keypair API to check it against.
//   - Images are listed oldest first; Nova (through Glance) lists newest first.
//
// Options can also inject latency, 503 failures, 429 rate limiting, short token
// lifetimes and failing builds, so that clients can be tested against misbehaving clouds.
package sandbox
