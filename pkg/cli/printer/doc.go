// Package printer renders Weft workflows for people: the header and node tree
// of `weft get` and `weft watch`, the rows of `weft list`, human durations
// and times, and the status glyphs and colors, all from a workflow object and
// an injected clock so that the output is reproducible.
package printer
