#!/usr/bin/env bash
# The cluster recipe: three `neosl serve` replicas on one PostgreSQL store and one Redis, behind
# nginx, all on 127.0.0.1, started in the background by this one script (stop-cluster.sh stops
# them). Every file it makes is under the state folder: PostgreSQL's data (when no --postgres URL
# is given), Redis's, each replica's local folder and log, nginx's configuration and logs, the
# cluster's secret key and its deploy token.
#
#   start-cluster.sh [--state DIR] [--postgres URL] [--ports P1,P2,P3] [--http-port N]
#                    [--redis-port N] [--postgres-port N]
#
# Defaults: --state .neosl/cluster, replicas on 8081,8082,8083, nginx on 8080, Redis on 6390, a
# PostgreSQL of its own on 5433. The neosl command is $NEOSL_BIN (default: neosl on the PATH).
# Then: NEOSL_TOKEN=$(cat DIR/token) neosl deploy --target http://127.0.0.1:8080
set -euo pipefail

state=.neosl/cluster
postgres_url=""
replica_ports=8081,8082,8083
http_port=8080
redis_port=6390
postgres_port=5433
neosl=${NEOSL_BIN:-neosl}

while [ "$#" -gt 0 ]; do
  case $1 in
    --state) state=$2; shift 2 ;;
    --postgres) postgres_url=$2; shift 2 ;;
    --ports) replica_ports=$2; shift 2 ;;
    --http-port) http_port=$2; shift 2 ;;
    --redis-port) redis_port=$2; shift 2 ;;
    --postgres-port) postgres_port=$2; shift 2 ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "start-cluster.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$state"
state=$(cd "$state" && pwd)
# Run as root, PostgreSQL (as "postgres") and nginx's workers (as "nobody") must reach into it.
[ "$(id -u)" != 0 ] || chmod 755 "$state"
IFS=, read -r -a ports <<<"$replica_ports"

fail() {
  echo "start-cluster.sh: $*" >&2
  exit 1
}
need() {
  command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || fail "$1 is not installed ($2)"
}
need nginx "apt-get install nginx"
need redis-server "apt-get install redis-server"
command -v "$neosl" >/dev/null 2>&1 || fail "the neosl command \"$neosl\" is not found: install neosl, or set NEOSL_BIN to it"
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

