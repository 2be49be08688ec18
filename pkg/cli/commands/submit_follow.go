package commands

import (
	"context"
	"fmt"
	"sync"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	weftclient "github.com/weft-dev/weft/pkg/generated/clientset/versioned/typed/weft/v1alpha1"
)

// follow does what --watch, --wait or --log say with the submitted
// workflows, and is the exit error for how they ended.
func (f *submitFlags) follow(ctx context.Context, env *Env, wfs []*v1alpha1.Workflow) error {
	client, err := env.Weft()
	if err != nil {
		return err
	}
	workflows := func(wf *v1alpha1.Workflow) weftclient.WorkflowInterface {
		return client.WeftV1alpha1().Workflows(wf.Namespace)
	}
	var finished []*v1alpha1.Workflow
	switch {
	case f.watch:
		for i, wf := range wfs {
			if i > 0 {
				fmt.Fprintln(env.IO.Out)
			}
			done, err := liveView(ctx, env, workflows(wf), wf.Name, &viewFlags{}, f.output)
			if err != nil {
				return err
			}
			finished = append(finished, done)
		}
	case f.wait:
		if finished, err = waitAll(ctx, env, wfs, workflows); err != nil {
			return err
		}
	case f.log:
		for _, wf := range wfs {
			if err := streamLogs(ctx, client, wf.Namespace, wf.Name, &v1alpha1.WorkflowLogOptions{Follow: true}, env.IO.Out); err != nil {
				return err
			}
			done, err := waitFinished(ctx, workflows(wf), wf.Name)
			if err != nil {
				return err
			}
			fmt.Fprintln(env.IO.ErrOut, phaseLine(done))
			finished = append(finished, done)
		}
	default:
		return nil
	}
	return outcome(finished...)
}

// waitAll waits for every workflow to finish, printing each one's phase as
// it does.
func waitAll(ctx context.Context, env *Env, wfs []*v1alpha1.Workflow, workflows func(*v1alpha1.Workflow) weftclient.WorkflowInterface) ([]*v1alpha1.Workflow, error) {
	finished := make([]*v1alpha1.Workflow, len(wfs))
	errs := make([]error, len(wfs))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i, wf := range wfs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			done, err := waitFinished(ctx, workflows(wf), wf.Name)
			finished[i], errs[i] = done, err
			if err == nil {
				mu.Lock()
				fmt.Fprintln(env.IO.Out, phaseLine(done))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return finished, nil
}
