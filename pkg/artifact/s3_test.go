package artifact

import (
	"context"
	"errors"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"

	"github.com/weft-dev/weft/pkg/executor"
)

// listKeys lists every key of the location's bucket.
func listKeys(t *testing.T, d Drivers, loc executor.S3Location) []string {
	t.Helper()
	client, err := d.s3Client(&loc)
	must(t, err)
	var out []string
	for obj := range client.ListObjects(context.Background(), loc.Bucket, minio.ListObjectsOptions{Recursive: true}) {
		must(t, obj.Err)
		out = append(out, obj.Key)
	}
	sort.Strings(out)
	return out
}

func TestS3SavesAndLoads(t *testing.T) {
	tree := map[string]string{"a.txt": "A", "sub/": "", "sub/b.txt": "B"}
	tests := []struct {
		name     string
		archive  string
		root     string
		keys     []string
		want     map[string]string
		loadAs   string
		wantTree map[string]string
	}{
		{name: "tar of a directory", root: "dir", keys: []string{"k"}, wantTree: tree},
		{name: "tar of a file", archive: executor.ArchiveTarGzip, root: "dir/a.txt", keys: []string{"k"}, wantTree: map[string]string{".": "A"}},
		{name: "zip of a directory", archive: executor.ArchiveZip, root: "dir", keys: []string{"k"}, loadAs: executor.ArchiveZip, wantTree: tree},
		{name: "a file as it is", archive: executor.ArchiveNone, root: "dir/sub/b.txt", keys: []string{"k"}, wantTree: map[string]string{".": "B"}},
		{name: "a directory as it is", archive: executor.ArchiveNone, root: "dir", keys: []string{"k/a.txt", "k/sub/b.txt"}, wantTree: tree},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc, d := fakeS3(t)
			loc.Key = "k"
			src := t.TempDir()
			writeTree(t, filepath.Join(src, "dir"), tree)
			out := executor.ArtifactSpec{Name: "o", Path: filepath.Join(src, tt.root), Archive: tt.archive, Location: executor.ArtifactLocation{S3: &loc}}
			must(t, d.Save(context.Background(), out))
			if got := listKeys(t, d, loc); strings.Join(got, " ") != strings.Join(tt.keys, " ") {
				t.Fatalf("keys %v, want %v", got, tt.keys)
			}
			path := filepath.Join(t.TempDir(), "in")
			in := executor.ArtifactSpec{Name: "i", Path: path, Archive: tt.loadAs, Location: executor.ArtifactLocation{S3: &loc}}
			must(t, d.Load(context.Background(), in))
			sameTree(t, readTree(t, path), tt.wantTree)
		})
	}
}

func TestS3LargeUploadUsesParts(t *testing.T) {
	loc, d := fakeS3(t)
	loc.Key = "big.bin"
	src := filepath.Join(t.TempDir(), "big.bin")
	data := strings.Repeat("0123456789abcdef", (11<<20)/16)
	writeTree(t, filepath.Dir(src), map[string]string{"big.bin": data})
	for _, archive := range []string{executor.ArchiveNone, executor.ArchiveTarGzip} {
		level := 0
		must(t, d.Save(context.Background(), executor.ArtifactSpec{Name: "o", Path: src, Archive: archive, CompressionLevel: &level, Location: executor.ArtifactLocation{S3: &loc}}))
		path := filepath.Join(t.TempDir(), "in")
		must(t, d.Load(context.Background(), executor.ArtifactSpec{Name: "i", Path: path, Location: executor.ArtifactLocation{S3: &loc}}))
		if got := readTree(t, path)["."]; got != data {
			t.Fatalf("%s: loaded %d bytes, want %d", archive, len(got), len(data))
		}
	}
}

func TestS3MissingKeyIsNotFound(t *testing.T) {
	loc, d := fakeS3(t)
	loc.Key = "nothing/here"
	err := d.Load(context.Background(), executor.ArtifactSpec{Name: "i", Path: filepath.Join(t.TempDir(), "x"), Location: executor.ArtifactLocation{S3: &loc}})
	if !errors.Is(err, executor.ErrArtifactNotFound) || !strings.Contains(err.Error(), "no object s3://bucket/nothing/here and no object under s3://bucket/nothing/here/") {
		t.Fatalf("error %v", err)
	}
}

