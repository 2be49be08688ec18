package executor

// ArtifactSpec is one input or output artifact of a step, its location fully
// resolved by the engine: keys rendered, the repository's defaults applied,
// and every credential replaced by the path of a file mounted from its
// Secret. The executor never talks to the Kubernetes API.
type ArtifactSpec struct {
	// Name is the artifact's name in the template.
	Name string `json:"name"`
	// Path is the file or directory in the container: where an input is
	// placed, or what an output saves. An input's missing parent directories
	// are created; an empty directory already at the path (a volume's mount
	// point) is filled, one that is not empty is an error.
	Path string `json:"path"`
	// Mode is the permission bits (0o755 is 493) given to the placed input
	// path, a file or the top directory; zero keeps the modes the artifact
	// was saved with.
	Mode int32 `json:"mode,omitempty"`
	// Optional makes a missing artifact not an error: an input whose
	// location holds nothing (no S3 object at the key nor under it, an HTTP
	// 404) is not placed and the command runs; an output whose path does not
	// exist is not saved and is in neither Report.SavedArtifacts nor
	// Report.ArtifactErrors.
	Optional bool `json:"optional,omitempty"`
	// Archive is how an output is packed: ArchiveTarGzip (the default when
	// empty; one top-level entry named after the path's base name),
	// ArchiveNone (a single file stored as it is; a directory is stored as one
	// object per file under the key) or ArchiveZip.
	//
	// For an input downloaded from S3 or HTTP it is how the data is
	// unpacked: ArchiveTarGzip and ArchiveZip unpack, ArchiveNone places the
	// data as it is, and empty unpacks the data when it turns out to be a
	// gzip-compressed tar, as Argo does (zip is not detected). The engine
	// passes the archive the artifact was saved with when an input comes
	// from an output, else the input's own archive field.
	Archive string `json:"archive,omitempty"`
	// CompressionLevel is the gzip level for ArchiveTarGzip, -2 (Huffman
	// only) to 9; nil is gzip's default.
	CompressionLevel *int `json:"compressionLevel,omitempty"`
	// SubPath, for inputs, places only this path within the artifact, taken
	// after unpacking (relative to an archive's single top-level entry, so to
	// the saved directory itself).
	SubPath string `json:"subPath,omitempty"`
	// Location is where the artifact is read from or saved to.
	Location ArtifactLocation `json:"location"`
}

// Archive strategies of ArtifactSpec.Archive.
const (
	ArchiveTarGzip = "tar"
	ArchiveNone    = "none"
	ArchiveZip     = "zip"
)

// ArtifactLocation is where an artifact lives: exactly one field is set.
type ArtifactLocation struct {
	// S3 is an object, or a prefix of objects, in an S3-compatible store.
	S3 *S3Location `json:"s3,omitempty"`
	// HTTP is a URL an input is downloaded from.
	HTTP *HTTPLocation `json:"http,omitempty"`
	// Git is a repository an input is cloned from.
	Git *GitLocation `json:"git,omitempty"`
	// Raw is an input's content given in place.
	Raw *RawLocation `json:"raw,omitempty"`
}

// S3Location is an S3 object with its bucket, endpoint and credential files.
type S3Location struct {
	// Endpoint is host:port of the S3 API, without a scheme.
	Endpoint string `json:"endpoint"`
	// Bucket and Key name the object (or the prefix, for ArchiveNone
	// directories: the objects Key + "/" + the file's path). An input is the
	// object at the key or, when there is none, every object under Key + "/".
	Bucket string `json:"bucket"`
	Key    string `json:"key"`
	// Region is the bucket's region; empty lets the client find it.
	Region string `json:"region,omitempty"`
	// Insecure uses plain HTTP; otherwise HTTPS with verified certificates.
	Insecure bool `json:"insecure,omitempty"`
	// AccessKeyFile and SecretKeyFile are files holding the credentials;
	// both empty means anonymous access.
	AccessKeyFile string `json:"accessKeyFile,omitempty"`
	SecretKeyFile string `json:"secretKeyFile,omitempty"`
	// SessionTokenFile holds a session token, when the repository has one.
	SessionTokenFile string `json:"sessionTokenFile,omitempty"`
	// CreateBucketIfNotPresent creates a missing bucket before saving.
	CreateBucketIfNotPresent bool `json:"createBucketIfNotPresent,omitempty"`
}

// HTTPLocation is a URL with its headers and credential files.
type HTTPLocation struct {
	// URL is fetched with GET.
	URL string `json:"url"`
	// Headers are sent with the request.
	Headers []HTTPHeader `json:"headers,omitempty"`
	// UsernameFile and PasswordFile hold basic-auth credentials.
	UsernameFile string `json:"usernameFile,omitempty"`
	PasswordFile string `json:"passwordFile,omitempty"`
}

// HTTPHeader is one request header.
type HTTPHeader struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// GitLocation is a git repository checked out at a revision.
type GitLocation struct {
	// Repo is the repository's URL: git://, http(s)://, ssh:// or
	// user@host:path. The clone is placed with its .git directory.
	Repo string `json:"repo"`
	// Revision is a commit, tag or branch; empty is the default branch.
	Revision string `json:"revision,omitempty"`
	// Branch is cloned alone when SingleBranch is set.
	Branch       string `json:"branch,omitempty"`
	SingleBranch bool   `json:"singleBranch,omitempty"`
	// Depth limits the history fetched; zero fetches all of it.
	Depth int `json:"depth,omitempty"`
	// Fetch are extra refspecs fetched after the clone, before the revision
	// is resolved.
	Fetch []string `json:"fetch,omitempty"`
	// DisableSubmodules skips submodules.
	DisableSubmodules bool `json:"disableSubmodules,omitempty"`
	// InsecureIgnoreHostKey skips SSH host key checking.
	InsecureIgnoreHostKey bool `json:"insecureIgnoreHostKey,omitempty"`
	// InsecureSkipTLS skips TLS verification.
	InsecureSkipTLS bool `json:"insecureSkipTLS,omitempty"`
	// UsernameFile, PasswordFile and SSHPrivateKeyFile hold credentials: with
	// a key, SSH as the user in UsernameFile (default "git"); else HTTP basic
	// auth. Submodules are fetched with the same credentials.
	UsernameFile      string `json:"usernameFile,omitempty"`
	PasswordFile      string `json:"passwordFile,omitempty"`
	SSHPrivateKeyFile string `json:"sshPrivateKeyFile,omitempty"`
}

// RawLocation is content given in place.
type RawLocation struct {
	// Data is written to the artifact's path as a file (mode 0644 unless
	// ArtifactSpec.Mode says otherwise); it is never unpacked.
	Data string `json:"data"`
}
