#!/usr/bin/env bash
# Stops what start-cluster.sh started under the state folder: nginx, the replicas (SIGTERM: they
# finish the requests in flight), Redis, and the recipe's own PostgreSQL. Data stays (start again
# with start-cluster.sh); remove the state folder to forget it.
#
#   stop-cluster.sh [--state DIR]
set -uo pipefail

state=.neosl/cluster
while [ "$#" -gt 0 ]; do
  case $1 in
    --state) state=$2; shift 2 ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "stop-cluster.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -d "$state" ] || { echo "stop-cluster.sh: no cluster state in $state" >&2; exit 1; }
state=$(cd "$state" && pwd)

# SIGTERM to the process in pid file $1, then waits (up to $2 s) for it to end; SIGKILL after that.
stop_pid_file() {
  local file=$1 seconds=$2 pid
  [ -s "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 $((seconds * 10))); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  fi
  rm -f "$file"
}

# nginx first (no new requests reach the replicas), then the replicas, then what they use.
if [ -s "$state/nginx/nginx.pid" ]; then
  stop_pid_file "$state/nginx/nginx.pid" 10
fi
for file in "$state"/replica-*.pid; do
  [ -e "$file" ] && stop_pid_file "$file" 15
done
stop_pid_file "$state/redis.pid" 10
if [ -f "$state/postgres/PG_VERSION" ]; then
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  as_pg=()
  if [ "$(id -u)" = 0 ]; then as_pg=(runuser -u postgres --); fi
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$state/postgres" -m fast -w stop >/dev/null 2>&1 || true
fi
echo "neosl cluster in $state stopped"
