# select.awk: answers SELECT * FROM <measurement> from the stand-in's store
# (see line-protocol.awk), read in time order, as InfluxDB 1.x's JSON: one
# series named after the measurement, columns "time" and then every tag and
# field key in order, a row a point (null where a point lacks a key).
# Variables: measurement, and epoch ("" for RFC3339 times, else n, ns, u, ms
# or s for integer times in that unit).
function time_value(ts,    secs, frac, cut) {
  sub(/^0+/, "", ts)
  ts = substr("0000000000", 1, 10 - length(ts)) ts
  if (epoch != "") {
    cut = (epoch == "u") ? 3 : (epoch == "ms") ? 6 : (epoch == "s") ? 9 : 0
    ts = substr(ts, 1, length(ts) - cut)
    sub(/^0+/, "", ts)
    return ts == "" ? "0" : ts
  }
  secs = substr(ts, 1, length(ts) - 9)
  frac = substr(ts, length(ts) - 8)
  sub(/0+$/, "", frac)
  return "\"" strftime("%Y-%m-%dT%H:%M:%S", secs + 0) (frac == "" ? "" : "." frac) "Z\""
}
function take(pairs, row,    n, i, p, kv) {
  if (pairs == "") return
  n = split(pairs, p, "\036")
  for (i = 1; i <= n; i++) {
    split(p[i], kv, "\037")
    row[kv[1]] = kv[2]
    if (!(kv[1] in seen)) { seen[kv[1]] = 1; keys[++nkeys] = kv[1] }
  }
}
BEGIN { FS = "\t" }
$2 == measurement {
  points++
  times[points] = time_value($1)
  delete row
  take($3, row)
  take($4, row)
  for (k in row) cell[points, k] = row[k]
}
END {
  if (points == 0) { print "{\"results\":[{\"statement_id\":0}]}"; exit }
  for (i = 2; i <= nkeys; i++)
    for (j = i; j > 1 && keys[j - 1] > keys[j]; j--) { t = keys[j]; keys[j] = keys[j - 1]; keys[j - 1] = t }
  name = measurement
  gsub(/\\/, "\\\\", name); gsub(/"/, "\\\"", name)
  printf "{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"%s\",\"columns\":[\"time\"", name
  for (i = 1; i <= nkeys; i++) printf ",%s", keys[i]
  printf "],\"values\":["
  for (p = 1; p <= points; p++) {
    printf "%s[%s", (p > 1 ? "," : ""), times[p]
    for (i = 1; i <= nkeys; i++) printf ",%s", ((p, keys[i]) in cell) ? cell[p, keys[i]] : "null"
    printf "]"
  }
  print "]}]}]}"
}
