// Package codec encodes the build's own data — parsed workbooks, ledgers —
// to bytes and back, for the build cache and the packed history.
//
// It replaces encoding/gob there. gob describes its types in every stream,
// decodes every value through general reflection and writes the same text
// out again each time it recurs; decoding the cache was a tenth of a
// rebuild's CPU time, and packing and unpacking earlier months' ledgers a
// quarter of a twelve-month one's. Here each Go type is compiled once into a
// plan over its fields, and each encoded value carries a table of its
// strings: a text is written the first time it occurs and referred to by
// number afterwards, so files are small and the decoded value shares one
// copy of each text, as a workbook read from scratch does.
//
// # What is carried
//
// Booleans, integers of every width, floats, strings, structs, arrays,
// slices and maps whose keys are strings or integers, named or not: a
// value's kind decides how it is written, not its methods. Nil and empty
// slices and maps stay apart. Unexported fields are neither written nor
// read, as with gob: a decoded value has them zero, so a type whose
// unexported fields matter must be encoded when they are zero (ledger.File
// is cached before DropRows, which is what sets them). Pointers,
// interfaces, funcs, channels, complex numbers and recursive types are
// refused when the type is first used, with an error naming the field.
//
// # Format
//
// A version byte (Version), eight bytes of a hash of the type's layout
// (field names and kinds, so bytes of one type are never decoded as
// another), then the value: fields in order, integers as varints (signed
// ones zig-zagged), floats as eight little-endian bytes, booleans as one
// byte, slices and maps as a count plus one (zero for nil), map entries in
// the order of their keys so that equal values give equal bytes, and each
// string as a varint s: s = 0 is "", an odd s introduces a new text of
// s>>1 bytes that follow, an even s refers to the (s>>1)th new text so
// far.
//
// # Damaged data
//
// Decode never panics, whatever the bytes, and allocates at most a
// multiple of their number that depends only on the type: every count is
// checked against the bytes that remain (an element of a slice or map
// takes at least one byte, and a type whose elements could take none is
// refused), every integer against its field's width, every string
// reference against the table. It returns an error that wraps ErrCorrupt
// instead, and leaves the value as it was.
//
// # Why unsafe
//
// A plan reaches fields by the offsets reflect gives and writes them
// through typed pointers; slices and maps are made and stored by reflect,
// which knows their element types. Going through reflect.Value for every
// field made decoding the cache about a third slower.
package codec