func TestS3MissingBucket(t *testing.T) {
	loc, d := fakeS3(t)
	loc.Bucket, loc.Key = "new-bucket", "k"
	src := t.TempDir()
	writeTree(t, src, map[string]string{"f": "x"})
	out := executor.ArtifactSpec{Name: "o", Path: filepath.Join(src, "f"), Location: executor.ArtifactLocation{S3: &loc}}
	err := d.Save(context.Background(), out)
	if err == nil || !strings.Contains(err.Error(), "uploading to s3://new-bucket/k") {
		t.Fatalf("error %v", err)
	}
	err = d.Load(context.Background(), executor.ArtifactSpec{Name: "i", Path: filepath.Join(t.TempDir(), "x"), Location: executor.ArtifactLocation{S3: &loc}})
	if err == nil || errors.Is(err, executor.ErrArtifactNotFound) {
		t.Fatalf("a missing bucket must not look like a missing artifact: %v", err)
	}
	loc.CreateBucketIfNotPresent = true
	must(t, d.Save(context.Background(), out))
	if got := listKeys(t, d, loc); len(got) != 1 || got[0] != "k" {
		t.Fatalf("keys %v", got)
	}
}

func TestS3Delete(t *testing.T) {
	loc, d := fakeS3(t)
	src := t.TempDir()
	writeTree(t, src, map[string]string{"dir/a": "a", "dir/b/c": "c", "file": "f"})
	save := func(key, path, archive string) {
		l := loc
		l.Key = key
		must(t, d.Save(context.Background(), executor.ArtifactSpec{Name: key, Path: filepath.Join(src, path), Archive: archive, Location: executor.ArtifactLocation{S3: &l}}))
	}
	save("keep", "file", "")
	save("wf/file.tgz", "file", "")
	save("wf/dir", "dir", executor.ArchiveNone)
	save("wf/dirx", "file", executor.ArchiveNone)
	for _, key := range []string{"wf/file.tgz", "wf/dir", "wf/dir", "wf/never"} {
		l := loc
		l.Key = key
		must(t, d.Delete(context.Background(), executor.ArtifactSpec{Name: key, Location: executor.ArtifactLocation{S3: &l}}))
	}
	if got := listKeys(t, d, loc); strings.Join(got, " ") != "keep wf/dirx" {
		t.Fatalf("keys left %v", got)
	}
}

func TestS3CredentialFiles(t *testing.T) {
	loc, d := fakeS3(t)
	loc.Key = "k"
	loc.SecretKeyFile = filepath.Join(t.TempDir(), "missing")
	err := d.Load(context.Background(), executor.ArtifactSpec{Name: "i", Path: filepath.Join(t.TempDir(), "x"), Location: executor.ArtifactLocation{S3: &loc}})
	if err == nil || !strings.Contains(err.Error(), "reading the S3 secret key") {
		t.Fatalf("error %v", err)
	}
}

func TestOnlyS3CanBeSavedOrDeleted(t *testing.T) {
	d := Drivers{}
	a := executor.ArtifactSpec{Name: "o", Path: t.TempDir(), Location: executor.ArtifactLocation{HTTP: &executor.HTTPLocation{URL: "http://127.0.0.1:1/"}}}
	if err := d.Save(context.Background(), a); err == nil || !strings.Contains(err.Error(), "only be saved to S3, not to a http location") {
		t.Fatalf("save: %v", err)
	}
	if err := d.Delete(context.Background(), a); err == nil || !strings.Contains(err.Error(), "only S3 artifacts can be deleted") {
		t.Fatalf("delete: %v", err)
	}
}

func TestS3OverPlainHTTP(t *testing.T) {
	loc, d := fakeS3Plain(t)
	loc.Key = "plain/file"
	src := t.TempDir()
	writeTree(t, src, map[string]string{"f": "over http"})
	a := executor.ArtifactSpec{Name: "o", Path: filepath.Join(src, "f"), Archive: executor.ArchiveNone, Location: executor.ArtifactLocation{S3: &loc}}
	must(t, d.Save(context.Background(), a))
	path := filepath.Join(t.TempDir(), "in")
	must(t, d.Load(context.Background(), executor.ArtifactSpec{Name: "i", Path: path, Location: a.Location}))
	sameTree(t, readTree(t, path), map[string]string{".": "over http"})
}
