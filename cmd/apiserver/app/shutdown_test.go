package app

import (
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
	genericapiserver "k8s.io/apiserver/pkg/server"

	"github.com/weft-dev/weft/pkg/apiserver"
)

func TestShutdownFlags(t *testing.T) {
	o := NewOptions()
	fs := pflag.NewFlagSet("weft-apiserver", pflag.ContinueOnError)
	o.AddFlags(fs)
	if err := fs.Parse([]string{"--shutdown-delay-duration=5s", "--shutdown-send-retry-after=false", "--shutdown-watch-termination-grace-period=3s"}); err != nil {
		t.Fatal(err)
	}
	config := genericapiserver.NewRecommendedConfig(apiserver.Codecs)
	o.applyShutdown(config)
	if config.ShutdownDelayDuration != 5*time.Second || config.ShutdownSendRetryAfter || config.ShutdownWatchTerminationGracePeriod != 3*time.Second {
		t.Errorf("server config has delay %s, retry-after %t, watch grace %s; want 5s, false, 3s",
			config.ShutdownDelayDuration, config.ShutdownSendRetryAfter, config.ShutdownWatchTerminationGracePeriod)
	}

	o.Shutdown.DelayDuration, o.Shutdown.WatchTerminationGracePeriod = -time.Second, -time.Second
	err := o.Validate()
	if err == nil || !strings.Contains(err.Error(), "--shutdown-delay-duration is -1s") || !strings.Contains(err.Error(), "--shutdown-watch-termination-grace-period is -1s") {
		t.Errorf("Validate() = %v, want both flags named", err)
	}
}

func TestDefaultShutdownEndsWatchesAndDrainsQuickly(t *testing.T) {
	d := DefaultShutdown()
	if !d.SendRetryAfter || d.WatchTerminationGracePeriod <= 0 || d.DelayDuration+d.WatchTerminationGracePeriod >= 30*time.Second {
		t.Errorf("DefaultShutdown() = %+v: want watches ended and drained in well under a pod's 30 s grace period", d)
	}
}
