#!/usr/bin/env bash
# Runs the JMH benchmarks against a throwaway cluster and writes benchmarks/RESULTS.md and speedup.png.
# Assumes ./wormhole build has run (the extension installed, the agent and the benchmarks built).
#   benchmarks/bench.sh [--quick] [--only REGEX]   --quick: short iterations, about 35 minutes on 2 cores;
#                                                  --only: just the matching benchmarks, JMH summary, no report
#                                                  (CallCost, RowsBench, InterleavedBench: their section and
#                                                  verdicts printed)
#   benchmarks/bench.sh --load                     the figures under load (LoadFigures: 16 and 48 clients, a fast
#                                                  restart under 48), printed and written into RESULTS.md; about 5
#                                                  minutes (LOAD_ONLY=restart: the restart alone, not written;
#                                                  RESTART_WAY=plain_jdbc or plpgsql: the restart made by that way)
#   benchmarks/bench.sh --pss                      PSS and RSS per backend with 1, 10 and 50 JVMs (PssProbe)
# PG_OPTS adds server options to every mode, e.g. PG_OPTS="-c wormhole.max_starting_vms=4".
set -euo pipefail
cd "$(dirname "$0")/.."
# The private PostgreSQL layout ./wormhole build made, holding this tree's extension.
PG_BIN=$PWD/target/pgroot/usr/lib/postgresql/15/bin
DIR=$(mktemp -d /tmp/wormhole-bench.XXXXXX)
chmod 755 "$DIR"
as=()
if [ "$(id -u)" = 0 ]; then chown postgres "$DIR"; as=(runuser -u postgres --); fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"${as[@]}" "$PG_BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
"${as[@]}" "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=60 -c shared_buffers=256MB -c synchronous_commit=off -c shared_preload_libraries=wormhole ${PG_OPTS:-}" start >/dev/null
trap '"${as[@]}" "$PG_BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1; rm -rf "$DIR"' EXIT
psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -c "CREATE EXTENSION wormhole"
if [ "${1:-}" = --load ]; then
  java -javaagent:"$PWD/agent/target/wormhole-agent.jar" -cp "$(cat benchmarks/target/classpath.txt):benchmarks/target/classes" \
    ${LOAD_ONLY:+-Dload.only=$LOAD_ONLY} ${RESTART_WAY:+-Dload.restartWay=$RESTART_WAY} -Dload.results="$PWD/benchmarks/RESULTS.md" io.wormhole.benchmarks.LoadFigures "$PORT" "${as[@]}" "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log"
  exit
fi
if [ "${1:-}" = --pss ]; then
  java -javaagent:"$PWD/agent/target/wormhole-agent.jar" -cp "$(cat benchmarks/target/classpath.txt):benchmarks/target/classes" \
    io.wormhole.benchmarks.PssProbe "$PORT"
  exit
fi
# An idle vCPU of this kind of machine halts, and waking it costs the hypervisor tens of microseconds that a
# round trip pays or not as the scheduler happens to place the client and its backend: one lookup by plain pgJDBC
# took 12 us in some iterations and 80 us in others. Asking the kernel for no idle-exit latency (the PM QoS request
# that latency tuning uses; held while this descriptor is open) keeps idle CPUs polling instead, and every way then
# pays the same fast wake-up. server-loader/native/README.md, fifteenth round, has the figures both ways.
IDLE="the kernel's idle CPUs halt (no PM QoS request could be made: not root)"
if [ -w /dev/cpu_dma_latency ]; then
  exec 9>/dev/cpu_dma_latency
  printf 0 >&9
  IDLE="idle CPUs poll instead of halting: the run holds a PM QoS request of 0 us on /dev/cpu_dma_latency"
fi
java -Dbench.idle="$IDLE" -cp "$(cat benchmarks/target/classpath.txt):benchmarks/target/classes" io.wormhole.benchmarks.BenchMain \
  "$PORT" "$PWD/agent/target/wormhole-agent.jar" benchmarks "$@"
