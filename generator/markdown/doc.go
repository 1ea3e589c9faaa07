// Package markdown turns the free-text notes of a ledger (remarks, issue
// descriptions, page introductions) into HTML that can be put in a page as
// is. It is the only package that imports goldmark, so that the rules below
// live in one place and the rest of tuijin sees only [template.HTML].
//
// The dialect is CommonMark with the GitHub tables, strikethrough and bare
// URL autolinks. What differs from goldmark's defaults, and why:
//
//   - Raw HTML is not markup here. The parsers for HTML blocks and inline
//     HTML are left out, so "<script>" or "<a href=…>" in a note is ordinary
//     text and reaches the page escaped, exactly as it was typed; nothing is
//     silently dropped as goldmark's "raw HTML omitted" comment would do.
//   - Link and image destinations are checked against an allow-list: http,
//     https, mailto and relative URLs. Any other scheme (javascript:, data:,
//     vbscript:, file:, ftp:, …), however it is disguised with case, leading
//     spaces or control characters, entities or backslash escapes, and
//     scheme-relative URLs ("//host/…", which open as file://host/… when the
//     site is read from disk) lose the attribute: the element is kept with
//     its text but has no href (links) or no src (images), so nothing points
//     anywhere. Dropping it beats "#": an <a> without href is not a link at
//     all, and an <img> without src makes no request.
//   - Headings get no id attributes, so output never depends on anything but
//     the input; the output of [Render] is byte-for-byte deterministic.
//   - A soft line break between two Chinese characters is dropped instead of
//     becoming a space, because ledger notes are often typed with hard
//     returns mid-sentence and browsers would show them as stray gaps.
package markdown
