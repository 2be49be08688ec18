// Package apipath benchmarks the API path of Workflows: the same objects
// served by weft-apiserver through kube-apiserver's aggregator ("weft") and
// stored as a CustomResourceDefinition by that kube-apiserver ("crd"),
// compared on create throughput and latency, LIST time and size, and watch
// delivery latency to many watchers.
package apipath

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"k8s.io/client-go/rest"

	"github.com/weft-dev/weft/test/bench/report"
)

// Section is the report section of every figure of this package.
const Section = "API path: Weft aggregated apiserver vs CRD"

// Params are the sizes of one run of the scenarios.
type Params struct {
	// Concurrencies are the numbers of concurrent clients creating
	// workflows; Creates is how many each concurrency level creates.
	Concurrencies []int
	Creates       int
	// Listed is how many workflows LIST lists.
	Listed int
	// Watchers watch the collection while Updates status updates are made.
	Watchers, Updates int
}

// ParamsFor returns the sizes of a full run, or of a quick one for a
// developer's loop.
func ParamsFor(quick bool) Params {
	params := Params{Concurrencies: []int{1, 8, 32}, Creates: 1000, Listed: 5000, Watchers: 50, Updates: 1000}
	if quick {
		params.Creates, params.Listed, params.Updates = 100, 1000, 100
	}
	return params
}

// Run sets up both systems on the kube-apiserver of config, runs every
// scenario runs times with the sizes ParamsFor(quick) gives, both systems in
// each run, deletes the workflows after each so that runs start alike, and
// tears down what it set up. The caller compares the systems with
// rep.Compare(Section, "weft", "crd").
func Run(ctx context.Context, config *rest.Config, rep *report.Report, quick bool, runs int) (err error) {
	params := ParamsFor(quick)
	teardown, err := Setup(ctx, config)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, teardown(context.WithoutCancel(ctx))) }()
	c, err := newClient(config, false)
	if err != nil {
		return err
	}
	each := func(scenario func(System) error) error {
		for range runs {
			for _, system := range Systems {
				if err := scenario(system); err != nil {
					return err
				}
				if err := c.deleteAll(ctx, system, Namespace); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for _, concurrency := range params.Concurrencies {
		if err := each(func(system System) error {
			return CreateThroughput(ctx, config, rep, system, concurrency, params.Creates)
		}); err != nil {
			return err
		}
	}
	if err := each(func(system System) error {
		return WatchFanOut(ctx, config, rep, system, params.Watchers, params.Updates)
	}); err != nil {
		return err
	}
	return runLists(ctx, config, c, rep, params.Listed, runs)
}

// runLists fills both systems once, lists each runs times and notes, per
// system, what content types the LIST requests got back.
func runLists(ctx context.Context, config *rest.Config, c *client, rep *report.Report, count, runs int) error {
	for _, system := range Systems {
		if err := FillForList(ctx, config, system, count); err != nil {
			return err
		}
		var answers []string
		for range runs {
			contentTypes, err := List(ctx, config, rep, system, count)
			if err != nil {
				return err
			}
			for _, variant := range listVariants {
				answer := fmt.Sprintf("%s to %s", contentTypes[variant.name], variant.name)
				if !slices.Contains(answers, answer) {
					answers = append(answers, answer)
				}
			}
		}
		if err := c.deleteAll(ctx, system, Namespace); err != nil {
			return err
		}
		rep.Note("LIST of %s workflows, %d each: the server answered %s.", system.Name, count, strings.Join(answers, "; "))
	}
	return nil
}
