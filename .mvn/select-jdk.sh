# Sourced by ./mvnw and ./mana-ai: point JAVA_HOME at a JDK 21 or newer. The build targets Java 21, and some
# machines (this project's own among them) default to an older Java with a newer JDK installed beside it.
mana_java_major() {
  "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}
mana_java_ok() {
  [ -x "$1" ] && [ "$(mana_java_major "$1")" -ge 21 ] 2>/dev/null
}
if [ -n "${JAVA_HOME:-}" ] && mana_java_ok "$JAVA_HOME/bin/java"; then
  :
elif [ -z "${JAVA_HOME:-}" ] && command -v java >/dev/null 2>&1 && mana_java_ok "$(command -v java)"; then
  :
else
  for mana_jdk in /usr/lib/jvm/temurin-25* /usr/lib/jvm/temurin-2[1-9]* /usr/lib/jvm/*; do
    if mana_java_ok "$mana_jdk/bin/java"; then
      JAVA_HOME=$mana_jdk
      export JAVA_HOME
      break
    fi
  done
fi
