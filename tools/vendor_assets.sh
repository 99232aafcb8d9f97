#!/usr/bin/env bash
# Fetch the browser assets the website serves itself (MathJax, require.js, the widget manager), and
# the accessibility checker the browser test injects into every page (axe-core, never published),
# from the npm registry, check them against pinned integrity hashes, and unpack what the site
# needs into _vendor/. The built website then makes no request to any other host.
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=_vendor
STAMP="$DEST/.complete"
PINS=(
  "mathjax@3.2.2 sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw=="
  "@jupyter-widgets/html-manager@1.0.6 sha512-+Mn+Ra8wyIHrYaUpfmf9A3dsLkt/NuwzPQN8sthdxBD35VV5cOJbpmgMhNR27n/rmP3mKyEe0PWCJrtZrXTXDQ=="
  "requirejs@2.3.7 sha512-DouTG8T1WanGok6Qjg2SXuCMzszOo0eHeH9hDZ5Y4x8Je+9JB38HdTLT4/VA8OaUhBa0JPVHJ0pyBkM1z+pDsw=="
  "axe-core@4.14.1 sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
)
if [[ -f "$STAMP" && "$(cat "$STAMP")" == "${PINS[*]}" ]]; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "npm not found: installing Debian's npm to fetch the website's assets" >&2
  apt-get update -qq && apt-get install -y -qq npm >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for pin in "${PINS[@]}"; do
  spec=${pin% *}; want=${pin#* }
  tgz=$(cd "$work" && npm pack --silent "$spec")
  got="sha512-$(openssl dgst -sha512 -binary "$work/$tgz" | base64 -w0)"
  if [[ "$got" != "$want" ]]; then
    echo "integrity mismatch for $spec: $got" >&2; exit 1
  fi
  mkdir -p "$work/${tgz%.tgz}" && tar -xzf "$work/$tgz" -C "$work/${tgz%.tgz}"
done
rm -rf "$DEST" && mkdir -p "$DEST/widgets" "$DEST/axe"
cp -r "$work"/mathjax-3.2.2/package/es5 "$DEST/mathjax"
cp "$work"/jupyter-widgets-html-manager-1.0.6/package/dist/embed-amd.js "$DEST/widgets/"
cp "$work"/jupyter-widgets-html-manager-1.0.6/package/dist/*.woff* "$DEST/widgets/" 2>/dev/null || true
cp "$work"/jupyter-widgets-html-manager-1.0.6/package/dist/*.{eot,ttf,svg} "$DEST/widgets/" 2>/dev/null || true
cp "$work"/requirejs-2.3.7/package/require.js "$DEST/widgets/"
# Only tests/test_site_browser.py loads axe; _config.yml keeps the axe/ folder off the website.
cp "$work"/axe-core-4.14.1/package/axe.min.js "$DEST/axe/"
echo "${PINS[*]}" > "$STAMP"
echo "vendored browser assets into $DEST/"
