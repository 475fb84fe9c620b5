# Writes the init file for mariadbd from the MYSQL_* environment variables.
# mariadbd reads the init file one line at a time: one statement per line.
# NO_BACKSLASH_ESCAPES makes '' the only escape needed inside string literals.
function str(s) { gsub(/'/, "''", s); return "'" s "'" }
function ident(s) { gsub(/`/, "``", s); return "`" s "`" }
BEGIN {
  db = ENVIRON["MYSQL_DATABASE"]
  user = ENVIRON["MYSQL_USER"]
  password = ENVIRON["MYSQL_PASSWORD"]
  root = ENVIRON["MYSQL_ROOT_PASSWORD"]
  if ((db user password root) ~ /\n/) {
    print "init-sql.awk: MYSQL_* values must not contain a newline" > "/dev/stderr"
    exit 1
  }
  print "SET SESSION sql_mode = 'NO_BACKSLASH_ESCAPES';"
  print "ALTER USER 'root'@'localhost' IDENTIFIED BY " str(root) ";"
  print "CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY " str(root) ";"
  print "GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;"
  if (db != "") print "CREATE DATABASE IF NOT EXISTS " ident(db) ";"
  if (user != "" && user != "root") {
    print "CREATE USER IF NOT EXISTS " str(user) "@'%' IDENTIFIED BY " str(password) ";"
    if (db != "") print "GRANT ALL PRIVILEGES ON " ident(db) ".* TO " str(user) "@'%';"
  }
  print "FLUSH PRIVILEGES;"
}
