package artifact

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/weft-dev/weft/pkg/executor"
)

// s3Client makes a client for the location's endpoint and credentials.
func (d Drivers) s3Client(loc *executor.S3Location) (*minio.Client, error) {
	accessKey, err := readSecret("S3 access key", loc.AccessKeyFile)
	if err != nil {
		return nil, err
	}
	secretKey, err := readSecret("S3 secret key", loc.SecretKeyFile)
	if err != nil {
		return nil, err
	}
	token, err := readSecret("S3 session token", loc.SessionTokenFile)
	if err != nil {
		return nil, err
	}
	client, err := minio.New(loc.Endpoint, &minio.Options{
		Creds:     credentials.NewStaticV4(accessKey, secretKey, token),
		Secure:    !loc.Insecure,
		Region:    loc.Region,
		Transport: d.S3Transport,
	})
	if err != nil {
		return nil, fmt.Errorf("S3 endpoint %q: %w", loc.Endpoint, err)
	}
	return client, nil
}

func s3URL(bucket, key string) string { return "s3://" + bucket + "/" + key }

// isNoSuchKey tells whether the error is S3's answer for a missing object.
func isNoSuchKey(err error) bool {
	resp := minio.ToErrorResponse(err)
	return resp.Code == minio.NoSuchKey || (resp.StatusCode == http.StatusNotFound && resp.Code != minio.NoSuchBucket)
}

// fetchS3 downloads the object at the key into a file in stage or, when
// there is none, every object under the key as a prefix into a directory in
// stage. Neither wraps executor.ErrArtifactNotFound.
func (d Drivers) fetchS3(ctx context.Context, loc *executor.S3Location, stage string) (string, bool, error) {
	client, err := d.s3Client(loc)
	if err != nil {
		return "", false, err
	}
	if !strings.HasSuffix(loc.Key, "/") {
		_, err := client.StatObject(ctx, loc.Bucket, loc.Key, minio.StatObjectOptions{})
		if err == nil {
			file := filepath.Join(stage, "download")
			return file, true, getObject(ctx, client, loc.Bucket, loc.Key, file)
		}
		if !isNoSuchKey(err) {
			return "", false, fmt.Errorf("%s: %w", s3URL(loc.Bucket, loc.Key), err)
		}
	}
	dir := filepath.Join(stage, "objects")
	found, err := getPrefix(ctx, client, loc.Bucket, prefixOf(loc.Key), dir)
	if err != nil {
		return "", false, err
	}
	if !found {
		return "", false, fmt.Errorf("%w: no object %s and no object under %s", executor.ErrArtifactNotFound, s3URL(loc.Bucket, strings.TrimSuffix(loc.Key, "/")), s3URL(loc.Bucket, prefixOf(loc.Key)))
	}
	return dir, false, nil
}

// prefixOf is the key as a prefix: ending with one slash.
func prefixOf(key string) string { return strings.TrimSuffix(key, "/") + "/" }

// getObject streams an object into a new file.
func getObject(ctx context.Context, client *minio.Client, bucket, key, file string) error {
	obj, err := client.GetObject(ctx, bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return fmt.Errorf("%s: %w", s3URL(bucket, key), err)
	}
	defer func() { _ = obj.Close() }()
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(file, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, obj); err != nil {
		_ = f.Close()
		return fmt.Errorf("%s: %w", s3URL(bucket, key), err)
	}
	return f.Close()
}

// getPrefix downloads every object under the prefix into dir, at its key
// without the prefix, and tells whether there was any.
func getPrefix(ctx context.Context, client *minio.Client, bucket, prefix, dir string) (bool, error) {
	found := false
	for obj := range client.ListObjects(ctx, bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if obj.Err != nil {
			return false, fmt.Errorf("listing %s: %w", s3URL(bucket, prefix), obj.Err)
		}
		rel := strings.TrimPrefix(obj.Key, prefix)
		if rel == "" || strings.HasSuffix(rel, "/") {
			continue
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return false, err
		}
		file, err := prepare(dir, rel)
		if err != nil {
			return false, fmt.Errorf("%s: %w", s3URL(bucket, obj.Key), err)
		}
		if err := getObject(ctx, client, bucket, obj.Key, file); err != nil {
			return false, err
		}
		found = true
	}
	return found, nil
}

// saveS3 saves the file or directory at a.Path to the S3 location.
func (d Drivers) saveS3(ctx context.Context, a executor.ArtifactSpec) error {
	loc := a.Location.S3
	client, err := d.s3Client(loc)
	if err != nil {
		return err
	}
	if loc.CreateBucketIfNotPresent {
		if err := ensureBucket(ctx, client, loc); err != nil {
			return err
		}
	}
	switch a.Archive {
	case "", executor.ArchiveTarGzip:
		return d.putStream(ctx, client, loc, "application/gzip", func(w io.Writer) error {
			return packTarGz(w, a.Path, a.CompressionLevel)
		})
	case executor.ArchiveZip:
		return d.putStream(ctx, client, loc, "application/zip", func(w io.Writer) error {
			return packZip(w, a.Path)
		})
	case executor.ArchiveNone:
		return d.putAsIs(ctx, client, loc, a.Path)
	default:
		return fmt.Errorf("unknown archive %q: use %q, %q or %q", a.Archive, executor.ArchiveTarGzip, executor.ArchiveZip, executor.ArchiveNone)
	}
}

