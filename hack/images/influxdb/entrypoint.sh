#!/bin/sh
# The entry point of the stand-in influxdb:1.2 image, shaped like the real
# one's: arguments that start with an option are influxd's ("-config FILE"
# runs "influxd -config FILE"); anything else is a command to run.
set -eu
if [ $# -eq 0 ]; then
  set -- influxd
elif [ "${1#-}" != "$1" ]; then
  set -- influxd "$@"
fi
exec "$@"
