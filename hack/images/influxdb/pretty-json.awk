# pretty-json.awk: indents JSON as InfluxDB does for pretty=true (four
# spaces a level, one member or element a line, a space after each colon).
function newline() { printf "\n%s", substr(pad, 1, 4 * depth) }
BEGIN { RS = "\001"; pad = sprintf("%200s", "") }
{
  text = $0
  n = length(text)
  for (i = 1; i <= n; i++) {
    c = substr(text, i, 1)
    if (instring) {
      printf "%s", c
      if (c == "\\") { i++; printf "%s", substr(text, i, 1) }
      else if (c == "\"") instring = 0
      continue
    }
    if (c == "\"") { instring = 1; printf "%s", c }
    else if (c == "{" || c == "[") {
      closer = (c == "{") ? "}" : "]"
      if (substr(text, i + 1, 1) == closer) { printf "%s%s", c, closer; i++; continue }
      depth++; printf "%s", c; newline()
    }
    else if (c == "}" || c == "]") { depth--; newline(); printf "%s", c }
    else if (c == ",") { printf ","; newline() }
    else if (c == ":") printf ": "
    else if (c !~ /[ \t\r\n]/) printf "%s", c
  }
  printf "\n"
}
