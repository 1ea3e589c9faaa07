// Package serve is the preview behind `tuijin serve`: it builds the site
// into a private temporary folder, serves it on a loopback address, watches
// the data folder, rebuilds when a workbook, a Markdown page or site.toml
// changes, and makes the open browser tabs reload.
//
// The built files on disk are exactly what `tuijin build` writes. The
// reload script is added only to the HTML responses of this server, as one
// <script src="/__tuijin/reload.js"> before </body>; the script listens to
// Server-Sent Events at /__tuijin/events.
//
// It is the only importer of fsnotify. It listens on loopback addresses
// only and answers only requests addressed to one (a guard against DNS
// rebinding): a preview is for the person at this machine, and the data it
// shows is not yet published.
package serve