# Waits until `$2` (a command) succeeds, up to $1 seconds.
wait_for() {
  local seconds=$1
  shift
  for _ in $(seq 1 $((seconds * 10))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  return 1
}

# PostgreSQL: the given URL, or a cluster of the recipe's own (initdb once; trust auth for the
# user "neosl" on 127.0.0.1 only). PostgreSQL refuses to run as root: then it runs as "postgres".
if [ -z "$postgres_url" ]; then
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || fail "PostgreSQL is not installed (apt-get install postgresql), or give --postgres postgres://…"
  as_pg=()
  if [ "$(id -u)" = 0 ]; then as_pg=(runuser -u postgres --); fi
  pg_data=$state/postgres
  if [ ! -f "$pg_data/PG_VERSION" ]; then
    mkdir -p "$pg_data"
    [ "$(id -u)" = 0 ] && chown postgres: "$pg_data"
    "${as_pg[@]}" "$pg_bin/initdb" -D "$pg_data" -U neosl -A trust -E UTF8 --locale=C >"$state/postgres-initdb.log" 2>&1 \
      || fail "initdb failed, see $state/postgres-initdb.log"
  fi
  if "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_data" status >/dev/null 2>&1; then
    # Already running (start-cluster.sh run again): on the port it was started with.
    postgres_port=$(sed -n 4p "$pg_data/postmaster.pid")
  else
    "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w -t 30 \
      -o "-p $postgres_port -k $pg_data -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null \
      || fail "PostgreSQL did not start on 127.0.0.1:$postgres_port, see $pg_data/server.log"
  fi
  "$pg_bin/psql" -h 127.0.0.1 -p "$postgres_port" -U neosl -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'neosl'" | grep -q 1 \
    || "$pg_bin/psql" -h 127.0.0.1 -p "$postgres_port" -U neosl -d postgres -qc 'CREATE DATABASE neosl' \
    || fail "cannot create the database neosl on 127.0.0.1:$postgres_port"
  postgres_url=postgres://neosl@127.0.0.1:$postgres_port/neosl
fi

# Redis: the cache every replica shares (functions' context.cache.redis).
mkdir -p "$state/redis"
if ! { [ -f "$state/redis.pid" ] && kill -0 "$(cat "$state/redis.pid")" 2>/dev/null; }; then
  redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$state/redis" --daemonize yes \
    --pidfile "$state/redis.pid" --logfile "$state/redis.log" --save "" --appendonly no >/dev/null \
    || fail "redis-server did not start, see $state/redis.log"
  wait_for 10 test -s "$state/redis.pid" || fail "redis-server did not start on 127.0.0.1:$redis_port, see $state/redis.log"
fi
redis_url=redis://127.0.0.1:$redis_port

# The key that encrypts the store's secrets (every replica the same) and a token for neosl deploy.
umask 077
[ -s "$state/secret.key" ] || od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$state/secret.key"
if [ ! -s "$state/token" ]; then
  NEOSL_SECRET_KEY=$(cat "$state/secret.key") "$neosl" serve token create cluster --store "$postgres_url" >"$state/token.tmp" \
    || fail "could not create a deploy token in the store"
  mv "$state/token.tmp" "$state/token"
fi
umask 022

# The replicas: each its own local folder and log; NEOSL_REDIS_URL is the cache of a deployed
# project whose neosl.yaml names no cache.redis.url.
health() {
  curl -fsS -o /dev/null "http://127.0.0.1:$1/_neosl/health"
}
for port in "${ports[@]}"; do
  pid_file=$state/replica-$port.pid
  if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then continue; fi
  NEOSL_REDIS_URL=$redis_url nohup "$neosl" serve --store "$postgres_url" --port "$port" \
    --secret-key-file "$state/secret.key" --local-dir "$state/replica-$port" \
    >"$state/replica-$port.log" 2>&1 </dev/null &
  echo $! >"$pid_file"
done
for port in "${ports[@]}"; do
  wait_for 60 health "$port" || fail "the replica on port $port did not become healthy, see $state/replica-$port.log"
done

# nginx in front: its own configuration and pid file under the state folder.
mkdir -p "$state/nginx"
chmod 755 "$state/nginx"
conf=$("$here/render-nginx-conf.sh" "$state/nginx" "$http_port" "${ports[@]}")
"$nginx_bin" -t -q -c "$conf" -p "$state/nginx/" || fail "nginx rejected $conf"
if [ -f "$state/nginx/nginx.pid" ] && [ -s "$state/nginx/nginx.pid" ] && kill -0 "$(cat "$state/nginx/nginx.pid")" 2>/dev/null; then
  "$nginx_bin" -c "$conf" -p "$state/nginx/" -s reload
else
  "$nginx_bin" -c "$conf" -p "$state/nginx/" || fail "nginx did not start, see $state/nginx/logs/error.log"
fi
wait_for 10 health "$http_port" || fail "nginx does not answer on 127.0.0.1:$http_port, see $state/nginx/logs/error.log"

masked_url=$(echo "$postgres_url" | sed -E 's#(://[^:/@]+):[^@]*@#\1:***@#')
cat <<DONE
neosl cluster up:
  http://127.0.0.1:$http_port     nginx → replicas on ${ports[*]}
  store      $masked_url
  cache      $redis_url
  state      $state (logs: replica-<port>.log)
Deploy:  NEOSL_TOKEN=\$(cat $state/token) neosl deploy --target http://127.0.0.1:$http_port
Stop:    $here/stop-cluster.sh --state $state
DONE
