#!/usr/bin/env bash
# Builds the local test images sess-local/redis:7 and sess-local/mariadb:10.11
# from this machine's own redis-server and mariadbd (no image registry needed):
# a small root file system with the server, the libraries ldd lists, /bin/sh,
# cat/awk/grep (Testcontainers' port check) and an entrypoint, loaded with
# `docker import`. Idempotent: an image whose fingerprint label matches the
# binaries and these files is kept. Usage: .ci/images/build.sh [redis] [mariadb]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REDIS_IMAGE="${SESS_LOCAL_REDIS_IMAGE:-sess-local/redis:7}"
MARIADB_IMAGE="${SESS_LOCAL_MARIADB_IMAGE:-sess-local/mariadb:10.11}"
STEP_TIMEOUT="${SESS_IMAGE_BUILD_TIMEOUT:-300}"
PATH_IN_IMAGE="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

log() { echo "[images] $*" >&2; }
die() { echo "[images] error: $*" >&2; exit 1; }

need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 not found on this machine ($2)"
}

# A fresh root file system with the usr-merged layout of Debian 12.
new_root() {
  local root
  root="$(mktemp -d "${TMPDIR:-/tmp}/sess-image.XXXXXX")"
  mkdir -p "$root"/usr/{bin,sbin,lib,lib64} "$root"/{etc,tmp,data,var/lib} "$root/usr/local/lib/sess"
  chmod 1777 "$root/tmp"
  ln -s usr/bin "$root/bin"; ln -s usr/sbin "$root/sbin"
  ln -s usr/lib "$root/lib"; ln -s usr/lib64 "$root/lib64"
  printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
  printf 'root:x:0:\n' > "$root/etc/group"
  echo "$root"
}

# Copies a file and every library `ldd` lists for it (dynamic loader included).
copy_with_libs() {
  local root="$1" src="$2" dest="$3" lib
  mkdir -p "$root$(dirname "$dest")"
  cp -L "$src" "$root$dest"
  for lib in $(ldd "$src" 2>/dev/null | awk '$3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
    [ -e "$root$lib" ] && continue
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
}

add_shell_tools() {
  local root="$1"
  copy_with_libs "$root" "$(command -v dash)" /usr/bin/sh
  copy_with_libs "$root" "$(command -v cat)" /usr/bin/cat
  copy_with_libs "$root" "$(command -v grep)" /usr/bin/grep
  copy_with_libs "$root" "$(readlink -f "$(command -v awk)")" /usr/bin/awk
  # glibc loads libgcc_s with dlopen (thread exit/cancel), so ldd may not list it.
  local gcc_s
  gcc_s="$(ldconfig -p | awk '/libgcc_s.so.1 .*x86-64/ { print $NF; exit }')"
  [ -n "$gcc_s" ] && copy_with_libs "$root" "$gcc_s" "$gcc_s"
}

fingerprint() {
  cat "$@" "${BASH_SOURCE[0]}" | sha256sum | cut -c1-16
}

image_is_current() {
  local image="$1" want="$2" have
  have="$(docker image inspect -f '{{ index .Config.Labels "sess.fingerprint" }}' "$image" 2>/dev/null || true)"
  [ "$have" = "$want" ]
}

import_root() {
  local root="$1" image="$2" print="$3"; shift 3
  local changes=(--change "ENV PATH=$PATH_IN_IMAGE" --change "LABEL sess.fingerprint=$print")
  local c
  for c in "$@"; do changes+=(--change "$c"); done
  tar -C "$root" -c . | timeout "$STEP_TIMEOUT" docker import "${changes[@]}" - "$image" >/dev/null \
    || die "docker import of $image failed"
}

build_redis() {
  need redis-server "apt-get install redis-server"
  local bin print root
  bin="$(readlink -f "$(command -v redis-server)")"
  print="$(fingerprint "$bin" "$HERE/redis/entrypoint.sh")"
  if image_is_current "$REDIS_IMAGE" "$print"; then
    log "$REDIS_IMAGE is current ($print), kept"; return
  fi
  log "building $REDIS_IMAGE from $(command -v redis-server) ($bin)"
  root="$(new_root)"
  add_shell_tools "$root"
  copy_with_libs "$root" "$bin" /usr/bin/redis-server
  install -m 0755 "$HERE/redis/entrypoint.sh" "$root/entrypoint.sh"
  import_root "$root" "$REDIS_IMAGE" "$print" \
    'ENTRYPOINT ["/entrypoint.sh"]' 'CMD ["redis-server"]' 'WORKDIR /data' 'EXPOSE 6379'
  rm -rf "$root"
  log "built $REDIS_IMAGE"
}

build_mariadb() {
  need mariadbd "apt-get install mariadb-server"
  need mariadb-install-db "apt-get install mariadb-server"
  local bin share print root
  bin="$(readlink -f "$(command -v mariadbd)")"
  share=/usr/share/mysql
  [ -f "$share/english/errmsg.sys" ] || share=/usr/share/mariadb
  [ -f "$share/english/errmsg.sys" ] || die "MariaDB's english/errmsg.sys not found in /usr/share/mysql or /usr/share/mariadb"
  print="$(fingerprint "$bin" "$HERE/mariadb/entrypoint.sh" "$HERE/mariadb/init-sql.awk")"
  if image_is_current "$MARIADB_IMAGE" "$print"; then
    log "$MARIADB_IMAGE is current ($print), kept"; return
  fi
  log "building $MARIADB_IMAGE from $bin"
  root="$(new_root)"
  add_shell_tools "$root"
  copy_with_libs "$root" "$bin" /usr/sbin/mariadbd
  mkdir -p "$root/usr/share/mysql" "$root/usr/lib/mysql/plugin"
  cp -r "$share/english" "$share/charsets" "$root/usr/share/mysql/"
  install -m 0755 "$HERE/mariadb/entrypoint.sh" "$root/entrypoint.sh"
  install -m 0644 "$HERE/mariadb/init-sql.awk" "$root/usr/local/lib/sess/init-sql.awk"
  log "initialising the data directory with mariadb-install-db"
  timeout "$STEP_TIMEOUT" mariadb-install-db --no-defaults --user=root --basedir=/usr \
    --datadir="$root/var/lib/mysql" --auth-root-authentication-method=normal \
    --skip-test-db --skip-name-resolve >"$root/tmp/install-db.log" 2>&1 \
    || { cat "$root/tmp/install-db.log" >&2; die "mariadb-install-db failed"; }
  rm -f "$root/tmp/install-db.log"
  import_root "$root" "$MARIADB_IMAGE" "$print" \
    'ENTRYPOINT ["/entrypoint.sh"]' 'CMD ["mariadbd"]' 'EXPOSE 3306'
  rm -rf "$root"
  log "built $MARIADB_IMAGE"
}

need docker "apt-get install docker.io"
docker info >/dev/null 2>&1 || die "the Docker engine does not answer (docker info failed); start dockerd first"

targets=("$@")
[ "${#targets[@]}" -eq 0 ] && targets=(redis mariadb)
for target in "${targets[@]}"; do
  case "$target" in
    redis) build_redis ;;
    mariadb | mysql) build_mariadb ;;
    *) die "unknown image '$target' (expected redis or mariadb)" ;;
  esac
done
