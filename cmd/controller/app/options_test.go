package app

import (
	"strings"
	"testing"

	"github.com/spf13/pflag"
	"k8s.io/client-go/rest"
)

func parsed(t *testing.T, args ...string) *Options {
	t.Helper()
	o := NewOptions()
	fs := pflag.NewFlagSet("weft-controller", pflag.ContinueOnError)
	o.AddFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return o
}

func TestDefaultsAreValidAndDoNotHoldAFanOutBack(t *testing.T) {
	o := parsed(t)
	if err := o.Validate(); err != nil {
		t.Fatalf("the defaults are invalid: %v", err)
	}
	if o.KubeQPS < 500 || o.KubeBurst < 1000 || o.WeftQPS < 500 || o.WeftBurst < 1000 {
		t.Errorf("client limits kube %v/%d, weft %v/%d: want at least 500 per second with bursts of 1000",
			o.KubeQPS, o.KubeBurst, o.WeftQPS, o.WeftBurst)
	}
	if o.PodWriteConcurrency < 32 {
		t.Errorf("--pod-write-concurrency defaults to %d, want at least the 32 of a tight client loop", o.PodWriteConcurrency)
	}
}

func TestValidateRejectsLimitsClientGoWouldMisread(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--kube-api-qps=0"}, "--kube-api-qps 0"},
		{[]string{"--weft-api-qps=0"}, "--weft-api-qps 0"},
		{[]string{"--kube-api-burst=0"}, "--kube-api-burst 0"},
		{[]string{"--weft-api-qps=20", "--weft-api-burst=-1"}, "--weft-api-burst -1"},
		{[]string{"--pod-write-concurrency=0"}, "--pod-write-concurrency 0"},
	} {
		err := parsed(t, tc.args...).Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: Validate() = %v, want an error about %s", tc.args, err, tc.want)
		}
	}
	if err := parsed(t, "--kube-api-qps=-1", "--kube-api-burst=0", "--weft-api-qps=-1").Validate(); err != nil {
		t.Errorf("negative rates (no client-side limit) are refused: %v", err)
	}
}

func TestClientConfigsLimitEachAPIApart(t *testing.T) {
	o := parsed(t, "--kube-api-qps=300", "--kube-api-burst=600", "--weft-api-qps=40", "--weft-api-burst=80")
	base := &rest.Config{Host: "https://127.0.0.1:6443"}
	kube, weft := clientConfigs(base, o)
	if kube.QPS != 300 || kube.Burst != 600 {
		t.Errorf("kube-apiserver client: %v/%d, want 300/600", kube.QPS, kube.Burst)
	}
	if weft.QPS != 40 || weft.Burst != 80 {
		t.Errorf("Weft API client: %v/%d, want 40/80", weft.QPS, weft.Burst)
	}
	if !strings.HasSuffix(kube.UserAgent, "/weft-controller") || weft.UserAgent != kube.UserAgent {
		t.Errorf("user agents %q and %q, want weft-controller's", kube.UserAgent, weft.UserAgent)
	}
	if base.QPS != 0 || base.UserAgent != "" {
		t.Errorf("the loaded configuration was changed: %+v", base)
	}
}
