#!/usr/bin/env bash
# Refreshes the vendored ECharts under templates/assets/vendor/.
#
# The generated site must work offline, so ECharts ships inside the binary
# instead of coming from a CDN. This script is the only way those files
# change: bump ECHARTS_VERSION, run `go generate ./templates/`, review the
# diff and commit it. It needs npm (and so node) and openssl, and goes
# through whatever registry npm is configured for; no host is named here so
# that a mirror works unchanged.
set -euo pipefail

ECHARTS_VERSION="6.1.0"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/templates/assets/vendor"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

die() {
	echo "vendor-echarts: $*" >&2
	exit 1
}

# fetch SPEC DIR: downloads SPEC with npm pack and unpacks it into DIR.
# The integrity is asked for separately from the download so that a tarball
# altered in a cache or in transit is caught, not just a truncated one.
fetch() {
	local spec="$1" dir="$2" want got tarball
	want="$(npm view "$spec" dist.integrity)"
	[[ "$want" == sha512-* ]] || die "unexpected integrity for $spec: '$want' (want sha512-...)"

	mkdir -p "$dir"
	tarball="$(cd "$dir" && npm pack --silent --ignore-scripts "$spec" | tail -n 1)"
	tarball="$dir/$tarball"
	[[ -f "$tarball" ]] || die "npm pack did not produce a tarball for $spec"

	got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w 0)"
	if [[ "$got" != "$want" ]]; then
		die "integrity mismatch for $spec: registry says $want, tarball is $got"
	fi
	tar -xzf "$tarball" -C "$dir"
	echo "vendor-echarts: $spec verified ($got)" >&2
}

fetch "echarts@${ECHARTS_VERSION}" "$work/echarts"
pkg="$work/echarts/package"

# The minified build carries no version in its banner, only in the
# `echarts.version` assignment; the templates test reads that same spot, so
# a mislabelled tarball is stopped here before anything is written.
if ! grep -qF ".version=\"${ECHARTS_VERSION}\"" "$pkg/dist/echarts.min.js"; then
	die "dist/echarts.min.js does not declare version ${ECHARTS_VERSION}"
fi

# dist/echarts.min.js bundles zrender, which is BSD-3-Clause and whose
# licence the echarts package does not carry; the binary-form clause asks
# for its notice to travel with the copy, so it is fetched for that alone.
zrender="$(node -e 'process.stdout.write(require(process.argv[1]).dependencies.zrender || "")' "$pkg/package.json")"
[[ -n "$zrender" ]] || die "echarts@${ECHARTS_VERSION} declares no zrender dependency"
fetch "zrender@${zrender}" "$work/zrender"

section() {
	printf '\n\n========================================================================\n%s\n========================================================================\n\n' "$1"
	cat "$2"
}

# Apache-2.0 asks that NOTICE travel with redistributed copies, and the
# LICENSE points at licenses/ for the bundled d3 code, so all of them are
# kept in the one licence file that ships beside echarts.min.js.
{
	cat "$pkg/LICENSE"
	if [[ -f "$pkg/NOTICE" ]]; then
		section "NOTICE" "$pkg/NOTICE"
	fi
	if [[ -d "$pkg/licenses" ]]; then
		for f in "$pkg"/licenses/*; do
			if [[ -f "$f" ]]; then
				section "licenses/$(basename "$f")" "$f"
			fi
		done
	fi
	section "zrender ${zrender} (bundled in dist/echarts.min.js): LICENSE" "$work/zrender/package/LICENSE"
} >"$work/ECHARTS-LICENSE"

mkdir -p "$dest"
cp "$pkg/dist/echarts.min.js" "$dest/echarts.min.js"
cp "$work/ECHARTS-LICENSE" "$dest/ECHARTS-LICENSE"
printf '%s\n' "$ECHARTS_VERSION" >"$dest/VERSION"

echo "vendor-echarts: wrote echarts ${ECHARTS_VERSION} into ${dest#"$root"/}" >&2
