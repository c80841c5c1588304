#!/usr/bin/env bash
# Runs every benchmark on loopback, prints one table and writes bench/RESULTS.md.
#   bench/run.sh            the default run (about 40 minutes on 2 cores; figure 8 starts 50 JVMs)
#   bench/run.sh --long     adds the 10-minute idle false-positive check
#   bench/run.sh --runs N   N runs per figure instead of 5; --only 1,2 runs some figures only
# Never run by CI or by the tests. Every process it starts is stopped when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v erl >/dev/null 2>&1; then
  echo "Installing Erlang/OTP from Debian (erlang-base) for the side-by-side figures"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends erlang-base
fi

# Erlang's TLS distribution (inet_tls), for the mutual-TLS rows of figures 2 and 7.
if ! erl -noshell -eval 'halt(case application:load(ssl) of ok -> 0; _ -> 1 end).' >/dev/null 2>&1; then
  echo "Installing Erlang/OTP's ssl application (erlang-ssl) for the TLS rows"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends erlang-ssl
fi
command -v openssl >/dev/null 2>&1 || apt-get install -y -qq --no-install-recommends openssl

# The figures are only as good as the machine is quiet: wait a little for other work to finish.
for _ in $(seq 1 20); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  if awk -v l="$load" 'BEGIN { exit !(l < 1.0) }'; then break; fi
  echo "Load average is $load; waiting for a quieter machine (up to 5 minutes in all)"
  sleep 15
done

echo "Building the sample app, the harness and the baseline apps"
# clean: a repackaged jar is otherwise left with the libraries of its previous build
./mvnw -q -B -ntp -pl sample-app,bench/harness,bench/baseline-app,bench/baseline-actuator-app -am clean package -DskipTests
mkdir -p bench/harness/target/erlang
erlc -o bench/harness/target/erlang bench/erlang/*.erl

harness=$(ls bench/harness/target/cluster-bench-*.jar | grep -v -- '-sources' | head -n 1)
exec java -Xmx512m -cp "$harness:$(cat bench/harness/target/classpath.txt)" io.clusterboot.bench.Bench "$@"
