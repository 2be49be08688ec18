package workflow

import (
	"github.com/weft-dev/weft/pkg/engine"
	"github.com/weft-dev/weft/pkg/imageconfig"
)

// UseImageConfigs has the controller give containers without a command
// their image's ENTRYPOINT and CMD, read by resolver. The resolver's notify
// must be the controller's ImageRead, so a workflow waiting for an image is
// synced again once it is read. Without it such containers are refused.
func (c *Controller) UseImageConfigs(resolver *imageconfig.Resolver) {
	c.images = resolver
}

// ImageRead queues a workflow whose image lookup waited for a read that has
// ended; key is the waiter the lookup gave, the workflow's queue key.
func (c *Controller) ImageRead(key string) {
	c.queue.Add(key)
}

// imageLookups is what the engine reads of images for the workflow of key,
// in namespace; nil without a resolver.
func (c *Controller) imageLookups(namespace, key string) engine.ImageConfigs {
	if c.images == nil {
		return nil
	}
	return workflowImages{resolver: c.images, namespace: namespace, key: key}
}

// workflowImages looks images up for one workflow's pods.
type workflowImages struct {
	resolver       *imageconfig.Resolver
	namespace, key string
}

// Lookup implements engine.ImageConfigs.
func (w workflowImages) Lookup(l engine.ImageLookup) (engine.ImageConfig, bool, error) {
	config, ok, err := w.resolver.Lookup(imageconfig.Request{
		Namespace: w.namespace, Image: l.Image, ServiceAccountName: l.ServiceAccountName, PullSecrets: l.PullSecrets,
	}, w.key)
	return engine.ImageConfig{Entrypoint: config.Entrypoint, Cmd: config.Cmd}, ok, err
}
