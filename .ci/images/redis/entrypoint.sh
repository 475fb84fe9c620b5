#!/bin/sh
# Entrypoint of the local Redis image (sess-local/redis). @testcontainers/redis
# runs the image with the command "redis-server [args]"; the server must accept
# connections from the Docker bridge, hence --protected-mode no and --bind 0.0.0.0.
# Nothing is persisted: the container is thrown away after the tests.
set -e
if [ "$#" -eq 0 ] || [ "$1" = "redis-server" ]; then
  [ "$#" -gt 0 ] && shift
  exec /usr/bin/redis-server --protected-mode no --bind 0.0.0.0 --port 6379 \
    --save "" --appendonly no "$@"
fi
exec "$@"
