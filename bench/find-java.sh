# Sourced by bench/run.sh and bench/soak.sh: find_java prints a java of JDK 21 or newer ($JAVA if set,
# then $JAVA_HOME, then /usr/lib/jvm), or exits; the `java` on the PATH may be older.
find_java() {
  if [[ -n "${JAVA:-}" ]]; then echo "$JAVA"; return; fi
  local c v
  for c in "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/*/bin/java; do
    [[ -x "$c" ]] || continue
    v=$("$c" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [[ -n "$v" && "$v" -ge 21 ]]; then echo "$c"; return; fi
  done
  echo "$(basename -- "$0"): no JDK >= 21 found; set JAVA" >&2
  exit 1
}
