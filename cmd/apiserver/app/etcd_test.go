package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.etcd.io/etcd/server/v3/etcdserver/api/v3client"
)

// TestEmbeddedEtcdTakesWhatTheAPIServerSends writes a value larger than
// etcd's default request limit of 1.5 MiB but within the 2 MiB the API
// server's etcd client sends: the compressed status of a workflow of some
// 60,000 nodes.
func TestEmbeddedEtcdTakesWhatTheAPIServerSends(t *testing.T) {
	etcd, err := startEmbeddedEtcd(t.TempDir(), true)
	if err != nil {
		t.Fatal(err)
	}
	defer etcd.Close()
	client := v3client.New(etcd.etcd.Server)
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	value := strings.Repeat("x", 1900<<10)
	if _, err := client.Put(ctx, "/registry/weft.dev/workflows/default/large", value); err != nil {
		t.Fatalf("putting %d bytes: %v", len(value), err)
	}
}
