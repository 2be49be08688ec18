package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"

	"github.com/weft-dev/weft/pkg/engine/podspec"
)

// Where weft-controller and weft-apiserver run, and the Lease the
// controller's replicas elect their leader with.
const (
	weftNamespace   = "weft-system"
	controllerName  = "weft-controller"
	leaderLease     = "weft-controller"
	apiserverPod    = "weft-apiserver-0"
	handoverTimeout = time.Minute
	// standbyPoll is how often a kill that waits for a standby looks again.
	standbyPoll = 2 * time.Second
)

// scaleController sets weft-controller's replicas, waits until they are
// ready, and returns what puts the old count back.
func scaleController(t *testing.T, ctx context.Context, replicas int32) func() {
	t.Helper()
	deployments := kube.AppsV1().Deployments(weftNamespace)
	setReplicas := func(n int32) {
		t.Helper()
		err := wait.PollUntilContextTimeout(ctx, time.Second, 3*time.Minute, true, func(ctx context.Context) (bool, error) {
			d, err := deployments.Get(ctx, controllerName, metav1.GetOptions{})
			if err != nil {
				return false, nil
			}
			if d.Spec.Replicas == nil || *d.Spec.Replicas != n {
				d.Spec.Replicas = &n
				_, _ = deployments.Update(ctx, d, metav1.UpdateOptions{})
				return false, nil
			}
			return d.Status.ReadyReplicas == n && d.Status.UpdatedReplicas == n && d.Status.Replicas == n, nil
		})
		if err != nil {
			t.Errorf("weft-controller did not reach %d ready replicas: %v", n, err)
		}
	}
	d, err := deployments.Get(ctx, controllerName, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	old := int32(1)
	if d.Spec.Replicas != nil {
		old = *d.Spec.Replicas
	}
	setReplicas(replicas)
	return func() { setReplicas(old) }
}

// leaderKills records each kill of the leader, whether another replica
// took the Lease afterwards, and how long kills waited for a standby.
type leaderKills struct {
	mu       sync.Mutex
	killed   int
	waited   time.Duration
	failures []string
}

func (k *leaderKills) waitedForStandby(d time.Duration) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.waited += d
}

// String says how many leaders were killed and how long kills waited for
// a standby.
func (k *leaderKills) String() string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return fmt.Sprintf("%d leader kills (%s spent waiting for a standby to be ready)", k.killed, k.waited)
}

func (k *leaderKills) record(failure string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.killed++
	if failure != "" {
		k.failures = append(k.failures, failure)
	}
}

func (k *leaderKills) check(t *testing.T) {
	t.Helper()
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.killed == 0 {
		t.Error("the run killed no leader")
	}
	for _, failure := range k.failures {
		t.Error(failure)
	}
}

// killLeaders force-deletes the pod holding the controller's Lease every
// chaosLeaderKill until ctx ends, and checks each time that another
// replica takes the Lease within handoverTimeout. It kills a leader only
// while another replica is ready to take over, and else waits for one:
// on a loaded node the replacement of the last killed pod can take a
// minute or more to start, and killing the leader before then would time
// the node's pod start, not the handover.
func killLeaders(ctx context.Context, kills *leaderKills) {
	next := time.Now().Add(chaosLeaderKill)
	for {
		sleepOrDone(ctx, time.Until(next))
		if ctx.Err() != nil {
			return
		}
		holder := leaseHolder(ctx)
		pod, _, _ := strings.Cut(holder, "_")
		if holder == "" || !otherReplicaReady(ctx, pod) {
			kills.waitedForStandby(standbyPoll)
			next = time.Now().Add(standbyPoll)
			continue
		}
		zero := int64(0)
		if err := kube.CoreV1().Pods(weftNamespace).Delete(ctx, pod, metav1.DeleteOptions{GracePeriodSeconds: &zero}); err != nil {
			next = time.Now().Add(standbyPoll)
			continue
		}
		next = time.Now().Add(chaosLeaderKill)
		err := wait.PollUntilContextTimeout(context.WithoutCancel(ctx), time.Second, handoverTimeout, true, func(ctx context.Context) (bool, error) {
			now := leaseHolder(ctx)
			return now != "" && now != holder, nil
		})
		failure := ""
		if err != nil {
			failure = "after the leader " + pod + " was killed, no other replica took the Lease within " + handoverTimeout.String()
		}
		kills.record(failure)
	}
}

