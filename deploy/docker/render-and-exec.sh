#!/bin/sh
# Container entrypoint: render a config template, then become the program.
#   render-and-exec TEMPLATE OUTPUT PROGRAM [ARG...]
# Only the ${NAME} placeholders found in TEMPLATE are replaced (with envsubst), so any
# other '$' in a config survives. A placeholder whose variable is not set at all stops
# the start with its name: a typo must not render as an empty setting. Set-but-empty
# is allowed (ICECAST_CHANGEOWNER is empty on purpose in the images).
set -eu

if [ "$#" -lt 3 ]; then
  echo "usage: render-and-exec TEMPLATE OUTPUT PROGRAM [ARG...]" >&2
  exit 64
fi
template=$1
output=$2
shift 2

if [ ! -r "$template" ]; then
  echo "render-and-exec: cannot read template $template" >&2
  exit 66
fi

# shellcheck disable=SC2016 # the quotes are the literal '${' the grep looks for
names=$(grep -o '\${[A-Za-z_][A-Za-z0-9_]*}' "$template" | tr -d '${}' | sort -u)
missing=''
formats=''
for name in $names; do
  printenv "$name" >/dev/null || missing="$missing $name"
  formats="$formats \${$name}"
done
if [ -n "$missing" ]; then
  echo "render-and-exec: $template needs unset variable(s):$missing" >&2
  exit 78
fi

# The rendered file may hold passwords: readable by the service's own user only
# (in a subshell, so the program keeps the image's umask for the files it writes).
(
  umask 077
  envsubst "$formats" <"$template" >"$output.tmp"
)
mv "$output.tmp" "$output"
exec "$@"
