#!/bin/sh
# The entry point of the stand-in nginx:latest image: like the real image's,
# it runs the command it is given (by default nginx -g "daemon off;").
set -eu
exec "$@"