// ensureBucket creates the location's bucket when it does not exist.
func ensureBucket(ctx context.Context, client *minio.Client, loc *executor.S3Location) error {
	exists, err := client.BucketExists(ctx, loc.Bucket)
	if err != nil {
		return fmt.Errorf("checking bucket %q: %w", loc.Bucket, err)
	}
	if exists {
		return nil
	}
	err = client.MakeBucket(ctx, loc.Bucket, minio.MakeBucketOptions{Region: loc.Region})
	if code := minio.ToErrorResponse(err).Code; err != nil && code != "BucketAlreadyOwnedByYou" && code != "BucketAlreadyExists" {
		return fmt.Errorf("creating bucket %q: %w", loc.Bucket, err)
	}
	return nil
}

func (d Drivers) putOptions(contentType string) minio.PutObjectOptions {
	part := d.S3PartSize
	if part == 0 {
		part = DefaultS3PartSize
	}
	return minio.PutObjectOptions{PartSize: part, ContentType: contentType}
}

// errUploadEnded ends the packing of an upload that ended first.
var errUploadEnded = errors.New("the upload ended")

// putStream uploads what pack writes, of unknown size, to the key: one part
// at a time is held in memory.
func (d Drivers) putStream(ctx context.Context, client *minio.Client, loc *executor.S3Location, contentType string, pack func(io.Writer) error) error {
	pr, pw := io.Pipe()
	packed := make(chan error, 1)
	go func() {
		err := pack(pw)
		_ = pw.CloseWithError(err)
		packed <- err
	}()
	_, err := client.PutObject(ctx, loc.Bucket, loc.Key, pr, -1, d.putOptions(contentType))
	_ = pr.CloseWithError(errUploadEnded)
	if packErr := <-packed; packErr != nil && !errors.Is(packErr, errUploadEnded) {
		return fmt.Errorf("packing the artifact: %w", packErr)
	}
	if err != nil {
		return fmt.Errorf("uploading to %s: %w", s3URL(loc.Bucket, loc.Key), err)
	}
	return nil
}

// putAsIs uploads a file to the key, or every regular file of a directory
// under the key as a prefix.
func (d Drivers) putAsIs(ctx context.Context, client *minio.Client, loc *executor.S3Location, path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return d.putFile(ctx, client, loc.Bucket, loc.Key, path)
	}
	prefix := prefixOf(loc.Key)
	return filepath.WalkDir(path, func(p string, e fs.DirEntry, err error) error {
		if err != nil || !e.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(path, p)
		if err != nil {
			return err
		}
		return d.putFile(ctx, client, loc.Bucket, prefix+filepath.ToSlash(rel), p)
	})
}

func (d Drivers) putFile(ctx context.Context, client *minio.Client, bucket, key, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if _, err := client.PutObject(ctx, bucket, key, f, info.Size(), d.putOptions("application/octet-stream")); err != nil {
		return fmt.Errorf("uploading %s to %s: %w", path, s3URL(bucket, key), err)
	}
	return nil
}

// deleteS3 deletes the object at the key and every object under the key as
// a prefix; objects already gone are not an error.
func (d Drivers) deleteS3(ctx context.Context, loc *executor.S3Location) error {
	client, err := d.s3Client(loc)
	if err != nil {
		return err
	}
	key := strings.TrimSuffix(loc.Key, "/")
	if err := client.RemoveObject(ctx, loc.Bucket, key, minio.RemoveObjectOptions{}); err != nil && !isNoSuchKey(err) {
		return fmt.Errorf("deleting %s: %w", s3URL(loc.Bucket, key), err)
	}
	objects := client.ListObjects(ctx, loc.Bucket, minio.ListObjectsOptions{Prefix: prefixOf(key), Recursive: true})
	listed := make(chan minio.ObjectInfo)
	var listErr error
	go func() {
		defer close(listed)
		for obj := range objects {
			if obj.Err != nil {
				listErr = obj.Err
				continue
			}
			listed <- obj
		}
	}()
	var deleteErr error
	for e := range client.RemoveObjects(ctx, loc.Bucket, listed, minio.RemoveObjectsOptions{}) {
		if e.Err != nil && !isNoSuchKey(e.Err) && deleteErr == nil {
			deleteErr = fmt.Errorf("deleting %s: %w", s3URL(loc.Bucket, e.ObjectName), e.Err)
		}
	}
	if deleteErr != nil {
		return deleteErr
	}
	if listErr != nil {
		return fmt.Errorf("listing %s: %w", s3URL(loc.Bucket, prefixOf(key)), listErr)
	}
	return nil
}
