#!/usr/bin/env bash
# A local Redis Cluster of three primaries, each with a replica, from Debian's redis-server and
# redis-cli (packages redis-server and redis-tools). For trying Talk Room on a cluster, and used by
# the test suite (tests/support/redisCluster.ts), so this script is what the tests run.
#
#   scripts/local-cluster.sh start [DIR] [PORT[:BUSPORT] x6]   # default .tmp/cluster, 7000..7005
#   scripts/local-cluster.sh stop [DIR]
#
# Then: REDIS_CLUSTER=127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002 npm start
#
# Each node keeps nothing on disk but its cluster config (no RDB, no AOF), runs in the background
# with its pid in DIR/redis-PORT.pid, and declares a node dead after 1 s (cluster-node-timeout),
# so a killed primary's replica takes over within about 2 s. A shard whose primary is down does not
# stop the others (cluster-require-full-coverage no).
set -euo pipefail

cmd=${1:-}
dir=${2:-.tmp/cluster}
shift $(( $# >= 2 ? 2 : $# ))

nodes=("$@")
[ ${#nodes[@]} -eq 0 ] && nodes=(7000 7001 7002 7003 7004 7005)

case "$cmd" in
  start)
    if [ ${#nodes[@]} -ne 6 ]; then echo "give six ports (three primaries, three replicas)" >&2; exit 2; fi
    # One absolute path from here on: redis-server wants absolute paths (it changes into --dir), and
    # "$PWD/$dir" was wrong for an absolute DIR unless the script ran from /.
    dir=$(mkdir -p "$dir" && CDPATH= cd -- "$dir" && pwd)
    ports=()
    for node in "${nodes[@]}"; do
      port=${node%%:*}
      bus=${node#*:}
      [ "$bus" = "$node" ] && bus=$((port + 10000))
      ports+=("$port")
      redis-server --port "$port" --cluster-port "$bus" --bind 127.0.0.1 --daemonize yes \
        --cluster-enabled yes --cluster-config-file "$dir/nodes-$port.conf" \
        --cluster-node-timeout 1000 --cluster-require-full-coverage no \
        --save "" --appendonly no --repl-diskless-sync-delay 0 --dir "$dir" \
        --pidfile "$dir/redis-$port.pid" --logfile "$dir/redis-$port.log"
    done
    # Polling a condition with a deadline: each node answers, then the cluster is whole.
    wait_for() { # description, command...
      local what=$1; shift
      for _ in $(seq 1 300); do "$@" >/dev/null 2>&1 && return 0; sleep 0.05; done
      echo "timed out waiting for $what" >&2; exit 1
    }
    for port in "${ports[@]}"; do wait_for "node $port" redis-cli -p "$port" ping; done
    addresses=()
    for port in "${ports[@]}"; do addresses+=("127.0.0.1:$port"); done
    redis-cli --cluster create "${addresses[@]}" --cluster-replicas 1 --cluster-yes >"$dir/create.log"
    cluster_ok() { for p in "${ports[@]}"; do redis-cli -p "$p" cluster info | grep -q 'cluster_state:ok' || return 1; done; }
    wait_for "cluster_state:ok" cluster_ok
    # Replicas in sync with their primaries: only then can a primary's death be survived.
    replicas_up() {
      local n=0
      for p in "${ports[@]}"; do
        info=$(redis-cli -p "$p" info replication)
        if grep -q 'role:slave' <<<"$info"; then grep -q 'master_link_status:up' <<<"$info" || return 1; n=$((n + 1)); fi
      done
      [ "$n" -eq 3 ]
    }
    wait_for "replicas in sync" replicas_up
    seeds=$(IFS=,; echo "${addresses[*]:0:3}")
    echo "REDIS_CLUSTER=$seeds"
    ;;
  stop)
    for pidfile in "$dir"/redis-*.pid; do
      [ -e "$pidfile" ] || continue
      kill "$(cat "$pidfile")" 2>/dev/null || true
      rm -f "$pidfile"
    done
    ;;
  *)
    echo "usage: $0 start|stop [DIR] [PORT[:BUSPORT] x6]" >&2
    exit 2
    ;;
esac