// otherReplicaReady says a weft-controller pod other than leader is ready,
// and so is taking part in the election.
func otherReplicaReady(ctx context.Context, leader string) bool {
	pods, err := kube.CoreV1().Pods(weftNamespace).List(ctx, metav1.ListOptions{LabelSelector: "app.kubernetes.io/name=" + controllerName})
	if err != nil {
		return false
	}
	for _, pod := range pods.Items {
		if pod.Name != leader && pod.DeletionTimestamp == nil && podReady(&pod) {
			return true
		}
	}
	return false
}

// podReady says the pod's Ready condition is true.
func podReady(pod *corev1.Pod) bool {
	for _, condition := range pod.Status.Conditions {
		if condition.Type == corev1.PodReady {
			return condition.Status == corev1.ConditionTrue
		}
	}
	return false
}

func leaseHolder(ctx context.Context) string {
	lease, err := kube.CoordinationV1().Leases(weftNamespace).Get(ctx, leaderLease, metav1.GetOptions{})
	if err != nil || lease.Spec.HolderIdentity == nil {
		return ""
	}
	return *lease.Spec.HolderIdentity
}

// deletedPods counts the workflow pods deleteRandomPods deleted.
var deletedPods atomic.Int64

// deleteRandomPods deletes, every chaosPodDeletion until ctx ends, one
// unfinished pod of a workflow of ns labelled chaosLabel.
func deleteRandomPods(ctx context.Context, ns string) {
	tick := time.NewTicker(chaosPodDeletion)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		workflows, err := weft.WeftV1alpha1().Workflows(ns).List(ctx, metav1.ListOptions{LabelSelector: chaosLabel + "=true"})
		if err != nil {
			continue
		}
		mayLose := map[string]bool{}
		for _, wf := range workflows.Items {
			mayLose[wf.Name] = true
		}
		pods, err := kube.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			continue
		}
		var candidates []corev1.Pod
		for _, pod := range pods.Items {
			if mayLose[pod.Labels[podspec.LabelWorkflow]] && pod.DeletionTimestamp == nil &&
				(pod.Status.Phase == corev1.PodPending || pod.Status.Phase == corev1.PodRunning) {
				candidates = append(candidates, pod)
			}
		}
		if len(candidates) == 0 {
			continue
		}
		victim := candidates[rand.IntN(len(candidates))]
		if err := kube.CoreV1().Pods(ns).Delete(ctx, victim.Name, metav1.DeleteOptions{}); err == nil {
			deletedPods.Add(1)
		}
	}
}

// restartWeftAPIServer deletes the Weft apiserver's pod, and with it its
// embedded etcd, after the delay, and waits until the API answers again.
func restartWeftAPIServer(t *testing.T, ctx context.Context, after time.Duration) {
	sleepOrDone(ctx, after)
	if ctx.Err() != nil {
		t.Error("the run ended before the Weft apiserver was restarted")
		return
	}
	if err := kube.CoreV1().Pods(weftNamespace).Delete(ctx, apiserverPod, metav1.DeleteOptions{}); err != nil {
		t.Errorf("restarting the Weft apiserver: %v", err)
		return
	}
	started := time.Now()
	err := wait.PollUntilContextTimeout(context.WithoutCancel(ctx), time.Second, 3*time.Minute, false, func(ctx context.Context) (bool, error) {
		pod, err := kube.CoreV1().Pods(weftNamespace).Get(ctx, apiserverPod, metav1.GetOptions{})
		if err != nil || pod.CreationTimestamp.Time.Before(started.Add(-time.Second)) {
			return false, nil
		}
		_, err = weft.WeftV1alpha1().Workflows(weftNamespace).List(ctx, metav1.ListOptions{Limit: 1})
		return err == nil, nil
	})
	if err != nil {
		t.Errorf("the Weft apiserver did not answer within 3 minutes of its restart: %v", err)
		return
	}
	t.Logf("the Weft apiserver answered again %s after its pod was deleted", time.Since(started).Round(time.Second))
}
