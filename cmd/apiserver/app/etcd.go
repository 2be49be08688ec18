package app

import (
	"fmt"
	"net/url"
	"os"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
)

// embeddedEtcdMaxRequestBytes is 4 MiB, against etcd's default 1.5 MiB:
// the API server writes values of up to compression.MaxStoredBytes (its
// etcd client sends 2 MiB at most), and etcd must not refuse those between
// 1.5 and 2 MiB, such as the compressed status of a workflow of 60,000 nodes.
const embeddedEtcdMaxRequestBytes = 4 << 20

// embeddedEtcdCatchUpEntries is how many raft entries etcd keeps in memory
// after compacting its log, for followers that lag: the embedded member has
// none. etcd's default of 5,000 would hold 7 GB of the 1.4 MB status writes
// of a 50,000-node workflow; measured with 1.4 MB writes, the member's RSS
// grew by 3.5 MB per write with the default and by 1.2 MB with 10, the rest
// being history, which the API server compacts every 5 minutes.
const embeddedEtcdCatchUpEntries = 10

// embeddedEtcd is an etcd member run inside weft-apiserver, listening on
// loopback only, for a single replica that needs no etcd cluster.
type embeddedEtcd struct {
	etcd *embed.Etcd
}

// startEmbeddedEtcd starts etcd with its data in dataDir and returns once it
// serves. Ports are picked by the kernel; ClientURL says where it listens.
func startEmbeddedEtcd(dataDir string, unsafeNoFsync bool) (*embeddedEtcd, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the embedded etcd data directory %s: %w", dataDir, err)
	}
	loopback := url.URL{Scheme: "http", Host: "127.0.0.1:0"}
	cfg := embed.NewConfig()
	cfg.Name = "weft-apiserver"
	cfg.Dir = dataDir
	cfg.ListenClientUrls = []url.URL{loopback}
	cfg.AdvertiseClientUrls = []url.URL{loopback}
	cfg.ListenPeerUrls = []url.URL{loopback}
	cfg.AdvertisePeerUrls = []url.URL{loopback}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	cfg.LogLevel = "error"
	cfg.UnsafeNoFsync = unsafeNoFsync
	cfg.MaxRequestBytes = embeddedEtcdMaxRequestBytes
	cfg.SnapshotCatchUpEntries = embeddedEtcdCatchUpEntries
	etcd, err := embed.StartEtcd(cfg)
	if err != nil {
		return nil, fmt.Errorf("starting the embedded etcd in %s: %w", dataDir, err)
	}
	select {
	case <-etcd.Server.ReadyNotify():
		return &embeddedEtcd{etcd: etcd}, nil
	case err := <-etcd.Err():
		etcd.Close()
		return nil, fmt.Errorf("embedded etcd in %s failed: %w", dataDir, err)
	case <-time.After(time.Minute):
		etcd.Close()
		return nil, fmt.Errorf("embedded etcd in %s was not ready within a minute", dataDir)
	}
}

// ClientURL is the URL clients reach etcd at.
func (e *embeddedEtcd) ClientURL() string {
	return "http://" + e.etcd.Clients[0].Addr().String()
}

// Close stops etcd and waits until its data is on disk.
func (e *embeddedEtcd) Close() {
	e.etcd.Close()
}
