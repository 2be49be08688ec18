#!/bin/sh
# The entry point of the stand-in curlimages/curl image, shaped like the
# real one's: with no arguments it runs the CMD (curl); arguments that start
# with an option are curl's ("-s URL" runs "curl -s URL"); anything else is a
# command to run ("sh -c ...", "curl URL").
set -eu
if [ $# -eq 0 ]; then
  set -- curl
elif [ "${1#-}" != "$1" ]; then
  set -- curl "$@"
fi
exec "$@"
