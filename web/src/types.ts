// The parts of Weft's resources (weft.dev/v1alpha1, Argo's fields) the app reads.

/** ObjectMeta is a resource's metadata. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** Parameter is an input or output parameter. */
export interface Parameter {
  name: string;
  value?: string;
  default?: string;
  enum?: string[];
  description?: string;
  valueFrom?: unknown;
}

/** Artifact is an input or output artifact. */
export interface Artifact {
  name: string;
  path?: string;
  s3?: { key?: string };
  [key: string]: unknown;
}

/** IO holds a node's parameters and artifacts. */
export interface IO {
  parameters?: Parameter[];
  artifacts?: Artifact[];
  result?: string;
  exitCode?: string;
}

/** NodeStatus is one node of a workflow's status.nodes. */
export interface NodeStatus {
  id: string;
  name: string;
  displayName?: string;
  type: string;
  templateName?: string;
  templateScope?: string;
  templateRef?: { name?: string; template?: string; clusterScope?: boolean };
  phase?: string;
  boundaryID?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  progress?: string;
  inputs?: IO;
  outputs?: IO;
  children?: string[];
  outboundNodes?: string[];
  hostNodeName?: string;
  podIP?: string;
}

/** Workflow is a weft.dev/v1alpha1 Workflow. */
export interface Workflow {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: {
    entrypoint?: string;
    suspend?: boolean;
    shutdown?: string;
    arguments?: { parameters?: Parameter[] };
    workflowTemplateRef?: { name?: string; clusterScope?: boolean };
    [key: string]: unknown;
  };
  status?: {
    phase?: string;
    message?: string;
    startedAt?: string;
    finishedAt?: string;
    progress?: string;
    nodes?: Record<string, NodeStatus>;
    [key: string]: unknown;
  };
}

/** WorkflowTemplate is a WorkflowTemplate or ClusterWorkflowTemplate. */
export interface WorkflowTemplate {
  kind?: string;
  metadata: ObjectMeta;
  spec: {
    entrypoint?: string;
    arguments?: { parameters?: Parameter[] };
    templates?: { name: string }[];
    [key: string]: unknown;
  };
}

/** CronWorkflow is a weft.dev/v1alpha1 CronWorkflow. */
export interface CronWorkflow {
  kind?: string;
  metadata: ObjectMeta;
  spec: {
    schedule?: string;
    schedules?: string[];
    timezone?: string;
    suspend?: boolean;
    concurrencyPolicy?: string;
    workflowSpec?: unknown;
    [key: string]: unknown;
  };
  status?: {
    lastScheduledTime?: string;
    active?: { name: string; namespace?: string }[];
    succeeded?: number;
    failed?: number;
    [key: string]: unknown;
  };
}

/** List is a Kubernetes list of items. */
export interface List<T> {
  metadata: { resourceVersion?: string; continue?: string };
  items: T[];
}

/** Status is a Kubernetes Status, the body of every error the API answers. */
export interface Status {
  kind: 'Status';
  code?: number;
  reason?: string;
  message?: string;
}

/** WorkflowWithPods is what /api/workflows/{ns}/{name} answers. */
export interface WorkflowWithPods {
  workflow: Workflow;
  podNames?: Record<string, string>;
}

/** WorkflowEvent is one line of /api/workflows/{ns}/{name}?watch=true. */
export interface WorkflowEvent extends Partial<WorkflowWithPods> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'ERROR';
  status?: Status;
}

/** KubeEvent is a core/v1 Event. */
export interface KubeEvent {
  metadata: ObjectMeta;
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  involvedObject?: { kind?: string; name?: string };
}
