#!/usr/bin/env bash
# The Testcontainers path of the test services, run for real: makes sure a Docker
# engine answers (installs docker.io and starts dockerd when needed), builds the
# local images from this machine's redis-server and mariadbd (.ci/images/build.sh),
# then runs tests with SESS_TEST_REDIS_URL / SESS_TEST_MYSQL_URL unset so Redis
# and MySQL come from containers started by @sess/conformance/global-setup.
#
# Usage: .ci/containers.sh [services] [redis] [mysql]   (no argument: all three)
#   services  packages/conformance's own service tests (ioredis + mysql2 round trips)
#   redis     the tests of @sess/provider-redis (its conformance run included)
#   mysql     the tests of @sess/provider-mysql (its conformance run included)
# Env: SESS_KEEP_DOCKERD=1 leaves a dockerd this script started running.
# Runs every target, then exits non-zero when any failed; stops every container
# it caused to start.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PNPM=(npx -y pnpm@12.21.0)
REDIS_IMAGE="${SESS_LOCAL_REDIS_IMAGE:-sess-local/redis:7}"
MARIADB_IMAGE="${SESS_LOCAL_MARIADB_IMAGE:-sess-local/mariadb:10.11}"
DOCKERD_WAIT_SECONDS="${SESS_DOCKERD_WAIT_SECONDS:-60}"
TEST_TIMEOUT="${SESS_CONTAINERS_TEST_TIMEOUT:-900}"
DOCKERD_LOG="${TMPDIR:-/tmp}/sess-dockerd.log"
dockerd_pid=""

log() { echo "[containers] $*"; }
die() { echo "[containers] error: $*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

targets=("$@")
[ "${#targets[@]}" -eq 0 ] && targets=(services redis mysql)
for target in "${targets[@]}"; do
  case "$target" in services | redis | mysql) ;; *) die "unknown target '$target' (expected services, redis, mysql)" ;; esac
done

ensure_dockerd() {
  if docker info >/dev/null 2>&1; then
    log "Docker engine already running"
    return
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    command -v apt-get >/dev/null 2>&1 || die "no dockerd and no apt-get: install a Docker engine"
    [ "$(id -u)" = 0 ] || die "no dockerd: run as root to install docker.io, or install a Docker engine"
    log "installing docker.io with apt-get"
    timeout 600 apt-get update -qq </dev/null >/dev/null
    DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq docker.io </dev/null >/dev/null \
      || die "apt-get install docker.io failed"
  fi
  command -v docker >/dev/null 2>&1 || die "dockerd is installed but the docker client is not"
  log "starting dockerd (log: $DOCKERD_LOG)"
  dockerd </dev/null >"$DOCKERD_LOG" 2>&1 &
  dockerd_pid=$!
  local waited=0
  until docker info >/dev/null 2>&1; do
    if ! kill -0 "$dockerd_pid" 2>/dev/null; then
      tail -n 20 "$DOCKERD_LOG" >&2
      die "dockerd exited while starting"
    fi
    if [ "$waited" -ge "$((DOCKERD_WAIT_SECONDS * 2))" ]; then
      tail -n 20 "$DOCKERD_LOG" >&2
      die "dockerd did not answer within ${DOCKERD_WAIT_SECONDS} s"
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
}

# Containers of our images that Testcontainers started and nobody stopped.
leftover_containers() {
  docker ps -aq --filter label=org.testcontainers=true --filter "ancestor=$REDIS_IMAGE" 2>/dev/null || true
  docker ps -aq --filter label=org.testcontainers=true --filter "ancestor=$MARIADB_IMAGE" 2>/dev/null || true
}

cleanup() {
  local status=$? ids
  ids="$(leftover_containers | sort -u)"
  if [ -n "$ids" ]; then
    log "removing containers the tests left behind: $(echo "$ids" | tr '\n' ' ')"
    # shellcheck disable=SC2086
    docker rm -f $ids >/dev/null 2>&1 || true
    [ "$status" -eq 0 ] && status=1 && echo "[containers] error: the tests did not stop their containers" >&2
  fi
  if [ -n "$dockerd_pid" ] && [ "${SESS_KEEP_DOCKERD:-0}" != 1 ]; then
    log "stopping the dockerd this script started (pid $dockerd_pid)"
    kill "$dockerd_pid" 2>/dev/null || true
    local i
    for i in $(seq 1 60); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.5; done
  fi
  if [ "$status" -eq 0 ]; then log "OK"; else log "FAILED (exit $status)"; fi
  exit "$status"
}
trap cleanup EXIT

t=$(now); ensure_dockerd; log "Docker engine ready in $(since "$t")"
t=$(now); "$ROOT/.ci/images/build.sh" redis mariadb; log "images ready in $(since "$t")"

# Only these variables decide where the services come from. Ryuk's image cannot
# be pulled here; the tests' own teardown stops the containers (checked below).
# This machine has /.dockerenv, which makes Testcontainers look for a bridge
# gateway (or pull alpine to find one): the engine runs right here, so loopback.
# PostgreSQL has no local image here: it keeps SESS_TEST_POSTGRES_URL when set, else the
# global setup falls back to a private postgres process.
test_env=(env -u SESS_TEST_REDIS_URL -u SESS_TEST_MYSQL_URL -u SESS_TEST_SERVICES
  "SESS_TEST_REDIS_IMAGE=$REDIS_IMAGE" "SESS_TEST_MYSQL_IMAGE=$MARIADB_IMAGE"
  TESTCONTAINERS_RYUK_DISABLED=true
  "TESTCONTAINERS_HOST_OVERRIDE=${TESTCONTAINERS_HOST_OVERRIDE:-127.0.0.1}" CI=true)

filters=(--filter=@sess/conformance...)
for target in "${targets[@]}"; do
  case "$target" in
    redis) filters+=(--filter=@sess/provider-redis...) ;;
    mysql) filters+=(--filter=@sess/provider-mysql...) ;;
  esac
done
t=$(now)
"${PNPM[@]}" exec turbo run build "${filters[@]}" --output-logs=errors-only </dev/null || die "build failed"
log "packages built in $(since "$t")"

failed=()
for target in "${targets[@]}"; do
  t=$(now)
  case "$target" in
    services)
      log "running @sess/conformance's service tests with Testcontainers"
      if ! (cd packages/conformance && "${test_env[@]}" SESS_TEST_EXPECT_CONTAINERS=1 \
        timeout "$TEST_TIMEOUT" "${PNPM[@]}" exec vitest run --config vitest.services.config.ts </dev/null); then
        failed+=("@sess/conformance (service tests)")
      fi
      ;;
    redis | mysql)
      log "running @sess/provider-$target's tests with Testcontainers"
      if ! "${test_env[@]}" timeout "$TEST_TIMEOUT" "${PNPM[@]}" --filter "@sess/provider-$target" test </dev/null; then
        failed+=("@sess/provider-$target")
      fi
      ;;
  esac
  log "$target done in $(since "$t")"
done
[ "${#failed[@]}" -eq 0 ] || die "failed on the container path: ${failed[*]}"
