# statement.awk: reads one InfluxQL statement and prints "create NAME" for
# CREATE DATABASE <name> or "select MEASUREMENT" for SELECT * FROM
# <measurement> (names bare or in double quotes, keywords in any case, an
# optional trailing semicolon); exits 1 for anything else.
function name(text,    unquoted) {
  if (text ~ /^"([^"\\]|\\.)+"$/) {
    unquoted = substr(text, 2, length(text) - 2)
    gsub(/\\"/, "\"", unquoted)
    gsub(/\\\\/, "\\", unquoted)
    return unquoted
  }
  if (text ~ /^[A-Za-z_][A-Za-z0-9_]*$/) return text
  return ""
}
BEGIN { RS = "\001" }
{
  q = $0
  gsub(/[ \t\r\n]+/, " ", q)
  sub(/^ /, "", q)
  sub(/ ?;? ?$/, "", q)
  upper = toupper(q)
  if (upper ~ /^CREATE DATABASE [^ ]+$/) {
    n = name(substr(q, 17))
    if (n != "") { print "create " n; found = 1 }
  } else if (upper ~ /^SELECT \* FROM [^ ]+$/) {
    n = name(substr(q, 15))
    if (n != "") { print "select " n; found = 1 }
  }
}
END { exit found ? 0 : 1 }
