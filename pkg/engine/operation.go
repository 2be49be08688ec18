package engine

import (
	"slices"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// operation is the state of one Reconcile.
type operation struct {
	wf   *v1alpha1.Workflow
	spec *v1alpha1.WorkflowSpec
	cfg  Config
	now  metav1.Time

	status *v1alpha1.WorkflowStatus
	nodes  map[string]*v1alpha1.NodeStatus

	podsByName map[string]*PodObservation
	podsByNode map[string]*PodObservation
	// resources are the observed resource actions by node ID.
	resources map[string]*ResourceObservation

	globals   *scope
	templates *templateIndex
	// suspendOutputsDone holds the suspend nodes whose outputs were completed
	// in this Reconcile.
	suspendOutputsDone map[string]bool
	// metadata is what spec.workflowMetadata adds to the workflow.
	metadata MetadataChange
	// coord takes and releases locks and reads and writes memoization caches.
	coord *coordination
	// configMaps reads valueFrom.configMapKeyRef parameters; nil when no
	// ConfigMaps are observed.
	configMaps ConfigMapReader
	// lockWaiters are the nodes made Pending in this Reconcile to wait for
	// their template's locks.
	lockWaiters map[string]bool
	// images tells the entrypoints of images; nil when none are known.
	images ImageConfigs
	// stop says whether and why the workflow is being stopped early.
	stop stopping
	// repo is the workflow's artifact repository; nil when there is none.
	repo *ArtifactRepository
	// gcPods are the observed artifact garbage-collection pods, by name;
	// they are not the pods of nodes.
	gcPods map[string]*PodObservation
	// finalizer is what the artifact garbage collection decided about the
	// workflow's finalizer.
	finalizer FinalizerChange
	// inputArtifacts are the input artifacts resolved, by node name, for
	// nodes created in this Reconcile.
	inputArtifacts map[string][]v1alpha1.Artifact
	// sequences are the items of the withSequence loops expanded so far.
	sequences map[sequenceRange][]loopItem
	// templateJSON are the templates encoded for substitution so far.
	templateJSON map[*v1alpha1.Template][]byte

	// activePods counts the workflow's pod nodes not yet finished.
	activePods int64
	// activeChildren counts, by boundary ID, the unfinished nodes that run
	// inside that boundary (step groups and task groups left out).
	activeChildren map[string]int64
	// activeHooks counts, by boundary ID, the unfinished hook nodes that run
	// inside that boundary: the enclosing template waits for them.
	activeHooks map[string]int64
	// exiting says the workflow's exit handler is being run: it may start
	// nodes while the workflow stops.
	exiting bool
	// depth counts the steps and DAG templates being run, one inside the
	// other, on the way to the current node.
	depth int

	createPods []*corev1.Pod
	deletePods []string
	// createClaims and deleteClaims are the volume claims to create and delete.
	createClaims     []*corev1.PersistentVolumeClaim
	deleteClaims     []string
	resourceRequests []ResourceRequest
	requeue          time.Duration
	// changed says the current pass changed the status.
	changed bool
}

func newOperation(wf *v1alpha1.Workflow, observed Observed, now time.Time, cfg Config) *operation {
	status := statusWithoutNodes(&wf.Status)
	o := &operation{
		wf:                 wf,
		cfg:                cfg,
		now:                metav1.NewTime(now),
		status:             status,
		nodes:              make(map[string]*v1alpha1.NodeStatus, len(wf.Status.Nodes)),
		podsByName:         make(map[string]*PodObservation, len(observed.Pods)),
		podsByNode:         make(map[string]*PodObservation, len(observed.Pods)),
		resources:          make(map[string]*ResourceObservation, len(observed.Resources)),
		activeChildren:     map[string]int64{},
		activeHooks:        map[string]int64{},
		suspendOutputsDone: map[string]bool{},
		lockWaiters:        map[string]bool{},
		repo:               observed.ArtifactRepository,
		inputArtifacts:     map[string][]v1alpha1.Artifact{},
		sequences:          map[sequenceRange][]loopItem{},
		templateJSON:       map[*v1alpha1.Template][]byte{},
	}
	o.coord = newCoordination(o, observed)
	o.images = observed.Images
	o.configMaps = observed.ConfigMaps
	copies := make([]v1alpha1.NodeStatus, len(wf.Status.Nodes))
	i := 0
	for id, n := range wf.Status.Nodes {
		node := &copies[i]
		i++
		copyNode(node, &n)
		o.nodes[id] = node
		if !fulfilled(n.Phase) {
			o.countActive(node, 1)
		}
	}
	for i := range observed.Resources {
		r := &observed.Resources[i]
		o.resources[r.NodeID] = r
	}
	for i := range observed.Pods {
		p := &observed.Pods[i]
		o.podsByName[p.Name] = p
		if p.NodeID != "" {
			o.podsByNode[p.NodeID] = p
		}
	}
	return o
}

// statusWithoutNodes is a deep copy of a status but for its nodes, which
// newOperation copies one by one into its own index.
func statusWithoutNodes(status *v1alpha1.WorkflowStatus) *v1alpha1.WorkflowStatus {
	bare := *status
	bare.Nodes = nil
	out := bare.DeepCopy()
	if status.Nodes != nil {
		out.Nodes = map[string]v1alpha1.NodeStatus{}
	}
	return out
}

// copyNode copies a node of the workflow for Reconcile to change. The copy
// shares what Reconcile only ever replaces as a whole (inputs, templateRef,
// flags, memoization and synchronization status), so that a sync does not
// copy every parameter of tens of thousands of nodes; it gets its own
// outputs, whose artifacts garbage collection marks deleted in place, and
// lists that appending to never writes into the workflow's.
func copyNode(dst, src *v1alpha1.NodeStatus) {
	*dst = *src
	dst.Outputs = src.Outputs.DeepCopy()
	dst.Children = slices.Clip(src.Children)
	dst.OutboundNodes = slices.Clip(src.OutboundNodes)
}

// node returns the node with the given name, or nil. Its ID is built on
// the stack: nodes are looked up by name many times in one Reconcile.
func (o *operation) node(name string) *v1alpha1.NodeStatus {
	var buf [lookupBuffer]byte
	return o.nodes[string(appendNodeID(buf[:0], o.wf.Name, name))]
}

// lookupBuffer is the room on the stack for a node ID or pod name being
// looked up; longer ones go to the heap.
const lookupBuffer = 96

// nodeByID returns the node with the given ID, or nil.
func (o *operation) nodeByID(id string) *v1alpha1.NodeStatus {
	return o.nodes[id]
}

// newNode adds a node in the given phase; a finished phase also finishes it.
func (o *operation) newNode(name, displayName string, typ v1alpha1.NodeType, boundaryID string, phase v1alpha1.NodePhase, message string) *v1alpha1.NodeStatus {
	return o.addNode(o.nodeStatus(name, displayName, typ, boundaryID, phase, message))
}

// nodeStatus builds a node that starts now, for addNode.
func (o *operation) nodeStatus(name, displayName string, typ v1alpha1.NodeType, boundaryID string, phase v1alpha1.NodePhase, message string) *v1alpha1.NodeStatus {
	return &v1alpha1.NodeStatus{
		ID:          nodeID(o.wf.Name, name),
		Name:        name,
		DisplayName: displayName,
		Type:        typ,
		BoundaryID:  boundaryID,
		Phase:       phase,
		Message:     message,
		StartedAt:   o.now,
	}
}

// addNode adds a node built by the caller; a finished phase also finishes it.
func (o *operation) addNode(n *v1alpha1.NodeStatus) *v1alpha1.NodeStatus {
	o.admitNode(n.ID)
	if fulfilled(n.Phase) {
		n.FinishedAt = o.now
	} else {
		o.countActive(n, 1)
	}
	o.nodes[n.ID] = n
	o.changed = true
	return n
}

// setPhase moves an unfinished node to a phase with a message.
func (o *operation) setPhase(n *v1alpha1.NodeStatus, phase v1alpha1.NodePhase, message string) {
	if fulfilled(n.Phase) || (n.Phase == phase && n.Message == message) {
		return
	}
	n.Phase = phase
	n.Message = message
	if fulfilled(phase) {
		n.FinishedAt = o.now
		o.countActive(n, -1)
	}
	o.changed = true
}

// countActive keeps activePods and activeChildren up to date. A retry's
// attempts count as their Retry node does, once.
func (o *operation) countActive(n *v1alpha1.NodeStatus, delta int64) {
	if n.Type == v1alpha1.NodeTypePod {
		o.activePods += delta
	}
	if n.NodeFlag != nil && n.NodeFlag.Hooked {
		o.activeHooks[n.BoundaryID] += delta
		return
	}
	if n.NodeFlag != nil && n.NodeFlag.Retried {
		return
	}
	if n.BoundaryID != "" && n.Type != v1alpha1.NodeTypeStepGroup && n.Type != v1alpha1.NodeTypeTaskGroup {
		o.activeChildren[n.BoundaryID] += delta
	}
}

// addChild links child after parent, once.
func (o *operation) addChild(parent *v1alpha1.NodeStatus, childID string) {
	for _, c := range parent.Children {
		if c == childID {
			return
		}
	}
	parent.Children = append(parent.Children, childID)
	o.changed = true
}

// setOutbound sets a node's outbound nodes.
func (o *operation) setOutbound(n *v1alpha1.NodeStatus, ids []string) {
	if equalStrings(n.OutboundNodes, ids) {
		return
	}
	n.OutboundNodes = ids
	o.changed = true
}

// outboundNodes are the nodes that end a node's sub-graph, as Argo defines
// them: a pod, skipped or suspend node is its own; a task group's are its
// children's; a steps or DAG node's are its outbound nodes'.
func (o *operation) outboundNodes(id string) []string {
	return o.appendOutbound(nil, id)
}

// appendOutbound appends the outbound nodes of the node id to out.
func (o *operation) appendOutbound(out []string, id string) []string {
	n := o.nodeByID(id)
	if n == nil {
		return out
	}
	switch n.Type {
	case v1alpha1.NodeTypePod, v1alpha1.NodeTypeSkipped, v1alpha1.NodeTypeSuspend,
		v1alpha1.NodeTypeHTTP, v1alpha1.NodeTypePlugin, v1alpha1.NodeTypeContainer:
		return append(out, n.ID)
	case v1alpha1.NodeTypeRetry:
		if len(n.Children) == 0 {
			return append(out, n.ID)
		}
		return o.appendOutbound(out, n.Children[len(n.Children)-1])
	case v1alpha1.NodeTypeTaskGroup:
		if len(n.Children) == 0 {
			return append(out, n.ID)
		}
		for _, c := range n.Children {
			out = o.appendOutbound(out, c)
		}
		return out
	}
	if len(n.OutboundNodes) == 0 {
		return append(out, n.ID)
	}
	for _, c := range n.OutboundNodes {
		out = o.appendOutbound(out, c)
	}
	return out
}

// mayStart says whether new nodes may start: not while spec.suspend is
// true, nor while the workflow stops, except in its exit handler.
func (o *operation) mayStart() bool {
	if o.spec.Suspend != nil && *o.spec.Suspend || o.stop.pastBound {
		return false
	}
	return o.exiting || !o.shuttingDown()
}

// requeueAfter asks for another Reconcile within d.
func (o *operation) requeueAfter(d time.Duration) {
	if d > 0 && (o.requeue == 0 || d < o.requeue) {
		o.requeue = d
	}
}

// fulfilled says a node in this phase is done: it ran, was skipped or omitted.
func fulfilled(p v1alpha1.NodePhase) bool {
	switch p {
	case v1alpha1.NodeSucceeded, v1alpha1.NodeFailed, v1alpha1.NodeError, v1alpha1.NodeSkipped, v1alpha1.NodeOmitted:
		return true
	}
	return false
}

// failedOrError says a node in this phase failed.
func failedOrError(p v1alpha1.NodePhase) bool {
	return p == v1alpha1.NodeFailed || p == v1alpha1.NodeError
}

// continuesOn says whether continueOn lets the enclosing template go on
// after a node ended in phase p.
func continuesOn(c *v1alpha1.ContinueOn, p v1alpha1.NodePhase) bool {
	if c == nil {
		return false
	}
	return (p == v1alpha1.NodeFailed && c.Failed) || (p == v1alpha1.NodeError && c.Error)
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
