package apipath

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"k8s.io/client-go/rest"
	sigsjson "sigs.k8s.io/json"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/test/bench/report"
)

// protobufFirst is what Kubernetes' own controllers accept: protobuf if the
// server offers it, JSON otherwise.
const protobufFirst = "application/vnd.kubernetes.protobuf,application/json"

// listVariant is one way of asking for the list.
type listVariant struct {
	name           string
	accept         string
	acceptEncoding string
	// pageSize, if not 0, lists in pages of this many, as informers and
	// kubectl do.
	pageSize int
}

// listVariants are the requests measured: JSON as client-go asks for it
// (gzip accepted), JSON without compression, protobuf-first, and JSON in
// pages of 500.
var listVariants = []listVariant{
	{name: "JSON, gzip", accept: "application/json", acceptEncoding: "gzip"},
	{name: "JSON, identity", accept: "application/json", acceptEncoding: "identity"},
	{name: "protobuf-first, gzip", accept: protobufFirst, acceptEncoding: "gzip"},
	{name: "JSON, gzip, pages of 500", accept: "application/json", acceptEncoding: "gzip", pageSize: 500},
}

// FillForList creates count loops-maps workflows in system, named
// list-00000 on, and writes each one's succeeded status through the status
// subresource: what List then lists.
func FillForList(ctx context.Context, config *rest.Config, system System, count int) error {
	c, err := newClient(config, false)
	if err != nil {
		return err
	}
	return createSucceeded(ctx, c, system, "list", count)
}

// createSucceeded creates count succeeded loops-maps workflows in system,
// named prefix-00000 on, 32 at a time.
func createSucceeded(ctx context.Context, c *client, system System, prefix string, count int) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var next atomic.Int64
	var workers sync.WaitGroup
	for range min(32, count) {
		workers.Go(func() {
			for i := next.Add(1) - 1; i < int64(count) && ctx.Err() == nil; i = next.Add(1) - 1 {
				if err := createOneSucceeded(ctx, c, system, fmt.Sprintf("%s-%05d", prefix, i)); err != nil {
					cancel(err)
					return
				}
			}
		})
	}
	workers.Wait()
	return context.Cause(ctx)
}

func createOneSucceeded(ctx context.Context, c *client, system System, name string) error {
	body, err := system.createBody(name)
	if err != nil {
		return err
	}
	if err := c.create(ctx, system, Namespace, body); err != nil {
		return fmt.Errorf("creating %s workflow %s: %w", system.Name, name, err)
	}
	patch, err := succeededStatusPatch(name)
	if err != nil {
		return err
	}
	if err := c.patchStatus(ctx, system, Namespace, name, patch); err != nil {
		return fmt.Errorf("writing the status of %s workflow %s: %w", system.Name, name, err)
	}
	return nil
}

// listed is what one LIST request brought back.
type listed struct {
	wireBytes, bodyBytes int
	elapsed, decode      time.Duration
	contentType          string
	items                int
	continueToken        string
}

// List lists the count workflows FillForList made in system once to warm
// the path up, then once per variant, and records one run of each: the time from sending the request
// to its last byte, the bytes of the body on the wire and decompressed, and
// the client's time to decompress and decode it into Weft's typed list. It
// returns, per variant, the content type the server answered with.
func List(ctx context.Context, config *rest.Config, rep *report.Report, system System, count int) (map[string]string, error) {
	c, err := newClient(config, false)
	if err != nil {
		return nil, err
	}
	if _, err := listOnce(ctx, c, system, listVariants[0], ""); err != nil {
		return nil, err
	}
	contentTypes := map[string]string{}
	for _, variant := range listVariants {
		total := listed{}
		for {
			page, err := listOnce(ctx, c, system, variant, total.continueToken)
			if err != nil {
				return nil, err
			}
			total.wireBytes += page.wireBytes
			total.bodyBytes += page.bodyBytes
			total.elapsed += page.elapsed
			total.decode += page.decode
			total.items += page.items
			total.contentType, total.continueToken = page.contentType, page.continueToken
			if total.continueToken == "" {
				break
			}
		}
		if total.items != count && strings.HasPrefix(total.contentType, "application/json") {
			return nil, fmt.Errorf("listing %s workflows (%s): got %d, want %d", system.Name, variant.name, total.items, count)
		}
		contentTypes[variant.name] = total.contentType
		scenario := fmt.Sprintf("LIST %d, %s", count, variant.name)
		record := func(metric, unit string, value float64) {
			rep.Record(report.Key{Section: Section, Scenario: scenario, Metric: metric, Unit: unit, System: system.Name}, value)
		}
		record("time to last byte", "ms", milliseconds(total.elapsed))
		record("bytes on the wire", "bytes", float64(total.wireBytes))
		record("bytes decompressed", "bytes", float64(total.bodyBytes))
		record("client decode", "ms", milliseconds(total.decode))
	}
	return contentTypes, nil
}

// listOnce sends one LIST request of variant, reads its body as it came
// over the wire (so that its size is exact: the transport only decompresses
// when it asked for compression itself), then decompresses and decodes it.
func listOnce(ctx context.Context, c *client, system System, variant listVariant, continueToken string) (listed, error) {
	request := c.rest.Get().AbsPath(system.collectionPath(Namespace))
	if variant.pageSize > 0 {
		request.Param("limit", fmt.Sprint(variant.pageSize))
	}
	if continueToken != "" {
		request.Param("continue", continueToken)
	}
	httpRequest, err := http.NewRequestWithContext(ctx, http.MethodGet, request.URL().String(), nil)
	if err != nil {
		return listed{}, err
	}
	httpRequest.Header.Set("Accept", variant.accept)
	httpRequest.Header.Set("Accept-Encoding", variant.acceptEncoding)
	sent := time.Now()
	response, err := c.http.Do(httpRequest)
	if err != nil {
		return listed{}, fmt.Errorf("listing %s workflows: %w", system.Name, err)
	}
	wire, err := io.ReadAll(response.Body)
	elapsed := time.Since(sent)
	response.Body.Close()
	if err != nil {
		return listed{}, fmt.Errorf("reading the list of %s workflows: %w", system.Name, err)
	}
	if response.StatusCode != http.StatusOK {
		return listed{}, fmt.Errorf("listing %s workflows: HTTP %d: %.500s", system.Name, response.StatusCode, wire)
	}
	result := listed{wireBytes: len(wire), elapsed: elapsed, contentType: response.Header.Get("Content-Type")}
	decodeStarted := time.Now()
	body := wire
	if response.Header.Get("Content-Encoding") == "gzip" {
		reader, err := gzip.NewReader(bytes.NewReader(wire))
		if err != nil {
			return listed{}, fmt.Errorf("the list of %s workflows says gzip but is not: %w", system.Name, err)
		}
		if body, err = io.ReadAll(reader); err != nil {
			return listed{}, fmt.Errorf("decompressing the list of %s workflows: %w", system.Name, err)
		}
	}
	result.bodyBytes = len(body)
	if strings.HasPrefix(result.contentType, "application/json") {
		var list v1alpha1.WorkflowList
		if err := sigsjson.UnmarshalCaseSensitivePreserveInts(body, &list); err != nil {
			return listed{}, fmt.Errorf("decoding the list of %s workflows: %w", system.Name, err)
		}
		result.items, result.continueToken = len(list.Items), list.Continue
	}
	result.decode = time.Since(decodeStarted)
	return result, nil
}
