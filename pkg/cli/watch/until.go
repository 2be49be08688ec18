package watch

import (
	"context"
	"fmt"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	apiwatch "k8s.io/apimachinery/pkg/watch"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cli/printer"
	weftclient "github.com/weft-dev/weft/pkg/generated/clientset/versioned/typed/weft/v1alpha1"
)

// retryDelay is the pause before a watch that could not be opened is tried
// again.
const retryDelay = time.Second

// Show is called with the workflow each time it changes (changed), and on
// every tick in between (not changed).
type Show func(wf *v1alpha1.Workflow, changed bool) error

// Until follows the named workflow until it finishes and returns it in its
// final state. It calls show with the workflow as first read and after each
// change, and, when tick is positive, every tick as well.
func Until(ctx context.Context, client weftclient.WorkflowInterface, name string, tick time.Duration, show Show) (*v1alpha1.Workflow, error) {
	var ticks <-chan time.Time
	if tick > 0 {
		t := time.NewTicker(tick)
		defer t.Stop()
		ticks = t.C
	}
	for {
		wf, err := client.Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return nil, err
		}
		if err := show(wf, true); err != nil {
			return nil, err
		}
		if printer.Finished(wf) {
			return wf, nil
		}
		w, err := client.Watch(ctx, metav1.ListOptions{
			FieldSelector:   fields.OneTermEqualSelector("metadata.name", wf.Name).String(),
			ResourceVersion: wf.ResourceVersion,
		})
		if err != nil {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(retryDelay):
				continue
			}
		}
		final, err := follow(ctx, w, wf, ticks, show)
		w.Stop()
		if final != nil || err != nil {
			return final, err
		}
	}
}

// follow shows the changes a watch of wf reports, until it finishes
// (returned) or the watch ends (nil, nil: read it again and watch anew).
func follow(ctx context.Context, w apiwatch.Interface, wf *v1alpha1.Workflow, ticks <-chan time.Time, show Show) (*v1alpha1.Workflow, error) {
	for {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-ticks:
			if err := show(wf, false); err != nil {
				return nil, err
			}
		case ev, ok := <-w.ResultChan():
			if !ok {
				return nil, nil
			}
			switch ev.Type {
			case apiwatch.Deleted:
				return nil, apierrors.NewNotFound(v1alpha1.Resource("workflows"), wf.Name)
			case apiwatch.Error:
				return nil, nil
			case apiwatch.Added, apiwatch.Modified:
				next, ok := ev.Object.(*v1alpha1.Workflow)
				if !ok {
					return nil, fmt.Errorf("watch of workflow %s sent a %T", wf.Name, ev.Object)
				}
				wf = next
				if err := show(wf, true); err != nil {
					return nil, err
				}
				if printer.Finished(wf) {
					return wf, nil
				}
			}
		}
	}
}
