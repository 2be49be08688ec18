package imageconfig

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"k8s.io/client-go/kubernetes"

	"github.com/weft-dev/weft/pkg/controller/config"
)

// Config is what an image runs when a container gives no command.
type Config struct {
	// Entrypoint is the image's ENTRYPOINT.
	Entrypoint []string
	// Cmd is the image's CMD.
	Cmd []string
}

// Request names an image and the credentials its pod would pull it with.
type Request struct {
	// Namespace is the pod's namespace, where its Secrets are read.
	Namespace string
	// Image is the container's image, as the template gives it.
	Image string
	// ServiceAccountName is the pod's service account; its
	// imagePullSecrets are tried after PullSecrets. Empty is "default".
	ServiceAccountName string
	// PullSecrets are the names of the pod's imagePullSecrets.
	PullSecrets []string
}

// Defaults of Options.
const (
	DefaultTagTTL     = 10 * time.Minute
	DefaultFailureTTL = time.Minute
	DefaultMaxEntries = 1000
	DefaultReadTime   = time.Minute
)

// DefaultRetryDelays are the waits before reading again from a registry
// that did not answer.
var DefaultRetryDelays = []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second}

// Options tune a Resolver; the zero value takes the defaults.
type Options struct {
	// TagTTL is how long a reference by tag is taken to name the same
	// digest. A reference by digest never changes.
	TagTTL time.Duration
	// FailureTTL is how long a failed read is remembered before an image is
	// read again.
	FailureTTL time.Duration
	// MaxEntries bounds each of the caches (by reference, by digest).
	MaxEntries int
	// ReadTime bounds one read from a registry.
	ReadTime time.Duration
	// RetryDelays are the waits before each new read of an image whose
	// registry did not answer; after the last, the read has failed.
	RetryDelays []time.Duration
	// Transport carries the registry requests; nil is http.DefaultTransport.
	Transport http.RoundTripper
	// Now is the clock; nil is time.Now.
	Now func() time.Time
}

// Resolver finds the entrypoint and command of images. It is safe for
// concurrent use.
type Resolver struct {
	ctx       context.Context
	secrets   secretSource
	overrides map[string]Config
	mirrors   map[string]Mirror
	notify    func(waiter string)
	opts      Options

	mu sync.Mutex
	// refs maps namespace and image name to the digest read, or the error.
	refs *boundedCache[refEntry]
	// configs maps an image digest to its config.
	configs *boundedCache[Config]
	// reading holds the waiters of every read in progress, by refs key.
	reading map[string]map[string]bool
}

// refEntry is what a read of one reference gave.
type refEntry struct {
	digest string
	err    error
}

// New returns a Resolver that reads Secrets and ServiceAccounts with kube,
// knows the images and mirrors of the controller's settings, and calls
// notify with a lookup's waiter once a read it waited for has ended. Reads
// stop when ctx is done.
func New(ctx context.Context, kube kubernetes.Interface, settings *config.Controller, notify func(waiter string), opts Options) (*Resolver, error) {
	mirrors, err := ParseMirrors(settings.RegistryMirrors)
	if err != nil {
		return nil, err
	}
	overrides := make(map[string]Config, len(settings.Images))
	for image, c := range settings.Images {
		full, err := Normalize(image)
		if err != nil {
			return nil, err
		}
		overrides[full] = Config{Entrypoint: c.Entrypoint, Cmd: c.Cmd}
	}
	opts = withDefaults(opts)
	return &Resolver{
		ctx:       ctx,
		secrets:   secretSource{kube: kube},
		overrides: overrides,
		mirrors:   mirrors,
		notify:    notify,
		opts:      opts,
		refs:      newBoundedCache[refEntry](opts.MaxEntries),
		configs:   newBoundedCache[Config](opts.MaxEntries),
		reading:   map[string]map[string]bool{},
	}, nil
}

func withDefaults(o Options) Options {
	if o.TagTTL <= 0 {
		o.TagTTL = DefaultTagTTL
	}
	if o.FailureTTL <= 0 {
		o.FailureTTL = DefaultFailureTTL
	}
	if o.MaxEntries <= 0 {
		o.MaxEntries = DefaultMaxEntries
	}
	if o.ReadTime <= 0 {
		o.ReadTime = DefaultReadTime
	}
	if o.RetryDelays == nil {
		o.RetryDelays = DefaultRetryDelays
	}
	if o.Transport == nil {
		o.Transport = http.DefaultTransport
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Lookup returns the image's config when it is known. Otherwise ok is
// false and, unless err says the image cannot be read, a read runs in the
// background; notify(waiter) is called when it ends. Lookup never waits
// for a registry.
func (r *Resolver) Lookup(req Request, waiter string) (Config, bool, error) {
	image, err := Normalize(req.Image)
	if err != nil {
		return Config{}, false, err
	}
	if c, ok := r.overrides[image]; ok {
		return c, true, nil
	}
	key := req.Namespace + " " + image
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.opts.Now()
	if entry, ok := r.refs.get(key, now); ok {
		if entry.err != nil {
			return Config{}, false, entry.err
		}
		if c, ok := r.configs.get(entry.digest, now); ok {
			return c, true, nil
		}
	}
	waiters, reading := r.reading[key]
	if !reading {
		waiters = map[string]bool{}
		r.reading[key] = waiters
		go r.resolve(key, image, req)
	}
	if waiter != "" {
		waiters[waiter] = true
	}
	return Config{}, false, nil
}

// resolve reads one image, keeps the outcome and tells its waiters.
func (r *Resolver) resolve(key, image string, req Request) {
	digest, c, err := r.readWithRetries(image, req)
	r.mu.Lock()
	now := r.opts.Now()
	if err != nil {
		r.refs.put(key, refEntry{err: err}, now.Add(r.opts.FailureTTL))
	} else {
		r.configs.put(digest, c, time.Time{})
		expires := now.Add(r.opts.TagTTL)
		if strings.Contains(image, "@") {
			expires = time.Time{}
		}
		r.refs.put(key, refEntry{digest: digest}, expires)
	}
	waiters := r.reading[key]
	delete(r.reading, key)
	r.mu.Unlock()
	for waiter := range waiters {
		r.notify(waiter)
	}
}

// cached returns the config of a digest read before.
func (r *Resolver) cached(digest string) (Config, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.configs.get(digest, r.opts.Now())
}

// readWithRetries reads an image, again after each retry delay while its
// registry does not answer.
func (r *Resolver) readWithRetries(image string, req Request) (string, Config, error) {
	for attempt := 0; ; attempt++ {
		digest, c, err := r.read(image, req)
		if err == nil || !isTransient(err) || attempt >= len(r.opts.RetryDelays) {
			return digest, c, describe(image, err)
		}
		select {
		case <-r.ctx.Done():
			return "", Config{}, describe(image, r.ctx.Err())
		case <-time.After(r.opts.RetryDelays[attempt]):
		}
	}
}

// read reads an image's digest and, unless that digest is cached, its config.
func (r *Resolver) read(image string, req Request) (string, Config, error) {
	ctx, cancel := context.WithTimeout(r.ctx, r.opts.ReadTime)
	defer cancel()
	keychain, err := r.secrets.keychain(ctx, req)
	if err != nil {
		return "", Config{}, err
	}
	src, err := source(image, r.mirrors)
	if err != nil {
		return "", Config{}, err
	}
	return readImage(ctx, src, keychain, r.opts.Transport, r.cached)
}
