// Package artifact moves Weft's artifacts between their locations and the
// files of a step's container: Drivers implements executor.Artifacts.
//
// Inputs are loaded from S3 (an object, or every object under the key as a
// prefix), HTTP (GET), git (a clone at a revision) or raw data given in
// place. Outputs are saved to S3 only. Everything is streamed: an artifact
// is never held in memory, only buffers of bounded size (S3 uploads of
// unknown size use one part of Drivers.S3PartSize at a time).
//
// # Archives
//
// An output is packed as its ArtifactSpec.Archive says:
//
//   - executor.ArchiveTarGzip (the default): a gzip-compressed tar whose one
//     top-level entry is the path's base name (the file, or the directory and
//     everything under it), as Argo packs it.
//   - executor.ArchiveZip: a zip with the same entries.
//   - executor.ArchiveNone: a file is stored as it is; a directory is stored
//     as one object per regular file, at the key, a slash and the file's path
//     within the directory. An empty directory stores nothing.
//
// Symbolic links are stored as links by tar and zip (ArchiveNone skips
// them); sockets, pipes and devices are skipped.
//
// An input downloaded from S3 or HTTP is unpacked as its Archive says: none
// places the data as it is, tar unpacks a gzip-compressed tar, zip unpacks a
// zip, and the empty string unpacks the data when it turns out to be a
// gzip-compressed tar and places it as it is otherwise (as Argo does, zip
// files are not detected: a .zip downloaded over HTTP stays a file unless
// Archive is zip). When an unpacked archive holds a single top-level entry,
// that entry is placed at the artifact's path; otherwise the path becomes a
// directory holding all the entries. SubPath then picks a file or directory
// within what was loaded, and Mode is given to the placed path.
//
// Unpacking refuses an entry whose name, or whose link target, would leave
// the destination ("../x", "/etc/passwd", a link to "../../"): the load fails
// and nothing is placed.
package artifact
