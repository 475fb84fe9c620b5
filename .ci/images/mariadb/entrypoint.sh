#!/bin/sh
# Entrypoint of the local MariaDB image (sess-local/mariadb). The data directory
# was initialised when the image was built; here the MYSQL_* variables that
# @testcontainers/mysql (and the official mysql image) use become an init file
# that mariadbd runs before it accepts connections.
set -e
awk -f /usr/local/lib/sess/init-sql.awk > /tmp/init.sql
if [ "$#" -gt 0 ] && [ "$1" != "mariadbd" ] && [ "$1" != "mysqld" ]; then
  exec "$@"
fi
[ "$#" -gt 0 ] && shift
exec /usr/sbin/mariadbd --no-defaults --user=root \
  --basedir=/usr --datadir=/var/lib/mysql \
  --lc-messages-dir=/usr/share/mysql --character-sets-dir=/usr/share/mysql/charsets \
  --plugin-dir=/usr/lib/mysql/plugin \
  --bind-address=0.0.0.0 --port=3306 --socket=/tmp/mysqld.sock --pid-file=/tmp/mysqld.pid \
  --skip-name-resolve --performance-schema=OFF --innodb-buffer-pool-size=64M \
  --init-file=/tmp/init.sql "$@"
