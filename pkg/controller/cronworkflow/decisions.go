package cronworkflow

import (
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/types"
)

// decisions remembers, per CronWorkflow, the latest scheduled time decided
// about (run or skipped) since the controller started, so that a skipped
// run is not run later. It is lost on restart on purpose: a run missed
// while the controller was down is then a missed run, which only
// startingDeadlineSeconds brings back.
type decisions struct {
	mu     sync.Mutex
	byCron map[string]decided
}

type decided struct {
	uid types.UID
	at  time.Time
}

func newDecisions() *decisions {
	return &decisions{byCron: map[string]decided{}}
}

// get is the latest time decided for the CronWorkflow of key and uid.
func (d *decisions) get(key string, uid types.UID) time.Time {
	d.mu.Lock()
	defer d.mu.Unlock()
	if got, ok := d.byCron[key]; ok && got.uid == uid {
		return got.at
	}
	return time.Time{}
}

// set records the latest time decided for the CronWorkflow of key and uid.
func (d *decisions) set(key string, uid types.UID, at time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if at.IsZero() {
		return
	}
	d.byCron[key] = decided{uid: uid, at: at}
}

// forget drops what was decided for a CronWorkflow that is gone.
func (d *decisions) forget(key string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.byCron, key)
}
