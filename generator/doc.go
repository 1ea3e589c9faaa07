// Package generator builds the site of a data folder: it reads and
// validates the period's workbooks (with the month before as history),
// analyses them, renders every page and data file, and publishes the result
// atomically. Each phase wraps its errors with its name, so a failure says
// where it happened.
//
//	load → analyse → render → publish
package generator
