# line-protocol.awk: turns InfluxDB line protocol
#   measurement[,tag=value...] field=value[,field=value...] [timestamp]
# into the stand-in's store: one line a point, tab-separated: the time in
# nanoseconds (20 digits), the measurement, the tags and the fields, each
# tag and field as key US json-value, joined by RS and sorted by key.
# Blank lines and # comments are skipped. Variables: now (nanoseconds, for
# points without a timestamp) and precision (n, ns, u, ms or s). On the
# first line it cannot parse it prints InfluxDB's message on stderr, prints
# nothing on stdout and exits 1.
function fail(line, reason) {
  printf "unable to parse '%s': %s", line, reason > "/dev/stderr"
  failed = 1
  exit 1
}
function json(text) {
  gsub(/\\/, "\\\\", text); gsub(/"/, "\\\"", text); gsub(/\t/, "\\t", text)
  return "\"" text "\""
}
# split_unescaped(text, parts, sep, quotes): splits text on sep characters
# that are not escaped by a backslash (nor inside double quotes when quotes
# is set), keeping the escapes; returns the number of parts.
function split_unescaped(text, parts, sep, quotes,    n, i, c, cur, inq) {
  n = 0; cur = ""; inq = 0
  for (i = 1; i <= length(text); i++) {
    c = substr(text, i, 1)
    if (c == "\\" && i < length(text)) { cur = cur c substr(text, i + 1, 1); i++; continue }
    if (quotes && c == "\"") inq = !inq
    if (c == sep && !inq) { parts[++n] = cur; cur = ""; continue }
    cur = cur c
  }
  parts[++n] = cur
  return n
}
function unescape(text) {
  gsub(/\\,/, ",", text); gsub(/\\=/, "=", text); gsub(/\\ /, " ", text)
  return text
}
# key_value(item, kv): splits key=value on the first unescaped "=".
function key_value(item, kv,    i, c) {
  for (i = 1; i <= length(item); i++) {
    c = substr(item, i, 1)
    if (c == "\\") { i++; continue }
    if (c == "=") { kv[1] = substr(item, 1, i - 1); kv[2] = substr(item, i + 1); return 1 }
  }
  return 0
}
function field_json(line, key, v,    s) {
  if (v ~ /^"([^"\\]|\\.)*"$/) {
    s = substr(v, 2, length(v) - 2)
    gsub(/\\"/, "\"", s); gsub(/\\\\/, "\\", s)
    return json(s)
  }
  if (v ~ /^[-+]?[0-9]+i$/) { sub(/i$/, "", v); sub(/^\+/, "", v); sub(/^-?0+/, (v ~ /^-/ ? "-" : ""), v); return v == "" || v == "-" ? "0" : v }
  if (v ~ /^(t|T|true|True|TRUE)$/) return "true"
  if (v ~ /^(f|F|false|False|FALSE)$/) return "false"
  if (v ~ /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/) {
    sub(/^\+/, "", v)
    if (v ~ /[eE]/) return sprintf("%.15g", v + 0)
    if (v ~ /\./) { sub(/0+$/, "", v); sub(/\.$/, "", v) }
    if (v ~ /^-?\./) sub(/\./, "0.", v)
    sub(/^-?0+/, (v ~ /^-/ ? "-" : ""), v)
    if (v == "" || v == "-" || v ~ /^-?\./) v = (v ~ /^-/ ? "-0" : "0") substr(v, (v ~ /^-/ ? 2 : 1))
    if (v == "-0") v = "0"
    return v
  }
  fail(line, "invalid field format: " key "=" v)
}
# sorted_pairs(keys, values, n): "key US value" joined by RS, by key.
function sorted_pairs(keys, values, n,    i, j, t, out) {
  for (i = 2; i <= n; i++)
    for (j = i; j > 1 && keys[j - 1] > keys[j]; j--) {
      t = keys[j]; keys[j] = keys[j - 1]; keys[j - 1] = t
      t = values[j]; values[j] = values[j - 1]; values[j - 1] = t
    }
  out = ""
  for (i = 1; i <= n; i++) out = out (i > 1 ? "\036" : "") json(keys[i]) "\037" values[i]
  return out
}
BEGIN {
  zeros["n"] = ""; zeros["ns"] = ""; zeros["u"] = "000"; zeros["ms"] = "000000"; zeros["s"] = "000000000"
  if (!(precision in zeros)) {
    printf "precision must be one of n, u, ms or s in this stand-in, not \"%s\"", precision > "/dev/stderr"
    failed = 1
    exit 1
  }
}
{
  line = $0
  sub(/\r$/, "", line)
  if (line ~ /^[ \t]*(#|$)/) next
  if (index(line, "\t")) fail(line, "tabs are not allowed in this stand-in")
  nsec = split_unescaped(line, section, " ", 1)
  if (nsec < 2 || section[2] == "") fail(line, "missing fields")
  if (nsec > 3) fail(line, "bad timestamp")
  ntags = split_unescaped(section[1], tag, ",", 0)
  measurement = unescape(tag[1])
  if (measurement == "") fail(line, "missing measurement")
  delete tkeys; delete tvalues
  for (i = 2; i <= ntags; i++) {
    if (!key_value(tag[i], kv) || kv[1] == "" || kv[2] == "") fail(line, "missing tag key or value")
    tkeys[i - 1] = unescape(kv[1]); tvalues[i - 1] = json(unescape(kv[2]))
  }
  nfields = split_unescaped(section[2], field, ",", 1)
  delete fkeys; delete fvalues
  for (i = 1; i <= nfields; i++) {
    if (!key_value(field[i], kv) || kv[1] == "" || kv[2] == "") fail(line, "missing field key or value")
    fkeys[i] = unescape(kv[1]); fvalues[i] = field_json(line, fkeys[i], kv[2])
  }
  if (nsec == 3 && section[3] != "") {
    if (section[3] !~ /^[0-9]+$/) fail(line, "bad timestamp")
    ts = section[3] zeros[precision]
  } else {
    ts = now
  }
  sub(/^0+/, "", ts)
  if (length(ts) > 19) fail(line, "time outside range")
  ts = substr("00000000000000000000", 1, 20 - length(ts)) ts
  out[++points] = ts "\t" measurement "\t" sorted_pairs(tkeys, tvalues, ntags - 1) "\t" sorted_pairs(fkeys, fvalues, nfields)
}
END {
  if (failed) exit 1
  for (i = 1; i <= points; i++) print out[i]
}
