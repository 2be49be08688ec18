// Package metrics holds the Prometheus metrics of weft-controller.
package metrics

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"k8s.io/client-go/util/workqueue"
)

// Metrics are the controller's own metrics, registered in one registry that
// /metrics serves.
type Metrics struct {
	// Registry holds every metric below plus the Go runtime's and the process's.
	Registry *prometheus.Registry
	// ReconcileDuration observes how long one sync of a workflow takes.
	ReconcileDuration *prometheus.HistogramVec
	// PodsCreated counts workflow pods created.
	PodsCreated prometheus.Counter
	// PodCreateFailures counts workflow pods the API refused or failed to create.
	PodCreateFailures prometheus.Counter
	// StatusConflicts counts status writes lost to a concurrent update and retried.
	StatusConflicts prometheus.Counter
}

// New returns registered metrics. workflowsByPhase, called at each scrape,
// counts the workflows the controller sees by phase.
func New(workflowsByPhase func() map[string]int) *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		ReconcileDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "weft", Name: "reconcile_duration_seconds",
			Help:    "Time to sync one workflow: observe its pods, decide, write.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 14),
		}, []string{"result"}),
		PodsCreated: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "weft", Name: "pods_created_total", Help: "Workflow pods created.",
		}),
		PodCreateFailures: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "weft", Name: "pod_create_failures_total", Help: "Workflow pods that could not be created.",
		}),
		StatusConflicts: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "weft", Name: "status_conflicts_total", Help: "Status writes that met a newer version and were retried.",
		}),
	}
	m.Registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.ReconcileDuration, m.PodsCreated, m.PodCreateFailures, m.StatusConflicts,
		phaseCollector{count: workflowsByPhase, desc: prometheus.NewDesc(
			"weft_workflows", "Workflows the controller sees, by phase.", []string{"phase"}, nil)},
	)
	return m
}

// phaseCollector reports the number of workflows by phase at scrape time.
type phaseCollector struct {
	count func() map[string]int
	desc  *prometheus.Desc
}

func (c phaseCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c phaseCollector) Collect(ch chan<- prometheus.Metric) {
	for phase, n := range c.count() {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n), phase)
	}
}

// QueueMetrics returns a workqueue metrics provider whose metrics live in m's registry.
func (m *Metrics) QueueMetrics() workqueue.MetricsProvider {
	return queueMetrics{registry: m.Registry}
}

// queueMetrics implements workqueue.MetricsProvider with Prometheus metrics
// named weft_workqueue_*, labelled by queue name.
type queueMetrics struct {
	registry *prometheus.Registry
}

func (q queueMetrics) gauge(name, help, queue string) prometheus.Gauge {
	g := prometheus.NewGauge(prometheus.GaugeOpts{Namespace: "weft", Subsystem: "workqueue", Name: name, Help: help, ConstLabels: prometheus.Labels{"name": queue}})
	q.registry.MustRegister(g)
	return g
}

func (q queueMetrics) counter(name, help, queue string) prometheus.Counter {
	c := prometheus.NewCounter(prometheus.CounterOpts{Namespace: "weft", Subsystem: "workqueue", Name: name, Help: help, ConstLabels: prometheus.Labels{"name": queue}})
	q.registry.MustRegister(c)
	return c
}

func (q queueMetrics) histogram(name, help, queue string) prometheus.Histogram {
	h := prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: "weft", Subsystem: "workqueue", Name: name, Help: help,
		ConstLabels: prometheus.Labels{"name": queue}, Buckets: prometheus.ExponentialBuckets(0.0001, 4, 12)})
	q.registry.MustRegister(h)
	return h
}

func (q queueMetrics) NewDepthMetric(name string) workqueue.GaugeMetric {
	return q.gauge("depth", "Items waiting in the queue.", name)
}

func (q queueMetrics) NewAddsMetric(name string) workqueue.CounterMetric {
	return q.counter("adds_total", "Items added to the queue.", name)
}

func (q queueMetrics) NewLatencyMetric(name string) workqueue.HistogramMetric {
	return q.histogram("queue_duration_seconds", "Time an item waits in the queue before it is processed.", name)
}

func (q queueMetrics) NewWorkDurationMetric(name string) workqueue.HistogramMetric {
	return q.histogram("work_duration_seconds", "Time processing an item takes.", name)
}

func (q queueMetrics) NewUnfinishedWorkSecondsMetric(name string) workqueue.SettableGaugeMetric {
	return q.gauge("unfinished_work_seconds", "Seconds of work in progress not yet observed by work_duration.", name)
}

func (q queueMetrics) NewLongestRunningProcessorSecondsMetric(name string) workqueue.SettableGaugeMetric {
	return q.gauge("longest_running_processor_seconds", "Seconds the longest running processor has run.", name)
}

func (q queueMetrics) NewRetriesMetric(name string) workqueue.CounterMetric {
	return q.counter("retries_total", "Items requeued after a failure.", name)
}
