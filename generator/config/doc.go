// Package config reads the optional data/site.toml: the site's title and
// base URL, the units expected to submit (with their command centre and
// display order), the warning-light thresholds and the monthly reserve
// target. The tool works without the file; every key has a default.
//
// Decoding is strict: a key the format does not know and a value of the
// wrong type or range are errors that name the key, because a typo in a
// threshold would otherwise silently change every light on the site.
package config
