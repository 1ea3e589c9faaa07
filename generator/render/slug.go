package render

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"
)

// unitPath is the page of a unit. Unit names come from file names and cover
// sheets, so they may be anything ("../../etc", "CON", NFD twins): the path
// is made of a hash of the name alone.
func unitPath(name string) string {
	if p, ok := unitPaths.Load(name); ok {
		return p.(string)
	}
	p := "units/u-" + shortHash(name) + ".html"
	unitPaths.Store(name, p)
	return p
}

// unitPaths keeps each unit's page path by name: every row of the project
// lists links to its unit, and hashing the name again for each of tens of
// thousands of rows was a quarter of making the lists. A site has one entry
// per unit; a process that builds many (tuijin serve) keeps the units of
// all of them, which are few.
var unitPaths sync.Map

// projectPath is the page of a project. Codes are validated to [0-9A-Z-]
// (1–40 characters) before they get here; names Windows reserves for
// devices get a suffix so the site can be copied to any file system. The
// suffix is "_", which no code has: "-p" made CON's page CON-p.html, the
// same file as CON-P's where case does not count (Windows, macOS).
func projectPath(code string) string {
	if reservedName(code) {
		code += "_"
	}
	return "projects/" + code + ".html"
}

// pagePath is the page of a Markdown file: its base name when that is plain
// ASCII, otherwise a hash.
func pagePath(base string) string {
	ok := base != "" && len(base) <= 60 && !reservedName(base)
	for _, c := range base {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			ok = false
		}
	}
	if !ok {
		base = "p-" + shortHash(base)
	}
	return "pages/" + base + ".html"
}

func shortHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:5])
}

func reservedName(s string) bool {
	switch strings.ToUpper(s) {
	case "CON", "PRN", "AUX", "NUL",
		"COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		return true
	}
	return false
}

// rel returns the relative link from the page at from to the file at to,
// both slash-separated paths from the site root, so the site works from
// file:// and from any sub-path of a web server.
func rel(from, to string) string {
	depth := strings.Count(from, "/")
	return strings.Repeat("../", depth) + to
}
